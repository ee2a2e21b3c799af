/// Modal editing of the query editor in the manner of vi (`editor_mode =
/// "vi"` in the configuration, or `:set vi`): normal mode moves and
/// changes, insert mode types. The keys of normal mode are in the
/// ``KeyMap`` (context "Query editor, vi normal mode").
package struct ViState: Sendable, Equatable {
    /// The two modes.
    package enum Mode: Sendable, Equatable {
        case normal, insert
    }

    package var mode: Mode = .insert
    /// What `d`, `x` and `c` took last, and whether it was whole lines (`p` puts it back).
    package var register: (text: String, linewise: Bool) = ("", false)
    /// The editor before each change, newest last (`u`).
    package var undo: [LineEditor] = []

    package init() {}

    package static func == (a: ViState, b: ViState) -> Bool {
        a.mode == b.mode && a.register == b.register && a.undo == b.undo
    }
}

/// Word motions over a line, as vi counts words: a run of letters, digits
/// and `_`, or a run of other non-blank characters.
enum ViMotion {
    private static func kind(_ c: Character) -> Int { c.isWhitespace ? 0 : (c.isLetter || c.isNumber || c == "_") ? 1 : 2 }

    /// `w`: the start of the next word on the line (the line's end when there is none).
    static func wordForward(_ line: [Character], from column: Int) -> Int {
        var i = column
        guard i < line.count else { return line.count }
        let k = kind(line[i])
        if k != 0 { while i < line.count, kind(line[i]) == k { i += 1 } }
        while i < line.count, kind(line[i]) == 0 { i += 1 }
        return i
    }

    /// `b`: the start of the word before the cursor (0 when there is none).
    static func wordBackward(_ line: [Character], from column: Int) -> Int {
        var i = min(column, line.count) - 1
        while i > 0, kind(line[i]) == 0 { i -= 1 }
        guard i > 0 else { return 0 }
        let k = kind(line[i])
        while i > 0, kind(line[i - 1]) == k { i -= 1 }
        return i
    }

    /// `e`: the last character of the word at or after the next character.
    static func wordEnd(_ line: [Character], from column: Int) -> Int {
        var i = column + 1
        while i < line.count, kind(line[i]) == 0 { i += 1 }
        guard i < line.count else { return max(0, line.count - 1) }
        let k = kind(line[i])
        while i + 1 < line.count, kind(line[i + 1]) == k { i += 1 }
        return i
    }
}
