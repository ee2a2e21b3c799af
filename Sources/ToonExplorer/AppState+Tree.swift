extension AppState {
    /// Opens a branch of the tree, loading its children first when none are; `then` follows.
    mutating func expand(_ index: Int, then: TreeLoad.Then = .nothing) -> [Effect] {
        guard tree.nodes[index].isBranch else { return [] }
        if tree.nodes[index].children == nil { return [.loadChildren(tree.load(index, expand: true, then: then))] }
        tree.open(index)
        return follow(then)
    }

    /// Drops what is loaded below `index` and loads its first page again; `then` follows.
    mutating func reload(_ index: Int, then: TreeLoad.Then) -> [Effect] {
        guard let load = tree.reload(index, then: then) else { return follow(then) }
        return [.loadChildren(load)]
    }

    /// A page of children is in: add it, open the node when asked, and go on.
    mutating func childrenLoaded(_ load: TreeLoad, _ page: Result<TreePage, LoadError>) -> [Effect] {
        tree.add(page, to: load.node)
        if load.expand { tree.open(load.node) }
        return follow(load.then)
    }

    private mutating func follow(_ then: TreeLoad.Then) -> [Effect] {
        switch then {
        case .nothing: return []
        case .select:
            treeRow = min(treeRow, max(0, tree.rows.count - 1))
            return selectionChanged()
        case .reveal(let path, let part, let pages): return reveal(path, part: part, pages: pages)
        }
    }

    /// `:goto`: expands the tree to a key path and selects it (the nearest row when it is not there).
    mutating func goto(_ path: String) -> [Effect] {
        reveal(path.hasSuffix("/") ? String(path.dropLast()) : path, part: 0, pages: 0)
    }

    private mutating func reveal(_ path: String, part: Int, pages: Int) -> [Effect] {
        switch tree.reveal(path: path, part: part, pages: pages) {
        case .needs(let load): return [.loadChildren(load)]
        case .reached(nil): return []
        case .reached(let row?):
            treeRow = row
            let effects = focus(.keys) + selectionChanged()
            let shown = tree.node(atRow: row)?.pathText ?? ""
            if shown != path { say("\(path) not found; nearest: \(shown.isEmpty ? "keys" : shown)", error: true) }
            return effects
        }
    }
}
