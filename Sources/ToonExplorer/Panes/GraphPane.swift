import ToonDB

/// The graph pane: a node's neighbourhood as a tree, edge types and
/// directions, each neighbour's node type; `h`/`l` fold and unfold rows.
enum GraphPane {
    /// The first visible row shown when the selection is the `selectedAt`-th visible row.
    static func scroll(selectedAt: Int, shown: Int) -> Int { max(0, selectedAt - max(1, shown) + 1) }

    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect, focused: Bool) {
        let g = state.graph
        guard let root = g.root else {
            let hint = "Select a graph node in the keys pane (namespaces › NS › graph) and press Enter."
            for (i, line) in WordWrap.lines(hint, width: r.width).prefix(max(0, r.height)).enumerated() {
                screen.put(r.x, r.y + i, line, .dim, limit: r.width)
            }
            return
        }
        var head = ["neighbourhood of \(root) in \(g.namespace ?? "")", "depth \(g.depth) (+/-)", "Enter walks"]
        if let back = g.trail.last { head.append("Esc back to \(back)") }
        screen.put(r.x, r.y, WordWrap.fit(head, separator: " · ", width: r.width), .statusInfo, limit: r.width)
        if let e = g.error { screen.put(r.x, r.y + 1, e, .statusError, limit: r.width) }
        let shown = r.height - 2
        guard shown > 0 else { return }
        let visible = g.visibleRows
        let at = visible.firstIndex(of: g.selected) ?? 0
        let first = scroll(selectedAt: at, shown: shown)
        let end = r.x + r.width
        for i in 0..<shown {
            let vi = first + i
            guard vi < visible.count else { break }
            let ri = visible[vi]
            let row = g.rows[ri]
            let y = r.y + 2 + i
            var x = r.x + row.depth * 3
            if g.hasChildren(ri) { screen.put(x, y, g.collapsed.contains(ri) ? "▸" : "▾", .treeBranch, limit: end - x) }
            x += 2
            if row.depth == 0 {
                x += screen.put(x, y, "● " + row.node, .graphNode, limit: end - x)
            } else {
                let edge = row.arrow == "→" ? "─[\(row.edgeType)]→ " : "←[\(row.edgeType)]─ "
                x += screen.put(x, y, edge, .graphEdge, limit: end - x)
                x += screen.put(x, y, row.node, .graphNode, limit: end - x)
            }
            if !row.nodeType.isEmpty { x += screen.put(x, y, " : " + row.nodeType, .treeCount, limit: end - x) }
            if row.seen { screen.put(x, y, " (shown above)", .dim, limit: end - x) }
            if ri == g.selected { screen.highlight(r.x, y, r.width, focused ? .selection : .selectionUnfocused) }
        }
    }
}
