import Foundation

extension AppState {
    /// Moves focus to a pane (a bottom pane becomes the tab shown; the stats pane reads its figures).
    mutating func focus(_ p: Pane) -> [Effect] {
        focus = p
        if p.isTab { tab = p }
        return p == .stats ? [.loadStats] : []
    }

    /// Rows of the focused pane's body (or of the full view), for paging.
    var bodyHeight: Int {
        if detail != nil { return DetailOverlay.bodyHeight(DetailOverlay.rect(width: screenWidth, height: screenHeight)) }
        let layout = Layout(width: screenWidth, height: screenHeight, state: self)
        guard let r = layout.rect(of: focus) else { return max(1, screenHeight / 2 - 3) }
        let header: Int
        switch focus {
        case .query: header = QueryPane.editorLines + 2
        case .search: header = 3
        case .graph: header = 2
        default: header = 0
        }
        return max(1, r.height - 2 - header)
    }

    /// Moves the focused pane's selection (or scroll) by `delta` rows.
    mutating func move(by delta: Int) -> [Effect] {
        func clamp(_ v: Int, _ count: Int) -> Int { max(0, min(max(0, count - 1), v)) }
        if var d = detail {
            // Kept in range again when drawn (the wrapped length depends on the width).
            d.scroll = max(0, d.scroll + delta)
            if d.wrapWidth > 0 { d.scroll = min(d.scroll, max(0, d.wrapped.count - 1)) }
            detail = d
            return []
        }
        switch focus {
        case .keys:
            let old = treeRow
            treeRow = clamp(treeRow + delta, tree.rows.count)
            if old != treeRow { return selectionChanged() }
        case .value:
            value.scroll = clamp(value.scroll + delta, value.lines.count)
        case .query:
            let onPage = min(QueryState.pageRows, (query.output?.rows.count ?? 0) - query.page * QueryState.pageRows)
            query.row = clamp(query.row + delta, onPage)
        case .search: search.selected = clamp(search.selected + delta, search.rows.count)
        case .graph:
            let visible = graph.visibleRows
            guard !visible.isEmpty else { return [] }
            let at = visible.firstIndex(of: graph.selected) ?? 0
            graph.selected = visible[clamp(at + delta, visible.count)]
        case .stats: stats.scroll = clamp(stats.scroll + delta, stats.lines.count)
        }
        return []
    }

    /// h/l: collapse or expand in the tree and the graph, scroll the value, pick a column.
    mutating func horizontal(_ delta: Int) -> [Effect] {
        switch focus {
        case .keys:
            guard let n = tree.node(atRow: treeRow) else { return [] }
            let index = tree.rows[treeRow]
            if delta > 0 {
                if n.isBranch { return expand(index) }
            } else if n.isBranch && n.isExpanded {
                tree.collapse(index)
            } else if let p = n.parent, let r = tree.rows.firstIndex(of: p) {
                treeRow = r
                return selectionChanged()
            }
        case .value: value.hscroll = max(0, value.hscroll + delta * 8)
        case .query:
            let n = query.output?.columns.count ?? 0
            query.column = max(0, min(max(0, n - 1), query.column + delta))
        case .graph:
            let g = graph
            let i = g.selected
            guard g.rows.indices.contains(i) else { return [] }
            if delta > 0 {
                graph.collapsed.remove(i)
            } else if g.hasChildren(i), !g.collapsed.contains(i) {
                graph.collapsed.insert(i)
            } else if let p = g.parent(of: i) {
                graph.selected = p
            }
        default: break
        }
        return []
    }

    /// Enter: open what is selected.
    mutating func open() -> [Effect] {
        switch focus {
        case .keys:
            guard let n = tree.node(atRow: treeRow) else { return [] }
            let index = tree.rows[treeRow]
            switch n.kind {
            case .more: return tree.loadMore(index, then: .nothing).map { [.loadChildren($0)] } ?? []
            case .table(let name):
                let sql = "SELECT * FROM \(name) LIMIT 100;"
                query.editor.set(sql)
                let effects = focus(.query)
                query.editing = false
                return effects + startQuery(sql)
            case .graphNode(let ns, let id): return showGraph(namespace: ns, root: id)
            case .document(let ns, let col, let id):
                search.namespace = ns
                search.collection = col
                search.sourceDocument = id
                return focus(.search) + runSearch()
            case .collection(let ns, let col):
                search.namespace = ns
                search.collection = col
                search.sourceDocument = nil
                return toggle(index)
            default:
                if n.isBranch { return toggle(index) }
                return focus(.value)
            }
        case .search: return openSearchHit()
        case .query: openCell()
        case .value: openValue()
        case .graph:
            guard graph.rows.indices.contains(graph.selected) else { return [] }
            let next = graph.rows[graph.selected].node
            guard next != graph.root else { return [] }
            if let root = graph.root { graph.trail.append(root) }
            graph.root = next
            graph.selected = 0
            return loadGraph()
        case .stats: break
        }
        return []
    }

