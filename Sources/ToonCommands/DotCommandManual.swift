/// The DOT-COMMANDS list of toondb(1), in mdoc, made from
/// ``CommandRegistry`` so the page and `.help` say the same thing. The page
/// holds it between ``beginMarker`` and ``endMarker``; a test fails when the
/// two differ, and `scripts/update-man.sh` rewrites it.
package enum DotCommandManual {
    /// The comment line before the generated list.
    package static let beginMarker = #".\" BEGIN GENERATED DOT-COMMANDS: edit Sources/ToonCommands/CommandRegistry.swift, then run scripts/update-man.sh"#
    /// The comment line after it.
    package static let endMarker = #".\" END GENERATED DOT-COMMANDS"#

    /// The generated lines, markers included, each ending with a newline.
    package static func mdoc() -> String {
        var out = beginMarker + "\n.Bl -tag -width Ds\n"
        for command in CommandRegistry.all {
            for usage in command.usages { out += ".It " + usageMacros(usage) + "\n" }
            let paragraphs = command.help.components(separatedBy: "\n\n")
            out += paragraphs.map { sentences($0).map(escapeLine).joined(separator: "\n") + "\n" }.joined(separator: ".Pp\n")
        }
        return out + ".El\n" + endMarker + "\n"
    }

    /// A usage line as mdoc macros: the name as `Ic`, upper-case words as
    /// `Ar`, other words (options, actions, choices) as `Cm`, brackets as `Oo … Oc`.
    static func usageMacros(_ usage: String) -> String {
        var parts: [String] = []
        for (i, raw) in usage.split(separator: " ").enumerated() {
            var token = Substring(raw)
            while token.hasPrefix("[") { parts.append("Oo"); token = token.dropFirst() }
            var closes = 0
            while token.hasSuffix("]") { closes += 1; token = token.dropLast() }
            if i == 0 {
                parts.append("Ic " + token)
            } else if token.contains("|") {
                parts.append(token.split(separator: "|").map { "Cm " + $0 }.joined(separator: " Ns | Ns "))
            } else if token.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "/" || $0 == "_" }) {
                parts.append("Ar " + token)
            } else {
                parts.append("Cm " + escapeWord(String(token)))
            }
            parts += Array(repeating: "Oc", count: closes)
        }
        return parts.joined(separator: " ")
    }

    /// Splits a paragraph into sentences, one per line ("new sentence, new line").
    static func sentences(_ paragraph: String) -> [String] {
        var out: [String] = []
        var current = ""
        let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" })
        for (i, w) in words.enumerated() {
            current += (current.isEmpty ? "" : " ") + w
            let next = i + 1 < words.count ? words[i + 1] : nil
            if w.hasSuffix("."), let next, next.first?.isUppercase == true {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func escapeWord(_ s: String) -> String {
        s.replacingAll("\\", with: "\\e")
    }

    static func escapeLine(_ s: String) -> String {
        let e = s.replacingAll("\\", with: "\\e")
        return (e.hasPrefix(".") || e.hasPrefix("'")) ? "\\&" + e : e
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
