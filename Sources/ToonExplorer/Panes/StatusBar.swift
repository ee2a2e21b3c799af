import Foundation
import ToonDB
import ToonFormat

/// The status line (location, RO, transaction, message or prompt) and the
/// hint row, whose keys come from the ``KeyMap``.
enum StatusBar {
    static func render(_ state: AppState, keyMap: KeyMap, context: KeyMap.Context, into screen: inout Screen, _ layout: Layout) {
        let y = layout.statusRow
        screen.fill(Rect(x: 0, y: y, width: layout.width, height: 1), .status)
        if let p = state.prompt {
            let (label, text): (String, String)
            switch p {
            case .command(let e): (label, text) = (":", e.text)
            case .filter(let e): (label, text) = ("/", e.text)
            case .export(let e):
                (label, text) = ("export to (" + AppState.exportFormats.map(\.ext).joined(separator: ", ") + "): ", e.text)
            case .historySearch(let e): (label, text) = ("history /", e.text)
            case .copyFormat(let scope):
                let what = scope == .row ? "copy row \(state.query.absoluteRow + 1) as:" : "copy \(state.query.output?.rows.count ?? 0) rows as:"
                let choices = AppState.copyFormats.map { "\($0.key) \($0.name)" }.joined(separator: "  ")
                (label, text) = ("\(what)  \(choices)  (Enter: \(AppState.formatName(state.copyFormat)), Esc: cancel)", "")
            case .confirm(let q, _): (label, text) = (q + " ", "")
            }
            let w = screen.put(0, y, label + text, .prompt)
            screen.cursor = (min(layout.width - 1, w), y)
            return
        }
        var x = screen.put(0, y, " " + state.location + " ", .status, limit: layout.width / 2)
        if state.readOnly { x += screen.put(x, y, " RO ", .statusReadOnly) }
        if state.inTransaction {
            let n = state.pendingWrites
            x += screen.put(x, y, " TXN open: \(n) pending write\(n == 1 ? "" : "s") ", .statusReadOnly)
        }
        if state.query.running { x += screen.put(x, y, " running… ", .statusInfo) }
        if state.editorMode == .vi, state.focus == .query, state.query.editing {
            x += screen.put(x, y, state.query.vi.mode == .normal ? " -- NORMAL -- " : " -- INSERT -- ", .statusInfo)
        }
        if !state.mouseEnabled { x += screen.put(x, y, " mouse off ", .status) }
        if let m = state.message {
            screen.put(x + 1, y, m, state.messageIsError ? .statusError : .status, limit: layout.width - x - 2)
        }
        // The hint row.
        let hy = layout.hintRow
        var hints: [(Action, KeyMap.Context, String)] = [(.help, .global, "help"), (.nextPane, .global, "pane")]
        switch context {
        case .keys: hints += [(.right, .keys, "expand"), (.open, .keys, "open"), (.filter, .keys, "filter"), (.commandLine, .global, "command")]
        case .value: hints += [(.cycleValueMode, .value, "view"), (.copyValue, .value, "copy")]
        case .query: hints += [(.editInput, .query, "edit"), (.open, .query, "cell"), (.right, .query, "column"), (.nextPage, .query, "page"), (.explainPlan, .query, "plan"), (.copyValue, .query, "copy")]
        case .editor: hints += [(.run, .editor, "run"), (.back, .editor, "results"), (.complete, .editor, "complete"),
                                (.historySearch, .editor, "history"), (.externalEditor, .editor, "$EDITOR")]
        case .viNormal: hints += [(.viInsert, .viNormal, "insert"), (.run, .viNormal, "run"), (.viUndo, .viNormal, "undo"),
                                  (.back, .viNormal, "results")]
        case .completion: hints += [(.down, .completion, "next"), (.open, .completion, "take"), (.back, .completion, "close")]
        case .search: hints += [(.editInput, .search, "text"), (.cycleSearchMode, .search, "mode"), (.increase, .search, "alpha")]
        case .graph: hints += [(.open, .graph, "walk"), (.increase, .graph, "deeper")]
        case .global: hints += [(.refresh, .global, "refresh")]
        case .detail: hints = [(.help, .global, "help"), (.back, .detail, "close"), (.down, .global, "scroll"), (.copyValue, .detail, "copy")]
        }
        if context != .detail { hints += [(.zoom, .global, "zoom"), (.quit, .global, "quit")] }
        x = 1
        for (a, c, label) in hints {
            guard let k = keyMap.keys(for: a, in: c) else { continue }
            if x + DisplayWidth.of(k) + DisplayWidth.of(label) + 3 > layout.width { break }
            x += screen.put(x, hy, k, .hintKey)
            x += screen.put(x, hy, " " + label + "  ", .hint)
        }
    }
}
