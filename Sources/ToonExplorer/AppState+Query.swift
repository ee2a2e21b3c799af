import Foundation
import ToonCommands

extension AppState {
    /// Runs the query editor's text (in the search pane: the search).
    mutating func runEditor() -> [Effect] {
        if focus == .search {
            search.editing = false
            return runSearch()
        }
        let text = query.editor.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        query.history.add(text)
        return startQuery(text)
    }

    /// `x`: the query plan of the editor's statement (its last, when it holds
    /// several), run as `EXPLAIN QUERY PLAN …`; the grid shows it as a tree.
    mutating func explainEditor() -> [Effect] {
        guard let last = StatementBuffer.statements(query.editor.text).last(where: {
            !$0.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))).isEmpty
        }) else {
            say("nothing to explain: type a statement first", error: true)
            return []
        }
        let statement = last.trimmingCharacters(in: .whitespacesAndNewlines)
        return startQuery(statement.uppercased().hasPrefix("EXPLAIN") ? statement : "EXPLAIN QUERY PLAN " + statement)
    }

    /// Starts `text` on the query worker, off the UI thread; Ctrl-C abandons it.
    mutating func startQuery(_ text: String) -> [Effect] {
        if query.running {
            say("a query is running: Ctrl-C cancels it", error: true)
            return []
        }
        query.running = true
        query.ranText = text
        query.error = nil
        say("running…")
        return [.runQuery(text)]
    }

    /// A query finished: its result (or error) fills the query pane. A result
    /// of a query cancelled meanwhile is dropped.
    mutating func finishQuery(_ done: QueryWorker.Finished) -> [Effect] {
        guard query.running else { return [] }
        query.running = false
        query.elapsed = done.elapsed
        var effects: [Effect] = []
        switch done.result {
        case .success(let out):
            // A big old result is freed on another thread, not the UI's.
            if let old = query.output, old.rows.count > 10_000 {
                query.output = nil
                effects.append(.releaseOutput(OutputBox(old)))
            }
            query.output = out
            query.error = nil
            query.errorAt = nil
            query.row = 0
            query.page = 0
            query.column = 0
            query.columnOffset = 0
            query.columnWidths = nil
            if !out.columns.isEmpty { query.editing = false }
            let ms = String(format: "%.1f ms", done.elapsed * 1000)
            say(out.message.map { "\($0) · \(ms)" } ?? "\(out.rows.count) row\(out.rows.count == 1 ? "" : "s") · \(ms)")
            if out.columns.isEmpty, !readOnly {
                // A write may have changed what the tree shows.
                effects += reload(2, then: .nothing)
            }
        case .failure(let e):
            query.error = "\(e)"
            query.errorAt = SQLHighlighter.position(in: e.message)
            query.errorText = done.text
            say("\(e)", error: true)
        }
        effects.append(.readTransaction(quitting: false))
        return effects
    }

    /// `:` commands: `goto PATH`, `quit`, `help`, `refresh`, `set vi|emacs`; anything else goes
    /// to the command runner (SQL, or the console's commands) in the query pane.
    mutating func runCommandLine(_ line: String) -> [Effect] {
        let t = line.trimmingCharacters(in: .whitespaces)
        let words = t.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first ?? "" {
        case "": return []
        case "q", "quit": return perform(.quit)
        case "help": return perform(.help)
        case "refresh": return perform(.refresh)
        case "set":
            guard words.count == 2, let mode = EditorMode(rawValue: words[1].lowercased()) else {
                say("set takes vi or emacs: set vi", error: true)
                return []
            }
            editorMode = mode
            query.vi.mode = .insert
            say("the query editor edits as \(mode.rawValue) does")
            return []
        case "goto", "cd", "key":
            guard words.count == 2 else {
                say("goto needs a key path: goto users/alice", error: true)
                return []
            }
            return goto(words[1])
        default:
            query.editor.set(t)
            query.history.add(t)
            return focus(.query) + startQuery(t)
        }
    }
}
