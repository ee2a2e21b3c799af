import ToonDB

/// The lazy keys tree: nodes load their children from the ``DataSource``
/// a page at a time when expanded; ``rows`` is the flattened visible list.
package struct KeyTree: Sendable {
    /// Children loaded per page.
    package static let pageSize = 200

    /// Every node loaded so far.
    package private(set) var nodes: [TreeNode] = []
    /// The top-level nodes.
    package private(set) var roots: [Int] = []
    /// The visible rows (node indices), in display order.
    package private(set) var rows: [Int] = []

    /// A tree with the three sections; `keys` expanded.
    package init() {
        for s in [TreeNode.Section.keys, .namespaces, .tables] {
            nodes.append(TreeNode(kind: .section(s), name: s.rawValue, depth: 0, isBranch: true))
            roots.append(nodes.count - 1)
        }
        rebuildRows()
    }

    /// The node shown at row `r`.
    package func node(atRow r: Int) -> TreeNode? { rows.indices.contains(r) ? nodes[rows[r]] : nil }

    /// Loads a node's children (the first page, or the next after a `more` row) and expands it.
    package mutating func expand(_ index: Int, source: DataSource) {
        guard nodes[index].isBranch else { return }
        if nodes[index].children == nil { loadPage(index, source: source) }
        nodes[index].isExpanded = true
        rebuildRows()
    }

    /// Collapses a node.
    package mutating func collapse(_ index: Int) {
        nodes[index].isExpanded = false
        rebuildRows()
    }

    /// Loads the page after the `more` row at `moreIndex`.
    package mutating func loadMore(_ moreIndex: Int, source: DataSource) {
        guard let parent = nodes[moreIndex].parent else { return }
        nodes[parent].children?.removeAll { $0 == moreIndex }
        loadPage(parent, source: source)
        rebuildRows()
    }

    /// Drops everything loaded below `index` and loads its first page again.
    package mutating func reload(_ index: Int, source: DataSource) {
        nodes[index].children = nil
        nodes[index].nextAfter = nil
        if nodes[index].isExpanded { loadPage(index, source: source) }
        rebuildRows()
    }

    /// Expands the key-path branches down to `path` (`users/alice/email` or
    /// `users/`), loading pages as needed; returns the row of the deepest node reached.
    package mutating func reveal(path: String, source: DataSource) -> Int? {
        var current = roots[0]
        expand(current, source: source)
        let parts = path.split(separator: "/").map(String.init)
        var prefix = ""
        for part in parts {
            prefix += part
            var found: Int?
            var guardPages = 0
            while found == nil {
                found = nodes[current].children?.first { i in
                    if case .path(let key, _) = nodes[i].kind { return String(decoding: key, as: UTF8.self) == prefix }
                    return false
                }
                if found != nil { break }
                guard nodes[current].nextAfter != nil, guardPages < 50,
                      let more = nodes[current].children?.last, nodes[more].kind == .more else { break }
                loadMore(more, source: source)
                guardPages += 1
            }
            guard let f = found else { break }
            current = f
            if nodes[f].isBranch { expand(f, source: source) }
            prefix += "/"
        }
        rebuildRows()
        return rows.firstIndex(of: current)
    }

    private mutating func add(_ node: TreeNode, to parent: Int) {
        var n = node
        n.parent = parent
        n.depth = nodes[parent].depth + 1
        nodes.append(n)
        nodes[parent].children = (nodes[parent].children ?? []) + [nodes.count - 1]
    }

    private mutating func loadPage(_ index: Int, source: DataSource) {
        if nodes[index].children == nil { nodes[index].children = [] }
        let after = nodes[index].nextAfter
        do {
            try loadChildren(index, after: after, source: source)
        } catch {
            add(TreeNode(kind: .failure("\(error)"), name: "⚠ \(error)", depth: 0, isBranch: false), to: index)
        }
        let loaded = nodes[index].children?.filter { nodes[$0].kind != .more }.count ?? 0
        if let next = nodes[index].nextAfter {
            _ = next
            add(TreeNode(kind: .more, name: "… more (\(loaded) shown)", depth: 0, isBranch: false), to: index)
            nodes[index].count = "≥ \(loaded + 1)"
        } else if nodes[index].count == nil || nodes[index].count!.hasPrefix("≥") {
            nodes[index].count = "\(loaded)"
        }
    }

    private mutating func loadChildren(_ index: Int, after: String?, source: DataSource) throws {
        let limit = Self.pageSize
        nodes[index].nextAfter = nil
        switch nodes[index].kind {
        case .section(.keys), .path:
            let prefix = nodes[index].pathText.map { $0 + "/" } ?? ""
            let page = try source.listChildren(prefix, after: after, limit: limit + 1)
            for c in page.prefix(limit) {
                let label = c.hasChildren ? c.name + "/" : c.name
                add(TreeNode(kind: .path(key: c.key, hasValue: c.hasValue), name: label, depth: 0, isBranch: c.hasChildren), to: index)
            }
            if page.count > limit { nodes[index].nextAfter = page[limit - 1].name }
        case .section(.namespaces):
            for ns in try source.namespaces() {
                add(TreeNode(kind: .namespace(ns.name), name: ns.name, depth: 0, isBranch: true), to: index)
            }
        case .section(.tables):
            for t in try source.sqlSchema() where t.kind == .table {
                var n = TreeNode(kind: .table(t.name), name: t.name, depth: 0, isBranch: false)
                n.count = "\(t.columns.count) cols"
                add(n, to: index)
            }
        case .namespace(let ns):
            for c in try source.collections(in: ns) {
                var n = TreeNode(kind: .collection(namespace: ns, name: c.name), name: c.name, depth: 0, isBranch: true)
                n.count = (try? source.documentCount(namespace: ns, collection: c.name)).map { "\($0) docs" }
                add(n, to: index)
            }
            if !(try source.graphNodes(namespace: ns, after: nil, limit: 1)).isEmpty {
                add(TreeNode(kind: .graph(namespace: ns), name: "graph", depth: 0, isBranch: true), to: index)
            }
        case .collection(let ns, let name):
            let ids = try source.documentIDs(namespace: ns, collection: name, after: after, limit: limit + 1)
            for id in ids.prefix(limit) {
                add(TreeNode(kind: .document(namespace: ns, collection: name, id: id), name: id, depth: 0, isBranch: false), to: index)
            }
            if ids.count > limit { nodes[index].nextAfter = ids[limit - 1] }
        case .graph(let ns):
            let page = try source.graphNodes(namespace: ns, after: after, limit: limit + 1)
            for g in page.prefix(limit) {
                var n = TreeNode(kind: .graphNode(namespace: ns, id: g.id), name: g.id, depth: 0, isBranch: false)
                n.count = g.type
                add(n, to: index)
            }
            if page.count > limit { nodes[index].nextAfter = page[limit - 1].id }
        default:
            break
        }
    }

    /// Recomputes the visible rows.
    package mutating func rebuildRows() {
        var out: [Int] = []
        func walk(_ i: Int) {
            out.append(i)
            if nodes[i].isExpanded, let cs = nodes[i].children { cs.forEach(walk) }
        }
        roots.forEach(walk)
        rows = out
    }
}
