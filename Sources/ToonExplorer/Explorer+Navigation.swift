import Foundation
import ToonDB

extension Explorer {
    /// Moves the focused pane's selection (or scroll) by `delta` rows.
    func move(by delta: Int) {
        func clamp(_ v: Int, _ count: Int) -> Int { max(0, min(max(0, count - 1), v)) }
        if var d = state.detail {
            // Kept in range again when drawn (the wrapped length depends on the width).
            d.scroll = max(0, d.scroll + delta)
            if d.wrapWidth > 0 { d.scroll = min(d.scroll, max(0, d.wrapped.count - 1)) }
            state.detail = d
            return
        }
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
        case .graph:
            let visible = state.graph.visibleRows
            guard !visible.isEmpty else { return }
            let at = visible.firstIndex(of: state.graph.selected) ?? 0
            state.graph.selected = visible[clamp(at + delta, visible.count)]
        case .stats: state.stats.scroll = clamp(state.stats.scroll + delta, state.stats.lines.count)
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
            state.query.column = max(0, min(max(0, n - 1), state.query.column + delta))
        case .graph:
            let g = state.graph
            let i = g.selected
            guard g.rows.indices.contains(i) else { return }
            if delta > 0 {
                state.graph.collapsed.remove(i)
            } else if g.hasChildren(i), !g.collapsed.contains(i) {
                state.graph.collapsed.insert(i)
            } else if let p = g.parent(of: i) {
                state.graph.selected = p
            }
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
        case .search: openSearchHit()
        case .query: openCell()
        case .value: openValue()
        case .graph:
            guard state.graph.rows.indices.contains(state.graph.selected) else { return }
            let next = state.graph.rows[state.graph.selected].node
            guard next != state.graph.root else { return }
            if let root = state.graph.root { state.graph.trail.append(root) }
            state.graph.root = next
            state.graph.selected = 0
            loadGraph()
        case .stats: break
        }
    }

    /// R: reloads what the focused pane shows — the selected branch of the
    /// tree and the value, the search, the graph, the stats; in the query
    /// pane it runs the last statement again when it only reads.
    func refresh() {
        switch state.focus {
        case .search:
            runSearch()
            state.say("searched again")
            return
        case .query:
            guard let text = state.query.ranText else { state.say("nothing to refresh: no query run yet"); return }
            let first = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(8).uppercased()
            if first.hasPrefix("SELECT") || first.hasPrefix("WITH") || first.hasPrefix("VALUES") || first.hasPrefix("EXPLAIN") {
                startQuery(text)
            } else {
                state.say("R runs again only a query that reads; F5 runs the editor's text", error: true)
            }
            return
        default: break
        }
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
        if state.showHelp || state.detail != nil { return }
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
        case .search:
            let r = SearchPane.scroll(state.search, shown: rect.height - 5) + row - 1
            if row >= 1, r < state.search.rows.count { state.search.selected = r }
        case .graph:
            // The rows start two lines down (title, error); they scroll with the selection.
            let visible = state.graph.visibleRows
            let at = visible.firstIndex(of: state.graph.selected) ?? 0
            let r = GraphPane.scroll(selectedAt: at, shown: rect.height - 4) + row - 2
            if row >= 2, r < visible.count { state.graph.selected = visible[r] }
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
