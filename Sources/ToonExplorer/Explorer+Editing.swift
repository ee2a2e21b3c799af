import Foundation
import ToonCommands
import ToonDB

extension Explorer {
    /// A key while the query editor or the search text has focus.
    func editorKey(_ key: Key) {
        if state.focus == .search {
            switch key {
            case .enter, .altEnter, .function(5):
                state.search.editing = false
                runSearch()
            case .escape: state.search.editing = false
            default: _ = state.search.editor.handle(key)
            }
            return
        }
        switch key {
        case .enter:
            if state.query.editor.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(";") { runEditor() } else {
                state.query.editor.newline()
            }
        case .altEnter, .function(5): runEditor()
        case .escape:
            if state.editorMode == .vi { viNormal() } else { state.query.editing = false }
        case .up:
            if state.query.editor.isOnFirstLine, let e = state.query.history.older() { state.query.editor.set(e) } else {
                state.query.editor.up()
            }
        case .down:
            if state.query.editor.isOnLastLine, let e = state.query.history.newer() { state.query.editor.set(e) } else {
                state.query.editor.down()
            }
        case .ctrl("r"):
            let needle = state.query.editor.text
            if let hit = state.query.history.search(needle) { state.query.editor.set(hit) } else {
                state.say("no history entry contains \"\(needle)\"", error: true)
            }
        default: _ = state.query.editor.handle(key)
        }
    }

    /// Runs the query editor's text.
    func runEditor() {
        if state.focus == .search { state.search.editing = false; runSearch(); return }
        let text = state.query.editor.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        state.query.history.add(text)
        startQuery(text)
    }

