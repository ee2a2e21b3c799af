import ToonDB

/// A colour theme: a style for every ``StyleKey``, resolved through the
/// keys' parents, with its colours brought down to what the terminal shows.
/// Loaded from TOML by ``ThemeLoader``; the format is toondb-themes(5).
package struct Theme: Sendable {
    /// The theme's name (`default-dark`, …).
    package var name: String
    /// `dark` or `light`.
    package var variant: String
    /// The styles the theme sets, before fallback to parents.
    package var styles: [StyleKey: Style]

    /// A theme with these styles.
    package init(name: String, variant: String = "dark", styles: [StyleKey: Style]) {
        self.name = name
        self.variant = variant
        self.styles = styles
    }

    /// The style of `key`: its own, or its nearest parent's, drawn over `ui.text`.
    package func style(_ key: StyleKey) -> Style {
        var k: StyleKey? = key
        while let cur = k {
            if let s = styles[cur] { return cur == .text ? s : s.over(styles[.text] ?? .plain) }
            k = cur.parent
        }
        return .plain
    }

    /// The same theme with every colour brought down to `depth`.
    package func downgraded(to depth: Color.Depth) -> Theme {
        var t = self
        t.styles = styles.mapValues { Style(fg: $0.fg.downgraded(to: depth), bg: $0.bg.downgraded(to: depth), modifiers: $0.modifiers) }
        return t
    }

    /// The theme used when no theme file can be found: terminal colours and
    /// modifiers only, so it reads on any background.
    package static let builtIn = Theme(name: "builtin", styles: [
        .paneBorderFocused: Style(fg: .ansi(6), modifiers: .bold),
        .paneTitleFocused: Style(fg: .ansi(6), modifiers: .bold),
        .selection: Style(modifiers: .reverse),
        .selectionUnfocused: Style(modifiers: .underline),
        .tabActive: Style(modifiers: [.bold, .reverse]),
        .gridHeader: Style(modifiers: .bold),
        .gridNull: Style(modifiers: .dim),
        .dim: Style(modifiers: .dim),
        .treeNamespace: Style(fg: .ansi(5)),
        .treeCollection: Style(fg: .ansi(3)),
        .treeTable: Style(fg: .ansi(4)),
        .treeGraph: Style(fg: .ansi(2)),
        .jsonKey: Style(fg: .ansi(4)),
        .jsonString: Style(fg: .ansi(2)),
        .sqlKeyword: Style(fg: .ansi(4), modifiers: .bold),
        .sqlString: Style(fg: .ansi(2)),
        .sqlComment: Style(modifiers: .dim),
        .sqlError: Style(fg: .ansi(1), modifiers: [.bold, .underline]),
        .statusError: Style(fg: .ansi(1), modifiers: .bold),
        .status: Style(modifiers: .reverse),
        .hintKey: Style(modifiers: .bold),
        .match: Style(modifiers: [.bold, .underline]),
    ])

    /// The monochrome theme, built in for `NO_COLOR`: modifiers only.
    package static let monochrome = Theme(name: "monochrome", styles: [
        .paneBorderFocused: Style(modifiers: .bold),
        .paneTitleFocused: Style(modifiers: [.bold, .underline]),
        .selection: Style(modifiers: .reverse),
        .selectionUnfocused: Style(modifiers: .underline),
        .tabActive: Style(modifiers: .reverse),
        .gridHeader: Style(modifiers: .bold),
        .gridNull: Style(modifiers: .dim),
        .dim: Style(modifiers: .dim),
        .sqlKeyword: Style(modifiers: .bold),
        .sqlString: Style(modifiers: .italic),
        .sqlComment: Style(modifiers: .dim),
        .sqlError: Style(modifiers: [.bold, .underline]),
        .statusError: Style(modifiers: .bold),
        .status: Style(modifiers: .reverse),
        .hintKey: Style(modifiers: .bold),
        .match: Style(modifiers: .underline),
    ])
}
