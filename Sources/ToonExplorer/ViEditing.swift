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

extension Explorer {
    /// Whether the query editor is in vi's normal mode (its keys are the "vi normal mode" context's).
    var inViNormalMode: Bool {
        state.editorMode == .vi && state.focus == .query && state.query.editing && state.query.vi.mode == .normal
    }

    /// Keeps the editor as it is, for `u`.
    func viSnapshot() {
        state.query.vi.undo.append(state.query.editor)
        if state.query.vi.undo.count > 200 { state.query.vi.undo.removeFirst() }
    }

    /// Enters insert mode (after a snapshot, so `u` undoes the whole insertion).
    func viInsert(_ move: (inout LineEditor) -> Void = { _ in }) {
        viSnapshot()
        move(&state.query.editor)
        state.query.vi.mode = .insert
    }

    /// Esc in insert mode: back to normal mode, the cursor on the last character typed.
    func viNormal() {
        state.query.vi.mode = .normal
        if state.query.editor.column > 0 { state.query.editor.left() }
    }

    /// Carries out a normal-mode action of vi.
    func viPerform(_ action: Action) {
        var e = state.query.editor
        let line = e.lines[e.row]
        switch action {
        case .viWordForward:
            let to = ViMotion.wordForward(line, from: e.column)
            if to >= line.count, e.row + 1 < e.lines.count { e.moveTo(row: e.row + 1, column: 0) } else { e.moveTo(row: e.row, column: to) }
        case .viWordBackward:
            if e.column == 0, e.row > 0 {
                e.moveTo(row: e.row - 1, column: e.lines[e.row - 1].count)
                e.moveTo(row: e.row, column: ViMotion.wordBackward(e.lines[e.row], from: e.column))
            } else {
                e.moveTo(row: e.row, column: ViMotion.wordBackward(line, from: e.column))
            }
        case .viWordEnd: e.moveTo(row: e.row, column: ViMotion.wordEnd(line, from: e.column))
        case .viDeleteCharacter:
            guard e.column < line.count else { return }
            viSnapshot()
            state.query.vi.register = (e.removeInLine(e.column..<(e.column + 1)), false)
        case .viDeleteLine:
            viSnapshot()
            state.query.vi.register = (e.removeLine(), true)
        case .viDeleteWord:
            viSnapshot()
            state.query.vi.register = (e.removeInLine(e.column..<ViMotion.wordForward(line, from: e.column)), false)
        case .viChangeWord:
            viSnapshot()
            let end = line.isEmpty ? 0 : ViMotion.wordEnd(line, from: max(0, e.column - 1)) + 1
            state.query.vi.register = (e.removeInLine(e.column..<max(e.column, end)), false)
            state.query.vi.mode = .insert
        case .viPaste:
            let r = state.query.vi.register
            guard !r.text.isEmpty || r.linewise else { return }
            viSnapshot()
            if r.linewise {
                e.insertLine(r.text, below: true)
            } else {
                e.moveTo(row: e.row, column: min(line.count, e.column + 1))
                e.insertText(r.text)
                e.left()
            }
        case .viUndo:
            guard let previous = state.query.vi.undo.popLast() else { state.say("nothing to undo"); return }
            state.query.editor = previous
            return
        case .viInsert: viInsert()
        case .viAppend: viInsert { if $0.column < $0.lines[$0.row].count { $0.right() } }
        case .viAppendAtEnd: viInsert { $0.end() }
        case .viInsertAtStart: viInsert { $0.home() }
        case .viOpenLine: viInsert { $0.insertLine("", below: true) }
        case .viHistorySearch:
            state.prompt = .historySearch(LineEditor())
            return
        case .left: e.moveTo(row: e.row, column: e.column - 1)
        case .right: e.moveTo(row: e.row, column: min(e.column + 1, max(0, line.count - 1)))
        case .up: e.up()
        case .down: e.down()
        case .lineStart: e.home()
        case .lineEnd: e.moveTo(row: e.row, column: max(0, line.count - 1))
        case .run: runEditor(); return
        case .back: state.query.editing = false; return
        default: perform(action); return
        }
        // The actions that enter insert mode moved the cursor themselves.
        if ![.viInsert, .viAppend, .viAppendAtEnd, .viInsertAtStart, .viOpenLine].contains(action) { state.query.editor = e }
    }

    /// `/` in vi's normal mode, then Enter: the newest history entry containing the text.
    func searchHistory(_ needle: String) {
        if let hit = state.query.history.search(needle) { state.query.editor.set(hit) } else {
            state.say("no history entry contains \"\(needle)\"", error: true)
        }
    }
}
