/// How a cell looks: foreground, background and modifiers.
package struct Style: Sendable, Hashable {
    /// Text attributes.
    package struct Modifiers: OptionSet, Sendable, Hashable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let bold = Modifiers(rawValue: 1)
        package static let dim = Modifiers(rawValue: 2)
        package static let italic = Modifiers(rawValue: 4)
        package static let underline = Modifiers(rawValue: 8)
        package static let reverse = Modifiers(rawValue: 16)

        /// The names a theme uses, with their modifier.
        package static let names: [(String, Modifiers)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underlined", .underline),
            ("underline", .underline), ("reversed", .reverse), ("reverse", .reverse),
        ]
    }

    /// The foreground colour.
    package var fg: Color
    /// The background colour.
    package var bg: Color
    /// Bold, dim, …
    package var modifiers: Modifiers

    /// A style; everything defaults to the terminal's own.
    package init(fg: Color = .default, bg: Color = .default, modifiers: Modifiers = []) {
        self.fg = fg
        self.bg = bg
        self.modifiers = modifiers
    }

    /// The terminal's own colours, no modifiers.
    package static let plain = Style()

    /// This style drawn over `base`: a `default` colour here lets the base's show through.
    package func over(_ base: Style) -> Style {
        Style(fg: fg == .default ? base.fg : fg, bg: bg == .default ? base.bg : bg,
              modifiers: modifiers.union(base.modifiers))
    }
}
