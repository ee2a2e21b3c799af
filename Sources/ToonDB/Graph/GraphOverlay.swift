import Synchronization
import ToonCore
internal import ToonStorage

/// A property graph stored in a namespace's part of the key space
/// (README.md, "Graph overlay"):
/// typed nodes with properties, and directed typed edges with properties.
///
/// ```swift
/// let graph = GraphOverlay(db, namespace: "agent_memory")
/// try graph.addNode("user_alice", type: "person", properties: ["name": "Alice"])
/// try graph.addNode("conv_123", type: "conversation")
/// try graph.addEdge("user_alice", "started", "conv_123")
/// try graph.neighbors("user_alice")            // ["conv_123"]
/// ```
///
/// Invariants:
/// 1. Every edge is stored twice, in the outgoing list of its source and the
///    incoming list of its target (`GraphKeys`), and both copies are written
///    and removed in one storage write batch, so a reader never sees one without the other.
/// 2. An edge's two ends exist: ``addEdge(_:_:_:properties:)`` refuses a missing
///    end with `notFound` (no implicit nodes), and ``deleteNode(_:)`` removes the
///    node and every edge touching it in one batch.
/// 3. Mutations of all graphs of a process are serialised by one lock, so
///    the existence checks of invariant 2 cannot race a concurrent delete.
///    Reads take no lock; each read or traversal sees one snapshot.
/// 4. Neighbour lookups are prefix scans of one adjacency list, never a scan of all edges.
///
/// The namespace name is checked at the first use (`invalidArgument`); the
/// first write creates the namespace when it does not exist, so it is listed
/// by ``Database/listNamespaces()`` and removed by ``Database/deleteNamespace(_:force:)``.
public final class GraphOverlay: @unchecked Sendable {
    /// The database holding the graph.
    public let database: Database
    /// The namespace the graph belongs to.
    public let namespace: String
    let keys: GraphKeys
    private let nameChecked = Atomic<Bool>(false)

    /// Serialises graph mutations (invariant 3).
    private static let mutation = Mutex<Void>(())

    /// The graph of `namespace` in `db` (namespace "default" when not given).
    public init(_ db: Database, namespace: String = "default") {
        self.database = db
        self.namespace = namespace
        self.keys = GraphKeys(namespace: namespace)
    }

    var engine: any StorageBackend { database.engine }

    /// Checks the namespace name once; reads call it before touching keys.
    func checkName() throws {
        if nameChecked.load(ordering: .relaxed) { return }
        try NameRules.check(namespace, kind: "namespace")
        nameChecked.store(true, ordering: .relaxed)
    }

    /// Runs a mutation under the graph lock, with the namespace existing.
    private func mutate<T>(_ body: () throws -> T) throws -> T {
        try checkName()
        _ = try database.namespaceCreatingIfMissing(namespace)
        return try Self.mutation.withLock { _ in try body() }
    }

    // MARK: Nodes

    /// Adds a node, or replaces the type and properties of an existing one (its edges stay).
    public func addNode(_ id: String, type: String, properties: [String: any ValueConvertible] = [:]) throws {
        try GraphKeys.check(id, "node id")
        let record = GraphKeys.nodeRecord(type: type, properties: properties.mapValues(\.toonValue))
        try KeyRules.checkValue(record)
        try mutate {
            var batch = WriteBatch()
            batch.put(keys.node(id), record)
            try engine.write(batch)
        }
    }

    /// The node `id`, or nil.
    public func getNode(_ id: String) throws -> GraphNode? {
        try checkName()
        try GraphKeys.check(id, "node id")
        database.queries.add(1, ordering: .relaxed)
        return try engine.get(keys.node(id)).map { try GraphKeys.decodeNode(id, $0) }
    }

    /// Whether node `id` exists.
    public func hasNode(_ id: String) throws -> Bool {
        try checkName()
        try GraphKeys.check(id, "node id")
        return try engine.get(keys.node(id)) != nil
    }

