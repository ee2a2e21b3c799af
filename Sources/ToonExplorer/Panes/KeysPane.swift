import ToonDB
import ToonFormat

/// The keys tree (toondb(1), EXPLORER): one lazy tree of key paths, namespaces,
/// collections, graphs and tables, with counts and filter matches.
enum KeysPane {
    static func render(_ state: AppState, matches: Set<Int>, into screen: inout Screen, _ r: Rect) {
        let focused = state.focus == .keys
        let rows = state.tree.rows
        var title = "1 Keys"
        if !rows.isEmpty { title += " \(state.treeRow + 1)/\(rows.count)" }
        if !state.filter.isEmpty { title += " /\(state.filter) (\(matches.count))" }
        screen.box(r, title: title, focused: focused)
        let inner = r.inner
        for i in 0..<inner.height {
            let rowIndex = state.treeScroll + i
            guard rowIndex < rows.count else { break }
            let n = state.tree.nodes[rows[rowIndex]]
            let y = inner.y + i
            var x = inner.x + n.depth * 2
            let marker = n.isBranch ? (n.isExpanded ? "▾ " : "▸ ") : "  "
            x += screen.put(x, y, marker, .treeBranch, limit: inner.x + inner.width - x)
            let (icon, style) = look(n)
            if !icon.isEmpty { x += screen.put(x, y, icon + " ", style, limit: inner.x + inner.width - x) }
            let countText = n.count.map { " " + $0 } ?? ""
            let room = inner.x + inner.width - x
            let name = DisplayWidth.truncate(n.name, to: max(1, room - DisplayWidth.of(countText)))
            x += screen.put(x, y, name, matches.contains(rowIndex) ? .match : style, limit: room)
            if !countText.isEmpty { screen.put(x, y, countText, .treeCount, limit: inner.x + inner.width - x) }
            if rowIndex == state.treeRow {
                screen.highlight(inner.x, y, inner.width, focused ? .selection : .selectionUnfocused)
            }
        }
    }

    static func look(_ n: TreeNode) -> (String, StyleKey) {
        switch n.kind {
        case .section(.keys): return ("⌗", .treeBranch)
        case .section(.namespaces): return ("◆", .treeNamespace)
        case .section(.tables): return ("▦", .treeTable)
        case .path(_, let hasValue): return (n.isBranch && !hasValue ? "" : "", n.isBranch ? .treeBranch : .treeLeaf)
        case .namespace: return ("◆", .treeNamespace)
        case .collection: return ("◎", .treeCollection)
        case .document: return ("", .treeCollection)
        case .graph: return ("◇", .treeGraph)
        case .graphNode: return ("•", .treeGraph)
        case .table: return ("▦", .treeTable)
        case .more: return ("", .dim)
        case .failure: return ("", .statusError)
        }
    }
}
