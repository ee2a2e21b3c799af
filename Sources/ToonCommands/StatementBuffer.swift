/// Gathers input lines into complete units: a dot-command is one line; a
/// SQL statement runs until a `;` that is not inside a string, a quoted
/// name, a comment or a trigger's `BEGIN … END` (toondb(1), CONSOLE).
///
/// ```swift
/// var b = StatementBuffer()
/// b.append("SELECT 1,", line: 1)        // []
/// b.append("  2; .tables", line: 2)     // [SELECT 1,\n  2;]  (".tables" is not at a line start: SQL)
/// ```
package struct StatementBuffer: Sendable {
    /// A complete piece of input.
    package struct Unit: Sendable, Equatable {
        /// The text: a dot-command line, or one SQL statement with its `;`.
        package var text: String
        /// The input line it starts on (1-based).
        package var line: Int
        /// Whether it is a dot-command.
        package var isDotCommand: Bool
    }

    /// Why input ended inside a statement.
    package enum Unfinished: Sendable, Equatable {
        /// Inside a quoted string or name, opened with `quote`.
        case quote(Character)
        /// Inside a `/* … */` comment.
        case comment
        /// Outside quotes and comments, only the final `;` is missing.
        case semicolon
    }

    private var pending = ""
    private var pendingLine = 0

    /// Creates an empty buffer.
    package init() {}

    /// Whether no incomplete statement is pending (the console shows its first prompt).
    package var isEmpty: Bool { !Self.hasContent(pending) }

    /// The incomplete statement gathered so far.
    package var pendingText: String { pending }

    /// Adds one input line (without its newline) numbered `line`; returns the units it completes.
    package mutating func append(_ text: String, line: Int) -> [Unit] {
        if isEmpty {
            let trimmed = text.trimmingWhitespace()
            if trimmed.hasPrefix(".") { return [Unit(text: trimmed, line: line, isDotCommand: true)] }
            if trimmed.isEmpty { return [] }
            pending = ""
            pendingLine = line
        }
        pending += text + "\n"
        var units: [Unit] = []
        while let (statement, rest, consumedLines) = Self.firstStatement(pending) {
            if Self.hasContent(statement) {
                units.append(Unit(text: statement.trimmingWhitespace(), line: pendingLine + Self.leadingNewlines(statement), isDotCommand: false))
            }
            pendingLine += consumedLines
            pending = rest
        }
        if isEmpty { pending = "" }
        return units
    }

    /// Ends the input: the pending statement, if any, with why it is unfinished.
    package mutating func finish() -> (unit: Unit, unfinished: Unfinished)? {
        defer { pending = "" }
        guard Self.hasContent(pending) else { return nil }
        let state = Self.scan(pending).state
        let why: Unfinished
        switch state {
        case .quote(let q): why = .quote(q)
        case .blockComment: why = .comment
        default: why = .semicolon
        }
        return (Unit(text: pending.trimmingWhitespace(), line: pendingLine + Self.leadingNewlines(pending), isDotCommand: false), why)
    }

    /// Discards the pending statement (Control-C at a continuation prompt).
    package mutating func clear() { pending = "" }

    /// Whether `text` is one or more complete statements (nothing pending after them).
    package static func isComplete(_ text: String) -> Bool {
        var b = StatementBuffer()
        _ = b.append(text, line: 1)
        return b.isEmpty
    }

    /// Splits a script of SQL statements (no dot-commands) into its statements.
    package static func statements(_ text: String) -> [String] {
        var b = StatementBuffer()
        var out = b.append(text, line: 1).map(\.text)
        if let last = b.finish() { out.append(last.unit.text) }
        return out
    }

    // MARK: scanning

    enum State: Equatable {
        case normal, quote(Character), lineComment, blockComment
    }

    /// The first complete statement of `text` (through its `;`), the rest, and the newlines consumed.
    private static func firstStatement(_ text: String) -> (String, String, Int)? {
        let r = scan(text)
        guard let end = r.end else { return nil }
        let statement = String(text[..<end])
        let rest = String(text[end...])
        return (statement, rest, statement.filter { $0 == "\n" }.count)
    }

    /// Scans `text` for the end of the first statement: the index after its `;`, and the state at the end.
    static func scan(_ text: String) -> (end: String.Index?, state: State) {
        var state = State.normal
        var words: [String] = []      // the first words of the statement, upper-cased, to spot CREATE TRIGGER
        var lastWord = ""
        var word = ""
        var i = text.startIndex
        func endWord() {
            guard !word.isEmpty else { return }
            let w = word.uppercased()
            if words.count < 4 { words.append(w) }
            lastWord = w
            word = ""
        }
        var isTrigger: Bool {
            guard words.first == "CREATE" else { return false }
            let rest = words.dropFirst().filter { $0 != "TEMP" && $0 != "TEMPORARY" }
            return rest.first == "TRIGGER"
        }
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            let n: Character? = next < text.endIndex ? text[next] : nil
            switch state {
            case .quote(let q):
                if c == q {
                    if n == q, q != "]" { i = text.index(after: next); continue }
                    state = .normal
                }
            case .lineComment:
                if c == "\n" { state = .normal }
            case .blockComment:
                if c == "*", n == "/" { state = .normal; i = text.index(after: next); continue }
            case .normal:
                if c.isLetter || c.isNumber || c == "_" {
                    word.append(c)
                } else {
                    endWord()
                    switch c {
                    case "'", "\"", "`": state = .quote(c)
                    case "[": state = .quote("]")
                    case "-" where n == "-": state = .lineComment
                    case "/" where n == "*": state = .blockComment; i = text.index(after: next); continue
                    case ";":
                        if !isTrigger || lastWord == "END" { return (next, .normal) }
                    default: break
                    }
                }
            }
            i = next
        }
        return (nil, state)
    }

    /// Whether `text` holds anything besides spaces, comments and semicolons.
    static func hasContent(_ text: String) -> Bool {
        var state = State.normal
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            let n: Character? = next < text.endIndex ? text[next] : nil
            switch state {
            case .lineComment: if c == "\n" { state = .normal }
            case .blockComment: if c == "*", n == "/" { state = .normal; i = text.index(after: next); continue }
            default:
                if c == "-", n == "-" { state = .lineComment }
                else if c == "/", n == "*" { state = .blockComment; i = text.index(after: next); continue }
                else if !c.isWhitespace && c != ";" { return true }
            }
            i = next
        }
        return state == .blockComment
    }

    private static func leadingNewlines(_ text: String) -> Int {
        text.prefix { $0.isWhitespace }.filter { $0 == "\n" }.count
    }
}
