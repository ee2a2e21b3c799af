extension AppState {
    /// Whether the query editor is in vi's normal mode (its keys are the "vi normal mode" context's).
    var inViNormalMode: Bool {
        editorMode == .vi && focus == .query && query.editing && query.vi.mode == .normal
    }

    /// Keeps the editor as it is, for `u`.
    private mutating func viSnapshot() {
        query.vi.undo.append(query.editor)
        if query.vi.undo.count > 200 { query.vi.undo.removeFirst() }
    }

    /// Enters insert mode (after a snapshot, so `u` undoes the whole insertion).
    private mutating func viInsert(_ move: (inout LineEditor) -> Void = { _ in }) {
        viSnapshot()
        move(&query.editor)
        query.vi.mode = .insert
    }

    /// Esc in insert mode: back to normal mode, the cursor on the last character typed.
    mutating func viNormal() {
        query.vi.mode = .normal
        if query.editor.column > 0 { query.editor.left() }
    }

    /// Carries out a normal-mode action of vi.
    mutating func viPerform(_ action: Action) -> [Effect] {
        var e = query.editor
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
            guard e.column < line.count else { return [] }
            viSnapshot()
            query.vi.register = (e.removeInLine(e.column..<(e.column + 1)), false)
        case .viDeleteLine:
            viSnapshot()
            query.vi.register = (e.removeLine(), true)
        case .viDeleteWord:
            viSnapshot()
            query.vi.register = (e.removeInLine(e.column..<ViMotion.wordForward(line, from: e.column)), false)
        case .viChangeWord:
            viSnapshot()
            let end = line.isEmpty ? 0 : ViMotion.wordEnd(line, from: max(0, e.column - 1)) + 1
            query.vi.register = (e.removeInLine(e.column..<max(e.column, end)), false)
            query.vi.mode = .insert
        case .viPaste:
            let r = query.vi.register
            guard !r.text.isEmpty || r.linewise else { return [] }
            viSnapshot()
            if r.linewise {
                e.insertLine(r.text, below: true)
            } else {
                e.moveTo(row: e.row, column: min(line.count, e.column + 1))
                e.insertText(r.text)
                e.left()
            }
        case .viUndo:
            guard let previous = query.vi.undo.popLast() else { say("nothing to undo"); return [] }
            query.editor = previous
            return []
        case .viInsert: viInsert()
        case .viAppend: viInsert { if $0.column < $0.lines[$0.row].count { $0.right() } }
        case .viAppendAtEnd: viInsert { $0.end() }
        case .viInsertAtStart: viInsert { $0.home() }
        case .viOpenLine: viInsert { $0.insertLine("", below: true) }
        case .viHistorySearch:
            prompt = .historySearch(LineEditor())
            return []
        case .left: e.moveTo(row: e.row, column: e.column - 1)
        case .right: e.moveTo(row: e.row, column: min(e.column + 1, max(0, line.count - 1)))
        case .up: e.up()
        case .down: e.down()
        case .lineStart: e.home()
        case .lineEnd: e.moveTo(row: e.row, column: max(0, line.count - 1))
        case .run: return runEditor()
        case .back:
            query.editing = false
            return []
        default: return perform(action)
        }
        // The actions that enter insert mode moved the cursor themselves.
        if ![.viInsert, .viAppend, .viAppendAtEnd, .viInsertAtStart, .viOpenLine].contains(action) { query.editor = e }
        return []
    }

    /// `/` in vi's normal mode, then Enter: the newest history entry containing the text.
    mutating func searchHistory(_ needle: String) {
        if let hit = query.history.search(needle) { query.editor.set(hit) } else {
            say("no history entry contains \"\(needle)\"", error: true)
        }
    }
}