    /// `x`: the query plan of the editor's statement (its last, when it holds
    /// several), run as `EXPLAIN QUERY PLAN …`; the grid shows it as a tree.
    func explainEditor() {
        guard let last = StatementBuffer.statements(state.query.editor.text).last(where: {
            !$0.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))).isEmpty
        }) else {
            state.say("nothing to explain: type a statement first", error: true)
            return
        }
        let statement = last.trimmingCharacters(in: .whitespacesAndNewlines)
        startQuery(statement.uppercased().hasPrefix("EXPLAIN") ? statement : "EXPLAIN QUERY PLAN " + statement)
    }

    /// Starts `text` off the UI thread; Ctrl-C abandons it.
    package func startQuery(_ text: String) {
        if worker.isRunning {
            state.say("a query is running: Ctrl-C cancels it", error: true)
            return
        }
        state.query.running = true
        state.query.ranText = text
        state.query.error = nil
        worker.start(text, runner: runner)
        state.say("running…")
    }

    /// Waits for the running query (tests and the bench use it; the UI polls instead).
    package func waitForQuery(timeout: Double = 10) {
        worker.wait(timeout: timeout)
        poll()
    }

    func finishQuery(_ done: QueryWorker.Finished) {
        state.query.running = false
        state.query.elapsed = done.elapsed
        switch done.result {
        case .success(let out):
            // A big old result is freed on another thread, not the UI's.
            if (state.query.output?.rows.count ?? 0) > 10_000 {
                let box = OutputBox(state.query.output!)
                state.query.output = nil
                DispatchQueue.global(qos: .utility).async { box.release() }
            }
            state.query.output = out
            state.query.error = nil
            state.query.errorAt = nil
            state.query.row = 0
            state.query.page = 0
            state.query.column = 0
            state.query.columnOffset = 0
            state.query.columnWidths = nil
            if !out.columns.isEmpty { state.query.editing = false }
            let ms = String(format: "%.1f ms", done.elapsed * 1000)
            state.say(out.message.map { "\($0) · \(ms)" } ?? "\(out.rows.count) row\(out.rows.count == 1 ? "" : "s") · \(ms)")
            if out.columns.isEmpty, !source.isReadOnly {
                // A write may have changed what the tree shows.
                state.tree.reload(2, source: source)
            }
        case .failure(let e):
            state.query.error = "\(e)"
            state.query.errorAt = SQLHighlighter.position(in: e.message)
            state.query.errorText = done.text
            state.say("\(e)", error: true)
        }
        noteTransaction()
    }

    /// A key while a prompt is open.
    func promptKey(_ key: Key) {
        guard let p = state.prompt else { return }
        switch p {
        case .confirm(_, let what):
            state.prompt = nil
            if key == .char("y") || key == .char("Y") { confirmed(what) } else { state.say("cancelled") }
        case .copyFormat(let scope): copyFormatKey(key, scope)
        case .command(var e), .filter(var e), .export(var e), .historySearch(var e):
            switch key {
            case .escape, .ctrl("c"):
                state.prompt = nil
                if case .filter = p { state.filter = "" }
            case .tab:
                if case .command = p, completionEnabled { complete(.commandLine) }
            case .enter:
                state.prompt = nil
                switch p {
                case .command: runCommandLine(e.text)
                case .filter:
                    state.filter = e.text
                    jumpToMatch(forward: true, includeCurrent: true)
                case .export: export(to: e.text)
                case .historySearch: searchHistory(e.text)
                default: break
                }
            default:
                _ = e.handle(key)
                switch p {
                case .command: state.prompt = .command(e)
                case .filter:
                    state.prompt = .filter(e)
                    state.filter = e.text
                    if !e.text.isEmpty, !matches().isEmpty { jumpToMatch(forward: true, includeCurrent: true) }
                case .export: state.prompt = .export(e)
                case .historySearch: state.prompt = .historySearch(e)
                default: break
                }
            }
        }
    }

    /// `:` commands: `goto PATH`, `quit`, `help`, `refresh`; anything else goes
    /// to the command runner (SQL, or the console's commands) in the query pane.
    func runCommandLine(_ line: String) {
        let t = line.trimmingCharacters(in: .whitespaces)
        let words = t.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first ?? "" {
        case "": return
        case "q", "quit": perform(.quit)
        case "help": perform(.help)
        case "refresh": perform(.refresh)
        case "set":
            guard words.count == 2, let mode = EditorMode(rawValue: words[1].lowercased()) else {
                state.say("set takes vi or emacs: set vi", error: true)
                return
            }
            state.editorMode = mode
            state.query.vi.mode = .insert
            state.say("the query editor edits as \(mode.rawValue) does")
        case "goto", "cd", "key":
            guard words.count == 2 else { state.say("goto needs a key path: goto users/alice", error: true); return }
            goto(words[1])
        default:
            state.query.editor.set(t)
            state.query.history.add(t)
            focus(.query)
            startQuery(t)
        }
    }

    /// Expands the tree to a key path and selects it.
    package func goto(_ path: String) {
        let p = path.hasSuffix("/") ? String(path.dropLast()) : path
        if let r = state.tree.reveal(path: p, source: source) {
            state.treeRow = r
            focus(.keys)
            selectionChanged()
            let shown = state.tree.node(atRow: r)?.pathText ?? ""
            if shown != p { state.say("\(p) not found; nearest: \(shown.isEmpty ? "keys" : shown)", error: true) }
        }
    }

    func confirmed(_ what: Confirmable) {
        do {
            switch what {
            case .quit: state.quitRequested = true
            case .delete(let key):
                try source.delete(key)
                state.say("deleted \(String(decoding: key, as: UTF8.self))")
                refresh()
            case .put(let key, let value):
                try source.put(key, value)
                state.say("saved \(String(decoding: key, as: UTF8.self))")
                selectionChanged()
            }
        } catch {
            state.say("\(error)", error: true)
        }
    }

    /// Copies `text` and says what was copied and how ("via OSC 52 and xclip").
    func copy(_ text: String, _ what: String) {
        let how = copyToClipboard(text)
        state.say("copied \(what) via \(how)")
    }

    func copyValue() {
        if let d = state.detail {
            copy(d.text, "the text (\(d.text.utf8.count) bytes)")
            return
        }
        guard let b = state.value.bytes else { state.say("nothing to copy here", error: true); return }
        copy(String(decoding: b, as: UTF8.self), "the value (\(b.count) bytes)")
    }

    func copyKey() {
        guard let n = state.tree.node(atRow: state.treeRow) else { return }
        let text: String
        switch n.kind {
        case .path(let key, _): text = String(decoding: key, as: UTF8.self)
        case .document(let ns, let col, let id): text = "\(ns)/\(col)/\(id)"
        case .graphNode(_, let id): text = id
        default: text = n.name
        }
        copy(text, text)
    }

    func selectedKey() -> [UInt8]? {
        if case .path(let key, _) = state.tree.node(atRow: state.treeRow)?.kind { return key }
        return nil
    }

    func deleteKey() {
        guard let key = selectedKey(), state.value.key == key else { state.say("select a key holding a value to delete it", error: true); return }
        if source.isReadOnly { state.say("read-only: delete refused", error: true); return }
        state.prompt = .confirm("Delete \(String(decoding: key, as: UTF8.self))? (y/n)", .delete(key: key))
    }

    func editValue() {
        guard let key = state.value.key, let bytes = state.value.bytes else {
            state.say("select a key holding a value to edit it", error: true)
            return
        }
        if source.isReadOnly { state.say("read-only: edit refused", error: true); return }
        guard let edit = editExternally else { state.say("no editor available", error: true); return }
        guard let old = String(validating: bytes, as: UTF8.self) else {
            state.say("the value is binary: it cannot be edited as text", error: true)
            return
        }
        guard let new = edit(old, state.value.shownMode == .json ? "json" : "txt") else {
            state.say("the editor failed: nothing changed", error: true)
            return
        }
        guard new != old else { state.say("unchanged"); return }
        state.prompt = .confirm("Save the edited value of \(String(decoding: key, as: UTF8.self))? (y/n)",
                                .put(key: key, value: Array(new.utf8)))
    }

    /// Ctrl-X Ctrl-E: the query (or search) text in `$VISUAL`/`$EDITOR`;
    /// what is saved replaces it (one final newline dropped).
    func editBufferExternally() {
        guard let edit = editExternally else { state.say("no editor available", error: true); return }
        let search = state.focus == .search
        let old = search ? state.search.editor.text : state.query.editor.text
        guard var new = edit(old, search ? "txt" : "sql") else {
            state.say("the editor failed: the text is unchanged", error: true)
            return
        }
        if new.hasSuffix("\n") { new.removeLast() }
        if search {
            state.search.editor.set(new.replacingOccurrences(of: "\n", with: " "))
        } else {
            state.query.editor.set(new)
        }
        state.say(new == old ? "unchanged" : "text replaced from the editor")
    }
}

/// Carries a result to another thread to be freed there.
final class OutputBox: @unchecked Sendable {
    private var output: CommandOutput?
    init(_ output: CommandOutput) { self.output = output }
    func release() { output = nil }
}