    /// Removes node `id` and every edge leaving or entering it, atomically.
    /// Returns whether the node existed.
    @discardableResult
    public func deleteNode(_ id: String) throws -> Bool {
        try GraphKeys.check(id, "node id")
        return try mutate {
            guard try engine.get(keys.node(id)) != nil else { return false }
            var batch = WriteBatch()
            batch.delete(keys.node(id))
            for isOut in [true, false] {
                let prefix = keys.adjacency(id, outgoing: isOut, type: nil)
                let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor)
                while try it.nextEntry({ key, _ in
                    let rest = UnsafeRawBufferPointer(rebasing: key[prefix.count...])
                    guard let (type, far) = GraphKeys.splitEdge(rest) else { return }
                    batch.delete(Array(key))
                    batch.delete(keys.edge(far, type, id, outgoing: !isOut))
                }) {}
            }
            try engine.write(batch)
            return true
        }
    }

    /// Every node, in id byte order (a scan of all nodes: for tools and tests, not hot paths).
    public func allNodes() throws -> [GraphNode] {
        try checkName()
        let range = keys.nodeRange
        let it = try engine.iterator(lower: range.lower, upper: range.upper)
        var out: [GraphNode] = []
        while let (k, v) = try it.next() {
            out.append(try GraphKeys.decodeNode(String(decoding: k[range.lower.count...], as: UTF8.self), v))
        }
        return out
    }

    // MARK: Edges

    /// Adds the edge `from -edgeType-> to`, or replaces the properties of that edge.
    /// Both nodes must exist: a missing one is `notFound` (the graph has no implicit nodes).
    public func addEdge(_ from: String, _ edgeType: String, _ to: String,
                        properties: [String: any ValueConvertible] = [:]) throws {
        try GraphKeys.check(from, "node id")
        try GraphKeys.check(to, "node id")
        try GraphKeys.check(edgeType, "edge type")
        var record: [UInt8] = []
        GraphKeys.encode(properties.mapValues(\.toonValue), into: &record)
        try KeyRules.checkValue(record)
        try mutate {
            for id in [from, to] {
                guard try engine.get(keys.node(id)) == nil else { continue }
                throw ToonDBError(.notFound, "node \"\(id)\" does not exist in the graph of namespace \"\(namespace)\"",
                                  remediation: "add it with addNode(\"\(id)\", type: …) before adding edges to it")
            }
            var batch = WriteBatch()
            batch.put(keys.edge(from, edgeType, to, outgoing: true), record)
            batch.put(keys.edge(to, edgeType, from, outgoing: false), record)
            try engine.write(batch)
        }
    }

    /// The edge `from -edgeType-> to`, or nil.
    public func getEdge(_ from: String, _ edgeType: String, _ to: String) throws -> GraphEdge? {
        try checkName()
        try GraphKeys.check(from, "node id")
        try GraphKeys.check(to, "node id")
        try GraphKeys.check(edgeType, "edge type")
        guard let v = try engine.get(keys.edge(from, edgeType, to, outgoing: true)) else { return nil }
        let props = try v.withUnsafeBytes {
            try GraphKeys.decodeProperties($0, from: 0, "edge \(from) -\(edgeType)-> \(to)")
        }
        return GraphEdge(fromID: from, edgeType: edgeType, toID: to, properties: props)
    }

    /// Removes the edge `from -edgeType-> to`; returns whether it existed.
    @discardableResult
    public func deleteEdge(_ from: String, _ edgeType: String, _ to: String) throws -> Bool {
        try GraphKeys.check(from, "node id")
        try GraphKeys.check(to, "node id")
        try GraphKeys.check(edgeType, "edge type")
        return try mutate {
            let out = keys.edge(from, edgeType, to, outgoing: true)
            guard try engine.get(out) != nil else { return false }
            var batch = WriteBatch()
            batch.delete(out)
            batch.delete(keys.edge(to, edgeType, from, outgoing: false))
            try engine.write(batch)
            return true
        }
    }

    /// The edges of node `id` in `direction`, of one type when `edgeType` is given:
    /// outgoing ones first (ordered by type, then target), then incoming ones.
    public func getEdges(_ id: String, edgeType: String? = nil, direction: EdgeDirection = .outgoing) throws -> [GraphEdge] {
        try checkName()
        try GraphKeys.check(id, "node id")
        if let edgeType { try GraphKeys.check(edgeType, "edge type") }
        database.queries.add(1, ordering: .relaxed)
        var out: [GraphEdge] = []
        try forEachEdge(of: id, direction: direction, edgeType: edgeType, snapshot: nil, properties: true) { _, edge in
            out.append(edge!)
            return true
        }
        return out
    }

    /// Calls `body` with the far end of each edge of `id` (and the edge itself
    /// when `properties`); `body` returns false to stop. A self-loop is reported once for `.both`.
    func forEachEdge(of id: String, direction: EdgeDirection, edgeType: String?, snapshot: UInt64?,
                     properties: Bool, _ body: (String, GraphEdge?) throws -> Bool) throws {
        let sides: [Bool] = switch direction {
        case .outgoing: [true]
        case .incoming: [false]
        case .both: [true, false]
        }
        for isOut in sides {
            let prefix = keys.adjacency(id, outgoing: isOut, type: nil)
            let lower = edgeType.map { keys.adjacency(id, outgoing: isOut, type: $0) } ?? prefix
            let it = try engine.iterator(lower: lower, upper: lower.prefixSuccessor, snapshot: snapshot)
            var going = true
            while going, try it.nextEntry({ key, value in
                let rest = UnsafeRawBufferPointer(rebasing: key[prefix.count...])
                guard let (type, far) = GraphKeys.splitEdge(rest) else { return }
                if direction == .both && !isOut && far == id { return }
                var edge: GraphEdge?
                if properties {
                    let props = try GraphKeys.decodeProperties(value, from: 0, "an edge of node \"\(id)\"")
                    edge = isOut ? GraphEdge(fromID: id, edgeType: type, toID: far, properties: props)
                                 : GraphEdge(fromID: far, edgeType: type, toID: id, properties: props)
                }
                going = try body(far, edge)
            }) {}
        }
    }
}
