import ToonDB

/// The graph pane's walk: the neighbourhood of `root` in `namespace`'s graph, `depth` edges out.
package struct GraphRequest: Sendable, Equatable {
    package var namespace: String
    package var root: String
    package var depth: Int

    package init(namespace: String, root: String, depth: Int) {
        self.namespace = namespace
        self.root = root
        self.depth = depth
    }
}

extension DataSource {
    /// The neighbourhood of the request's root, breadth-first to its depth
    /// (at most 2,000 rows), and the error that stopped the walk early.
    func neighbourhood(_ request: GraphRequest) -> (rows: [GraphRow], error: String?) {
        let ns = request.namespace
        // One node lookup per distinct node.
        var types: [String: String] = [:]
        func type(_ id: String) -> String {
            if let t = types[id] { return t }
            let t = (try? graphNode(namespace: ns, id: id))??.type ?? ""
            types[id] = t
            return t
        }
        var rows = [GraphRow(depth: 0, arrow: "", edgeType: "", node: request.root, nodeType: type(request.root), seen: false)]
        var seen: Set<String> = [request.root]
        func walk(_ node: String, _ depth: Int) throws {
            guard depth < request.depth, rows.count < 2000 else { return }
            for e in try graphEdges(namespace: ns, node: node, direction: .both) {
                let outgoing = e.fromID == node
                let other = outgoing ? e.toID : e.fromID
                let wasSeen = seen.contains(other)
                rows.append(GraphRow(depth: depth + 1, arrow: outgoing ? "→" : "←", edgeType: e.edgeType,
                                     node: other, nodeType: type(other), seen: wasSeen))
                if !wasSeen {
                    seen.insert(other)
                    try walk(other, depth + 1)
                }
            }
        }
        do {
            try walk(request.root, 0)
            return (rows, nil)
        } catch {
            return (rows, "\(error)")
        }
    }
}