    /// Opens a closed branch, closes an open one.
    private mutating func toggle(_ index: Int) -> [Effect] {
        if tree.nodes[index].isExpanded {
            tree.collapse(index)
            return []
        }
        return expand(index)
    }

    /// R: reloads what the focused pane shows — the selected branch of the
    /// tree and the value, the search, the graph, the stats; in the query
    /// pane it runs the last statement again when it only reads.
    mutating func refresh() -> [Effect] {
        switch focus {
        case .search:
            say("searched again")
            return runSearch()
        case .query:
            guard let text = query.ranText else { say("nothing to refresh: no query run yet"); return [] }
            let first = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(8).uppercased()
            if first.hasPrefix("SELECT") || first.hasPrefix("WITH") || first.hasPrefix("VALUES") || first.hasPrefix("EXPLAIN") {
                return startQuery(text)
            }
            say("R runs again only a query that reads; F5 runs the editor's text", error: true)
            return []
        default: break
        }
        var effects: [Effect]
        if focus == .keys, tree.node(atRow: treeRow) != nil {
            let index = tree.rows[treeRow]
            let target = tree.nodes[index].isBranch ? index : (tree.nodes[index].parent ?? index)
            effects = reload(target, then: .select)
        } else {
            effects = selectionChanged()
        }
        effects.append(.loadStats)
        effects += loadGraph()
        say("refreshed")
        return effects
    }

    /// The filter's matches: rows whose label contains the filter text (case-insensitive).
    func matches() -> [Int] {
        guard !filter.isEmpty else { return [] }
        let f = filter.lowercased()
        return tree.rows.indices.filter { tree.nodes[tree.rows[$0]].name.lowercased().contains(f) }
    }

    /// n/N: the next (or previous) row the filter matches.
    mutating func jumpToMatch(forward: Bool, includeCurrent: Bool = false) -> [Effect] {
        let m = matches()
        guard !m.isEmpty else {
            if !filter.isEmpty { say("no row matches \"\(filter)\" (only loaded rows are searched)", error: true) }
            return []
        }
        let cur = treeRow
        let next: Int
        if forward {
            next = m.first { includeCurrent ? $0 >= cur : $0 > cur } ?? m[0]
        } else {
            next = m.last { $0 < cur } ?? m[m.count - 1]
        }
        treeRow = next
        focus = .keys
        return selectionChanged()
    }

    /// A click or a turn of the wheel.
    mutating func pointer(_ event: InputEvent) -> [Effect] {
        switch event {
        case .click(let x, let y, let double): return click(x, y, double: double)
        case .wheel(let x, let y, let delta):
            if showHelp {
                helpScroll = max(0, helpScroll + delta * 3)
                return []
            }
            if detail != nil { return move(by: delta * 3) }
            var effects: [Effect] = []
            if let p = pane(atX: x, y: y) { effects = focus(p) }
            return effects + move(by: delta * 3)
        default: return []
        }
    }

    /// A click: focus the pane under it, select the row, open on double click.
    private mutating func click(_ x: Int, _ y: Int, double: Bool) -> [Effect] {
        if showHelp || detail != nil { return [] }
        let layout = Layout(width: screenWidth, height: screenHeight, state: self)
        if let t = layout.tabAt(x: x, y: y) { return focus(t) }
        guard let p = pane(atX: x, y: y), let rect = layout.rect(of: p) else { return [] }
        var effects = focus(p)
        let row = y - rect.y - 1 - (p == .query || p == .search ? layout.bodyOffset(p) : 0)
        guard row >= 0 else { return effects }
        switch p {
        case .keys:
            let r = treeScroll + row
            if r < tree.rows.count {
                treeRow = r
                effects += selectionChanged()
            }
        case .search:
            let r = SearchPane.scroll(search, shown: rect.height - 5) + row - 1
            if row >= 1, r < search.rows.count { search.selected = r }
        case .graph:
            // The rows start two lines down (title, error); they scroll with the selection.
            let visible = graph.visibleRows
            let at = visible.firstIndex(of: graph.selected) ?? 0
            let r = GraphPane.scroll(selectedAt: at, shown: rect.height - 4) + row - 2
            if row >= 2, r < visible.count { graph.selected = visible[r] }
        case .query: query.editing = false
        default: break
        }
        if double { effects += open() }
        return effects
    }

    /// The pane under a cell.
    func pane(atX x: Int, y: Int) -> Pane? {
        let layout = Layout(width: screenWidth, height: screenHeight, state: self)
        return Pane.allCases.first { layout.rect(of: $0)?.contains(x, y) == true }
    }
}
