/// How a cell looks: foreground, background and modifiers.
public struct Style: Sendable, Hashable {
    /// Text attributes.
    public struct Modifiers: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Modifiers(rawValue: 1)
        public static let dim = Modifiers(rawValue: 2)
        public static let italic = Modifiers(rawValue: 4)
        public static let underline = Modifiers(rawValue: 8)
        public static let reverse = Modifiers(rawValue: 16)

        /// The names a theme uses, with their modifier.
        public static let names: [(String, Modifiers)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underlined", .underline),
            ("underline", .underline), ("reversed", .reverse), ("reverse", .reverse),
        ]
    }

    /// The foreground colour.
    public var fg: Color
    /// The background colour.
    public var bg: Color
    /// Bold, dim, …
    public var modifiers: Modifiers

    /// A style; everything defaults to the terminal's own.
    public init(fg: Color = .default, bg: Color = .default, modifiers: Modifiers = []) {
        self.fg = fg
        self.bg = bg
        self.modifiers = modifiers
    }

    /// The terminal's own colours, no modifiers.
    public static let plain = Style()

    /// This style drawn over `base`: a `default` colour here lets the base's show through.
    public func over(_ base: Style) -> Style {
        Style(fg: fg == .default ? base.fg : fg, bg: bg == .default ? base.bg : bg,
              modifiers: modifiers.union(base.modifiers))
    }
}
