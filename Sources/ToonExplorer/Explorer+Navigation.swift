import Foundation
import ToonDB

extension Explorer {
    /// Moves the focused pane's selection (or scroll) by `delta` rows.
    func move(by delta: Int) {
        func clamp(_ v: Int, _ count: Int) -> Int { max(0, min(max(0, count - 1), v)) }
        switch state.focus {
        case .keys:
            let old = state.treeRow
            state.treeRow = clamp(state.treeRow + delta, state.tree.rows.count)
            if old != state.treeRow { selectionChanged() }
        case .value:
            state.value.scroll = clamp(state.value.scroll + delta, state.value.lines.count)
        case .query:
            let onPage = min(QueryState.pageRows, (state.query.output?.rows.count ?? 0) - state.query.page * QueryState.pageRows)
            state.query.row = clamp(state.query.row + delta, onPage)
        case .search: state.search.selected = clamp(state.search.selected + delta, state.search.rows.count)
        case .graph: state.graph.selected = clamp(state.graph.selected + delta, state.graph.rows.count)
        case .stats: break
        }
    }

    func horizontal(_ delta: Int) {
        switch state.focus {
        case .keys:
            guard let n = state.tree.node(atRow: state.treeRow) else { return }
            let index = state.tree.rows[state.treeRow]
            if delta > 0 {
                if n.isBranch { state.tree.expand(index, source: source) }
            } else if n.isBranch && n.isExpanded {
                state.tree.collapse(index)
            } else if let p = n.parent, let r = state.tree.rows.firstIndex(of: p) {
                state.treeRow = r
                selectionChanged()
            }
        case .value: state.value.hscroll = max(0, state.value.hscroll + delta * 8)
        case .query:
            let n = state.query.output?.columns.count ?? 0
            state.query.columnOffset = max(0, min(max(0, n - 1), state.query.columnOffset + delta))
        default: break
        }
    }

    /// Enter: open what is selected.
    func open() {
        switch state.focus {
        case .keys:
            guard let n = state.tree.node(atRow: state.treeRow) else { return }
            let index = state.tree.rows[state.treeRow]
            switch n.kind {
            case .more: state.tree.loadMore(index, source: source)
            case .table(let name):
                let sql = "SELECT * FROM \(name) LIMIT 100;"
                state.query.editor.set(sql)
                focus(.query)
                state.query.editing = false
                startQuery(sql)
            case .graphNode(let ns, let id):
                state.graph.namespace = ns
                state.graph.root = id
                loadGraph()
                focus(.graph)
            case .document(let ns, let col, let id):
                state.search.namespace = ns
                state.search.collection = col
                state.search.sourceDocument = id
                focus(.search)
                runSearch()
            case .collection(let ns, let col):
                state.search.namespace = ns
                state.search.collection = col
                state.search.sourceDocument = nil
                if !n.isExpanded { state.tree.expand(index, source: source) } else { state.tree.collapse(index) }
            default:
                if n.isBranch {
                    if n.isExpanded { state.tree.collapse(index) } else { state.tree.expand(index, source: source) }
                } else {
                    focus(.value)
                }
            }
        case .search:
            guard state.search.rows.indices.contains(state.search.selected),
                  let ns = state.search.namespace, let col = state.search.collection else { return }
            showDocument(ns, col, state.search.rows[state.search.selected].id)
        case .graph:
            guard state.graph.rows.indices.contains(state.graph.selected) else { return }
            state.graph.root = state.graph.rows[state.graph.selected].node
            state.graph.selected = 0
            loadGraph()
        default: break
        }
    }

    /// R: reloads the selected branch (or the tree), the value, and live panes.
    func refresh() {
        if state.focus == .keys, state.tree.node(atRow: state.treeRow) != nil {
            let index = state.tree.rows[state.treeRow]
            let target = state.tree.nodes[index].isBranch ? index : (state.tree.nodes[index].parent ?? index)
            state.tree.reload(target, source: source)
            state.treeRow = min(state.treeRow, max(0, state.tree.rows.count - 1))
        }
        selectionChanged()
        loadStats()
        if state.graph.root != nil { loadGraph() }
        state.say("refreshed")
    }

    /// The filter's matches: rows whose label contains the filter text (case-insensitive).
    func matches() -> [Int] {
        guard !state.filter.isEmpty else { return [] }
        let f = state.filter.lowercased()
        return state.tree.rows.indices.filter { state.tree.nodes[state.tree.rows[$0]].name.lowercased().contains(f) }
    }

    func jumpToMatch(forward: Bool, includeCurrent: Bool = false) {
        let m = matches()
        guard !m.isEmpty else {
            if !state.filter.isEmpty { state.say("no row matches \"\(state.filter)\" (only loaded rows are searched)", error: true) }
            return
        }
        let cur = state.treeRow
        let next: Int
        if forward {
            next = m.first { includeCurrent ? $0 >= cur : $0 > cur } ?? m[0]
        } else {
            next = m.last { $0 < cur } ?? m[m.count - 1]
        }
        state.treeRow = next
        state.focus = .keys
        selectionChanged()
    }

    /// A click: focus the pane under it, select the row, open on double click.
    func click(_ x: Int, _ y: Int, double: Bool) {
        let layout = Layout(width: width, height: height, state: state)
        if let t = layout.tabAt(x: x, y: y) { focus(t); return }
        guard let p = pane(atX: x, y: y), let rect = layout.rect(of: p) else { return }
        focus(p)
        let row = y - rect.y - 1 - (p == .query || p == .search ? layout.bodyOffset(p) : 0)
        guard row >= 0 else { return }
        switch p {
        case .keys:
            let r = state.treeScroll + row
            if r < state.tree.rows.count { state.treeRow = r; selectionChanged() }
        case .search: if row - 1 >= 0, row - 1 < state.search.rows.count { state.search.selected = row - 1 }
        case .graph: if row < state.graph.rows.count { state.graph.selected = row }
        case .query: state.query.editing = false
        default: break
        }
        if double { open() }
    }

    /// The pane under a cell.
    func pane(atX x: Int, y: Int) -> Pane? {
        let layout = Layout(width: width, height: height, state: state)
        return Pane.allCases.first { layout.rect(of: $0)?.contains(x, y) == true }
    }
}
