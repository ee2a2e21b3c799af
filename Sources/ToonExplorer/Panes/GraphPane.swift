import ToonDB

/// The graph pane: a node's neighbourhood as a tree, edge types and directions.
enum GraphPane {
    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect, focused: Bool) {
        let g = state.graph
        guard let root = g.root else {
            screen.put(r.x, r.y, "Select a graph node in the keys pane (namespaces › NS › graph) and press Enter.", .dim, limit: r.width)
            return
        }
        screen.put(r.x, r.y, "neighbourhood of \(root) in \(g.namespace ?? "") · depth \(g.depth) (+/-) · Enter walks",
                   .statusInfo, limit: r.width)
        if let e = g.error { screen.put(r.x, r.y + 1, e, .statusError, limit: r.width) }
        let visible = r.height - 2
        guard visible > 0 else { return }
        let scroll = max(0, g.selected - visible + 1)
        for i in 0..<visible {
            let ri = scroll + i
            guard ri < g.rows.count else { break }
            let row = g.rows[ri]
            let y = r.y + 2 + i
            var x = r.x + row.depth * 3
            if row.depth == 0 {
                screen.put(x, y, "● " + row.node, .graphNode, limit: r.x + r.width - x)
            } else {
                let edge = row.arrow == "→" ? "─[\(row.edgeType)]→ " : "←[\(row.edgeType)]─ "
                x += screen.put(x, y, edge, .graphEdge, limit: r.x + r.width - x)
                x += screen.put(x, y, row.node, .graphNode, limit: r.x + r.width - x)
                if row.seen { screen.put(x, y, " (shown above)", .dim, limit: r.x + r.width - x) }
            }
            if ri == g.selected { screen.highlight(r.x, y, r.width, focused ? .selection : .selectionUnfocused) }
        }
    }
}
