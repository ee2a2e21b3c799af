import ToonCore
internal import ToonStorage

/// Neighbours, traversals, shortest paths and subgraphs. Each call reads
/// one snapshot of the graph; every traversal keeps a visited set, so cycles
/// end it rather than loop.
extension GraphOverlay {
    /// A predicate on the edges a traversal may follow.
    public typealias EdgeFilter = (GraphEdge) throws -> Bool

    /// The distinct nodes one edge away from `id` in `direction` (of one
    /// type when `edgeType` is given), in adjacency order.
    public func neighbors(_ id: String, direction: EdgeDirection = .outgoing, edgeType: String? = nil) throws -> [String] {
        try checkName()
        try GraphKeys.check(id, "node id")
        if let edgeType { try GraphKeys.check(edgeType, "edge type") }
        database.queries.add(1, ordering: .relaxed)
        var out: [String] = []
        var seen: Set<String> = []
        try forEachEdge(of: id, direction: direction, edgeType: edgeType, snapshot: nil, properties: false) { far, _ in
            if direction != .both || seen.insert(far).inserted { out.append(far) }
            return true
        }
        if direction != .both && out.count > 1 {
            // One list holds one entry per (type, far end): drop repeats of a far end.
            var unique: [String] = []
            for far in out where seen.insert(far).inserted { unique.append(far) }
            return unique
        }
        return out
    }

    /// Breadth-first traversal from `start`: node ids in the order reached,
    /// `start` first, following at most `maxDepth` edges from it and only
    /// edges `edgeFilter` accepts. `notFound` when `start` does not exist,
    /// `invalidArgument` when `maxDepth` is negative.
    public func bfs(_ start: String, maxDepth: Int = 3, direction: EdgeDirection = .outgoing,
                    edgeFilter: EdgeFilter? = nil) throws -> [String] {
        let snapshot = try begin(start, maxDepth: maxDepth)
        var order = [start]
        var seen: Set<String> = [start]
        var frontier = [start]
        var depth = 0
        while depth < maxDepth && !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                try step(id, direction, edgeFilter, snapshot.sequence) { far in
                    if seen.insert(far).inserted {
                        order.append(far)
                        next.append(far)
                    }
                }
            }
            frontier = next
            depth += 1
        }
        return order
    }

    /// Depth-first traversal (pre-order, edges taken in adjacency order) with
    /// the same arguments and rules as ``bfs(_:maxDepth:direction:edgeFilter:)``.
    public func dfs(_ start: String, maxDepth: Int = 3, direction: EdgeDirection = .outgoing,
                    edgeFilter: EdgeFilter? = nil) throws -> [String] {
        let snapshot = try begin(start, maxDepth: maxDepth)
        var order: [String] = []
        var seen: Set<String> = []
        // An explicit stack (no recursion, so no stack overflow on long chains).
        var stack: [(id: String, depth: Int)] = [(start, 0)]
        while let (id, depth) = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            order.append(id)
            guard depth < maxDepth else { continue }
            var children: [String] = []
            try step(id, direction, edgeFilter, snapshot.sequence) { far in
                if !seen.contains(far) { children.append(far) }
            }
            for far in children.reversed() { stack.append((far, depth + 1)) }
        }
        return order
    }

    /// The node ids of a shortest path (fewest edges) from `from` to `to`,
    /// both included, or nil when `to` cannot be reached within `maxDepth`
    /// edges. `notFound` when either node does not exist.
    public func shortestPath(_ from: String, _ to: String, maxDepth: Int = .max,
                             direction: EdgeDirection = .outgoing, edgeFilter: EdgeFilter? = nil) throws -> [String]? {
        let snapshot = try begin(from, maxDepth: maxDepth)
        try GraphKeys.check(to, "node id")
        guard try engine.get(keys.node(to), snapshot: snapshot.sequence) != nil else { throw missing(to) }
        if from == to { return [from] }
        var parent: [String: String] = [from: from]
        var frontier = [from]
        var depth = 0
        while depth < maxDepth && !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                var found = false
                try step(id, direction, edgeFilter, snapshot.sequence) { far in
                    guard parent[far] == nil else { return }
                    parent[far] = id
                    next.append(far)
                    if far == to { found = true }
                }
                if found {
                    var path = [to]
                    while let p = parent[path.last!], p != path.last! { path.append(p) }
                    return path.reversed()
                }
            }
            frontier = next
            depth += 1
        }
        return nil
    }

    /// The nodes among `ids` that exist (in the order given, repeats dropped)
    /// and every edge whose two ends are among them.
    public func subgraph(_ ids: [String]) throws -> Subgraph {
        try checkName()
        for id in ids { try GraphKeys.check(id, "node id") }
        let snapshot = try engine.acquireSnapshot()
        var nodes: [GraphNode] = []
        var present: Set<String> = []
        for id in ids where !present.contains(id) {
            if let v = try engine.get(keys.node(id), snapshot: snapshot.sequence) {
                nodes.append(try GraphKeys.decodeNode(id, v))
                present.insert(id)
            }
        }
        var edges: [GraphEdge] = []
        for node in nodes {
            try forEachEdge(of: node.id, direction: .outgoing, edgeType: nil, snapshot: snapshot.sequence,
                            properties: true) { far, edge in
                if present.contains(far) { edges.append(edge!) }
                return true
            }
        }
        edges.sort { ($0.fromID, $0.edgeType, $0.toID) < ($1.fromID, $1.edgeType, $1.toID) }
        return Subgraph(nodes: nodes, edges: edges)
    }

    /// Checks a traversal's arguments and takes its snapshot.
    private func begin(_ start: String, maxDepth: Int) throws -> SnapshotHandle {
        try checkName()
        try GraphKeys.check(start, "node id")
        guard maxDepth >= 0 else {
            throw ToonDBError(.invalidArgument, "maxDepth must not be negative, not \(maxDepth)",
                              remediation: "pass 0 for the start node alone, or a positive depth")
        }
        database.queries.add(1, ordering: .relaxed)
        let snapshot = try engine.acquireSnapshot()
        guard try engine.get(keys.node(start), snapshot: snapshot.sequence) != nil else { throw missing(start) }
        return snapshot
    }

    /// Calls `body` with each far end of `id` reachable over one edge the filter accepts.
    private func step(_ id: String, _ direction: EdgeDirection, _ filter: EdgeFilter?, _ snapshot: UInt64,
                      _ body: (String) throws -> Void) throws {
        try forEachEdge(of: id, direction: direction, edgeType: nil, snapshot: snapshot,
                        properties: filter != nil) { far, edge in
            if let filter, let edge, try !filter(edge) { return true }
            try body(far)
            return true
        }
    }

    private func missing(_ id: String) -> ToonDBError {
        ToonDBError(.notFound, "node \"\(id)\" does not exist in the graph of namespace \"\(namespace)\"")
    }
}
