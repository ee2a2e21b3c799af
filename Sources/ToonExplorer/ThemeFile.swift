internal import TOMLKit

/// One theme file parsed but not yet merged with what it inherits.
struct ThemeFile {
    var name: String
    var variant: String?
    var inherits: String?
    var inheritsLine: Int
    var styles: [StyleKey: Style]

    /// Parses theme TOML; faults carry the line and column of the offending key.
    static func parse(_ text: String, file: String) throws -> ThemeFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ThemeError(file: file, line: e.source.begin.line, column: e.source.begin.column, message: e.description)
        }
        let locate = SourceLocator(text: text)
        func fail(_ key: String, section: String?, _ message: String) -> ThemeError {
            let (l, c) = locate.position(ofKey: key, in: section)
            return ThemeError(file: file, line: l, column: c, message: message)
        }
        let known: Set<String> = ["name", "variant", "inherits", "palette", "styles"]
        for (key, _) in table where !known.contains(key) {
            throw fail(key, section: nil, "unknown top-level key \"\(key)\" (expected name, variant, inherits, [palette], [styles])")
        }
        guard let name = table["name"]?.string, !name.isEmpty else {
            if table.contains(key: "name") { throw fail("name", section: nil, "name must be a non-empty string") }
            throw ThemeError(file: file, line: 1, column: 1, message: "missing name = \"…\"")
        }
        let variant = table["variant"]?.string
        if table.contains(key: "variant"), variant != "dark", variant != "light" {
            throw fail("variant", section: nil, "variant must be \"dark\" or \"light\"")
        }
        let inherits = table["inherits"]?.string
        if table.contains(key: "inherits"), inherits == nil {
            throw fail("inherits", section: nil, "inherits must be a theme name in quotes")
        }
        var palette: [String: Color] = [:]
        if let p = table["palette"] {
            guard let pt = p.table else { throw fail("palette", section: nil, "palette must be a table") }
            for (key, value) in pt {
                guard let s = value.string, let c = Color(name: s) else {
                    throw fail(key, section: "palette", "palette colour \"\(key)\" must be \"#RRGGBB\" or an ANSI name")
                }
                palette[key] = c
            }
        }
        func colour(_ v: TOMLValueConvertible, key: String, what: String) throws -> Color {
            if let i = v.int {
                guard (0...255).contains(i) else { throw fail(key, section: "styles", "\(what) \(i) is not in 0–255") }
                return .indexed(i)
            }
            guard let s = v.string else {
                throw fail(key, section: "styles", "\(what) must be a colour: \"#RRGGBB\", 0–255, an ANSI name, a palette name or \"default\"")
            }
            if let c = palette[s] ?? Color(name: s) { return c }
            throw fail(key, section: "styles", "unknown colour \"\(s)\" for \(what) (not #RRGGBB, an ANSI name, \"default\" or in [palette])")
        }
        var styles: [StyleKey: Style] = [:]
        if let st = table["styles"] {
            guard let tt = st.table else { throw fail("styles", section: nil, "styles must be a table") }
            for (key, value) in tt {
                guard let sk = StyleKey(rawValue: key) else {
                    throw fail(key, section: "styles", "unknown style key \"\(key)\" (see STYLE KEYS in toondb-themes(5))")
                }
                if let t = value.table {
                    var style = Style()
                    for (field, v) in t {
                        switch field {
                        case "fg": style.fg = try colour(v, key: key, what: "\(key).fg")
                        case "bg": style.bg = try colour(v, key: key, what: "\(key).bg")
                        case "modifiers":
                            guard let arr = v.array else { throw fail(key, section: "styles", "\(key).modifiers must be a list of names") }
                            for m in arr {
                                guard let n = m.string, let mod = Style.Modifiers.names.first(where: { $0.0 == n })?.1 else {
                                    throw fail(key, section: "styles",
                                               "unknown modifier \(m.string.map { "\"\($0)\"" } ?? "value") in \(key) (bold, dim, italic, underlined, reversed)")
                                }
                                style.modifiers.insert(mod)
                            }
                        default:
                            throw fail(key, section: "styles", "unknown field \"\(field)\" in \(key) (expected fg, bg, modifiers)")
                        }
                    }
                    styles[sk] = style
                } else {
                    styles[sk] = Style(fg: try colour(value, key: key, what: key))
                }
            }
        }
        return ThemeFile(name: name, variant: variant, inherits: inherits,
                         inheritsLine: locate.position(ofKey: "inherits", in: nil).line, styles: styles)
    }
}

/// Finds where a key is written in TOML text (TOMLKit gives no positions
/// for values), so semantic faults can point at `line:col` too.
struct SourceLocator {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The line and column of `key = …` inside `[section]` (nil: the top level), or (1, 1).
    func position(ofKey key: String, in section: String?) -> (line: Int, column: Int) {
        var current: String?
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            let indent = raw.count - line.count
            if line.hasPrefix("[") {
                current = String(line.dropFirst().prefix(while: { $0 != "]" })).trimmingCharacters(in: " ")
                continue
            }
            guard current == section else { continue }
            for form in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(form) {
                let rest = line.dropFirst(form.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return (i + 1, indent + 1) }
            }
        }
        if let section {
            for (i, raw) in lines.enumerated() where raw.contains("[\(section)]") { return (i + 1, 1) }
        }
        return (1, 1)
    }
}

private extension Substring {
    func trimmingPrefix(while p: (Character) -> Bool) -> Substring { drop(while: p) }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
