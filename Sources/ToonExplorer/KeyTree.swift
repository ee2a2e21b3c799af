/// The lazy keys tree: nodes get their children a page at a time when
/// expanded (the reducer asks for a ``TreeLoad``, the explorer reads the page
/// from the ``DataSource``); ``rows`` is the flattened visible list.
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

    /// Opens a branch whose children are loaded.
    package mutating func open(_ index: Int) {
        nodes[index].isExpanded = true
        rebuildRows()
    }

    /// Collapses a node.
    package mutating func collapse(_ index: Int) {
        nodes[index].isExpanded = false
        rebuildRows()
    }

    /// The load of the next page of `index`'s children (the first until one is in).
    package func load(_ index: Int, expand: Bool, then: TreeLoad.Then) -> TreeLoad {
        TreeLoad(node: index, kind: nodes[index].kind, after: nodes[index].nextAfter, expand: expand, then: then)
    }

    /// Takes away the `more` row at `moreIndex`; returns the load of the page after it.
    package mutating func loadMore(_ moreIndex: Int, then: TreeLoad.Then) -> TreeLoad? {
        guard let parent = nodes[moreIndex].parent else { return nil }
        nodes[parent].children?.removeAll { $0 == moreIndex }
        rebuildRows()
        return load(parent, expand: false, then: then)
    }

    /// Drops everything loaded below `index`; returns the load of its first
    /// page when it is open (a closed node loads when opened).
    package mutating func reload(_ index: Int, then: TreeLoad.Then) -> TreeLoad? {
        nodes[index].children = nil
        nodes[index].nextAfter = nil
        rebuildRows()
        return nodes[index].isExpanded ? load(index, expand: false, then: then) : nil
    }

    /// How far ``reveal(path:part:pages:)`` got.
    package enum Reveal: Sendable, Equatable {
        /// It needs this page first.
        case needs(TreeLoad)
        /// It reached the deepest node it could; its row.
        case reached(row: Int?)
    }

    /// Expands the key-path branches down to `path` (`users/alice/email` or
    /// `users/`) as far as they are loaded: returns the page it needs next
    /// (at most 50 pages are read looking for one part), or the row of the deepest node reached.
    package mutating func reveal(path: String, part: Int = 0, pages: Int = 0) -> Reveal {
        var current = roots[0]
        if nodes[current].children == nil { return .needs(load(current, expand: true, then: .reveal(path: path, part: 0, pages: 0))) }
        nodes[current].isExpanded = true
        var prefix = ""
        for (i, name) in path.split(separator: "/").enumerated() {
            prefix += name
            let found = nodes[current].children?.first { c in
                if case .path(let key, _) = nodes[c].kind { return String(decoding: key, as: UTF8.self) == prefix }
                return false
            }
            guard let f = found else {
                let read = i == part ? pages : 0
                guard nodes[current].nextAfter != nil, read < 50, let more = nodes[current].children?.last, nodes[more].kind == .more,
                      let next = loadMore(more, then: .reveal(path: path, part: i, pages: read + 1)) else { break }
                return .needs(next)
            }
            current = f
            if nodes[f].isBranch {
                if nodes[f].children == nil { return .needs(load(f, expand: true, then: .reveal(path: path, part: i + 1, pages: 0))) }
                nodes[f].isExpanded = true
            }
            prefix += "/"
        }
        rebuildRows()
        return .reached(row: rows.firstIndex(of: current))
    }

    private mutating func add(_ node: TreeNode, to parent: Int) {
        var n = node
        n.parent = parent
        n.depth = nodes[parent].depth + 1
        nodes.append(n)
        nodes[parent].children = (nodes[parent].children ?? []) + [nodes.count - 1]
    }

    /// Adds a loaded page of `index`'s children (or the failure to load it),
    /// with a `more` row when more are left.
    package mutating func add(_ page: Result<TreePage, LoadError>, to index: Int) {
        if nodes[index].children == nil { nodes[index].children = [] }
        nodes[index].nextAfter = nil
        switch page {
        case .success(let p):
            for c in p.children { add(c, to: index) }
            nodes[index].nextAfter = p.nextAfter
        case .failure(let e):
            add(TreeNode(kind: .failure(e.message), name: "⚠ \(e.message)", depth: 0, isBranch: false), to: index)
        }
        let loaded = nodes[index].children?.filter { nodes[$0].kind != .more }.count ?? 0
        if nodes[index].nextAfter != nil {
            add(TreeNode(kind: .more, name: "… more (\(loaded) shown)", depth: 0, isBranch: false), to: index)
            nodes[index].count = "≥ \(loaded + 1)"
        } else if nodes[index].count == nil || nodes[index].count!.hasPrefix("≥") {
            nodes[index].count = "\(loaded)"
        }
        rebuildRows()
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
