import Foundation

extension AppState {
    /// The search pane's search of the selected collection; its hits come back in ``Message/searchFinished(_:)``.
    mutating func runSearch() -> [Effect] {
        guard let ns = search.namespace, let col = search.collection else {
            search.error = "select a collection or a document in the keys pane first"
            return []
        }
        search.error = nil
        search.note = nil
        return [.search(SearchPaneRequest(namespace: ns, collection: col, sourceDocument: search.sourceDocument,
                                      text: search.editor.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                      mode: search.mode, alpha: search.alpha, k: search.k))]
    }

    mutating func searchFinished(_ outcome: SearchOutcome) {
        search.note = outcome.note
        search.error = outcome.error
        search.rows = outcome.rows
        if let elapsed = outcome.elapsed {
            search.selected = 0
            search.elapsed = elapsed
        }
    }

    /// The graph pane shows the neighbourhood of `root`.
    mutating func showGraph(namespace ns: String, root: String) -> [Effect] {
        graph.namespace = ns
        graph.root = root
        return loadGraph() + focus(.graph)
    }

    /// Walks the graph root's neighbourhood again (to the chosen depth).
    mutating func loadGraph() -> [Effect] {
        guard let ns = graph.namespace, let root = graph.root else { return [] }
        graph.error = nil
        return [.loadGraph(GraphRequest(namespace: ns, root: root, depth: graph.depth))]
    }

    mutating func graphLoaded(_ rows: [GraphRow], _ error: String?) {
        graph.error = error
        graph.rows = rows
        graph.collapsed = []
        graph.selected = min(graph.selected, rows.count - 1)
    }
}
