extension AppState {
    /// Shows what the selected tree row stands for in the value pane; what
    /// is stored is read by ``Effect/loadValue(_:)``.
    mutating func selectionChanged() -> [Effect] {
        guard let n = tree.node(atRow: treeRow) else { return [] }
        value.scroll = 0
        value.hscroll = 0
        value.bytes = nil
        value.key = nil
        switch n.kind {
        case .path(let key, let hasValue):
            value.title = String(decoding: key, as: UTF8.self)
            guard hasValue else {
                value.lines = ValueContent.prefixOnly.lines
                return []
            }
        case .section(let s):
            value.title = s.rawValue
            value.lines = [StyledLine(Self.sectionHelp(s), .dim)]
            return []
        case .namespace(let ns): value.title = "namespace \(ns)"
        case .collection(let ns, let name):
            // The search pane searches the collection selected last.
            search.namespace = ns
            search.collection = name
            search.sourceDocument = nil
            value.title = "collection \(ns)/\(name)"
        case .document(let ns, let col, let id):
            // … and "more like this" starts from the document selected last.
            search.namespace = ns
            search.collection = col
            search.sourceDocument = id
            return showDocument(ns, col, id)
        case .graph(let ns):
            value.title = "graph of \(ns)"
            value.lines = [StyledLine("Nodes of the graph in namespace \(ns). Enter on a node shows its neighbourhood.", .dim)]
            return []
        case .graphNode(_, let id): value.title = "node \(id)"
        case .table(let name): value.title = "table \(name)"
        case .more:
            value.lines = [StyledLine("Enter loads the next page.", .dim)]
            return []
        case .failure(let m):
            value.lines = [StyledLine(m, .statusError)]
            return []
        }
        return [.loadValue(n.kind)]
    }

    static func sectionHelp(_ s: TreeNode.Section) -> String {
        switch s {
        case .keys: return "Key paths of the default key space: l expands, Enter opens."
        case .namespaces: return "Namespaces with their collections (documents) and graphs."
        case .tables: return "SQL tables: Enter runs a SELECT in the query pane."
        }
    }

    /// Shows a collection document in the value pane.
    mutating func showDocument(_ ns: String, _ col: String, _ id: String) -> [Effect] {
        value.title = "\(ns)/\(col)/\(id)"
        value.scroll = 0
        return [.loadValue(.document(namespace: ns, collection: col, id: id))]
    }

    /// What the selection stands for is read: show it.
    mutating func valueLoaded(_ content: ValueContent) {
        value.bytes = content.bytes
        value.key = content.key
        value.lines = content.lines
        rerenderValue()
    }

    /// Re-renders the stored bytes in the chosen mode.
    mutating func rerenderValue() {
        guard let b = value.bytes else { return }
        let (lines, mode) = ValueView.render(b, mode: value.mode)
        value.lines = lines
        value.shownMode = mode
    }
}
