/// One dot-command of the console (toondb(1), DOT-COMMANDS): its name, how it is written,
/// what it does, and what its arguments are, for completion. The registry
/// (``CommandRegistry``) holds every one; `.help`, completion and the
/// DOT-COMMANDS section of toondb(1) are all made from it.
package struct DotCommand: Sendable, Equatable {
    /// What an argument names, so completion can offer the right words.
    package enum ArgumentKind: Sendable, Equatable {
        /// A key path of the default key space.
        case keyPath
        /// A SQL table.
        case table
        /// A namespace.
        case namespace
        /// `NS/COLLECTION`.
        case collectionPath
        /// A file of the local file system.
        case file
        /// One of a fixed set of words.
        case choice([String])
        /// Anything (no completion).
        case free
    }

    /// The name, with its leading dot: `.scan`.
    package let name: String
    /// How it is written: `.scan PREFIX [LIMIT]`; upper-case words are
    /// arguments, brackets mark optional parts, `a|b` a choice of words.
    package let usage: String
    /// One line, for `.help` without an argument.
    package let summary: String
    /// The full description: sentences, paragraphs separated by a blank line.
    package let help: String
    /// What each positional argument names, in order (for completion).
    package let arguments: [ArgumentKind]
    /// Extra usage lines for commands with several forms (`.graph add-node …`).
    package let moreUsages: [String]

    /// Creates a command description.
    package init(_ name: String, usage: String, summary: String, help: String,
                arguments: [ArgumentKind] = [], moreUsages: [String] = []) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.help = help
        self.arguments = arguments
        self.moreUsages = moreUsages
    }

    /// Every usage line, the main one first.
    package var usages: [String] { [usage] + moreUsages }

    /// The text `.help NAME` prints: the usage lines, a blank line, and the
    /// description wrapped to `width` columns, indented by two spaces.
    package func helpText(width: Int = 78) -> String {
        var out = usages.joined(separator: "\n") + "\n\n"
        let paragraphs = help.components(separatedBy: "\n\n")
        out += paragraphs.map { TextWrap.wrap($0, width: width, indent: "  ") }.joined(separator: "\n\n")
        return out + "\n"
    }
}

/// Wraps plain text at spaces.
enum TextWrap {
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines.joined(separator: "\n")
    }
}
