import ToonCore
import ToonSQL
internal import ToonStorage

/// A ``DataSource`` over a ``Database`` opened in this process.
public final class EmbeddedDataSource: DataSource, @unchecked Sendable {
    /// The database.
    public let database: Database
    public let isReadOnly: Bool

    /// A source over `database`; with `readOnly`, every write throws `readOnly`.
    public init(_ database: Database, readOnly: Bool = false) {
        self.database = database
        self.isReadOnly = readOnly
    }

    public var location: String { database.path }

    private func checkWritable(_ what: String) throws {
        if isReadOnly {
            throw ToonDBError(.readOnly, "\(what) refused: the database is open read-only",
                              remediation: "open it without --read-only to change it")
        }
    }

    public func listChildren(_ path: String, after: String?, limit: Int) throws -> [PathChild] {
        try database.listChildren(path, after: after, limit: limit)
    }

    /// The transaction a SQL `BEGIN` opened on the database handle, if any:
    /// key-value reads and writes go through it so they commit or roll back with the SQL.
    private var session: StorageTransaction? { database.sqlSession.withLock { $0 } }

    public func get(_ key: [UInt8]) throws -> [UInt8]? {
        guard let txn = session else { return try database.get(key) }
        try KeyRules.checkKey(key)
        return try txn.get(key)
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws {
        try checkWritable("put")
        guard let txn = session else { return try database.put(key, value) }
        try KeyRules.checkKey(key)
        try KeyRules.checkValue(value)
        try txn.put(key, value)
    }

    public func delete(_ key: [UInt8]) throws {
        try checkWritable("delete")
        guard let txn = session else { return try database.delete(key) }
        try KeyRules.checkKey(key)
        try txn.delete(key)
    }

    public func scan(prefix: [UInt8], after: [UInt8]?, limit: Int) throws -> [KeyValue] {
        let lower = after.map { $0 + [0] } ?? prefix
        var out: [KeyValue] = []
        if let txn = session {
            let it = try txn.iterator(lower: lower, upper: prefix.prefixSuccessor)
            while out.count < limit, let e = try it.next() {
                if KeyRules.isUserKey(e.key) { out.append(e) }
            }
            return out
        }
        let cursor = try database.scan(from: lower, to: prefix.prefixSuccessor)
        while out.count < limit, let e = try cursor.next() { out.append(e) }
        return out
    }

    public func executeSQL(_ sql: String, arguments: SQLArguments) throws -> SQLQueryResult {
        if isReadOnly {
            for parsed in try SQLEngine.statements(sql) where !parsed.statement.isReadOnly {
                try checkWritable("a statement that changes data")
            }
        }
        return try database.executeSQL(sql, arguments: arguments)
    }

    public func sqlSchema() throws -> [SQLSchemaEntry] { try database.sqlSchema() }

    public func interruptSQL() { database.interruptSQL() }

    public var inTransaction: Bool { database.sqlTransactionIsOpen }

    public var pendingWrites: Int { database.sqlTransactionWrites }

    public func namespaces() throws -> [NamespaceInfo] { try database.listNamespaces() }

    public func collections(in namespace: String) throws -> [CollectionConfig] {
        try database.namespace(namespace).listCollections()
    }

    private func collection(_ namespace: String, _ name: String) throws -> VectorCollection {
        try database.namespace(namespace).collection(name)
    }

    public func documentCount(namespace: String, collection name: String) throws -> Int {
        try collection(namespace, name).count
    }

    public func collectionStats(namespace: String, collection name: String) throws -> VectorIndexStats {
        try collection(namespace, name).stats()
    }

    public func documentIDs(namespace: String, collection name: String, after: String?, limit: Int) throws -> [String] {
        try collection(namespace, name).documentIDs(after: after, limit: limit)
    }

    public func document(namespace: String, collection name: String, id: String) throws -> CollectionDocument? {
        try collection(namespace, name).get(id)
    }

    public func search(namespace: String, collection name: String, _ request: SearchRequest) throws -> [SearchResult] {
        let col = try collection(namespace, name)
        switch request {
        case .vector(let v, let k): return try col.search(vector: v, k: k)
        case .moreLikeThis(let id, let k):
            guard let doc = try col.get(id) else { throw ToonDBError(.notFound, "document \"\(id)\" does not exist") }
            guard let v = doc.vectors.sorted(by: { $0.key < $1.key }).first?.value else { return [] }
            return try col.search(vector: v, k: k + 1).filter { $0.id != id }.prefix(k).map { $0 }
        case .keyword(let text, let k): return try col.keywordSearch(text, k: k)
        case .hybrid(let v, let text, let k, let alpha, let rrf):
            return try col.hybridSearch(vector: v, textQuery: text, k: k, alpha: alpha, rrfFusion: rrf)
        }
    }

    public func graphNodes(namespace: String, after: String?, limit: Int) throws -> [GraphNode] {
        try GraphOverlay(database, namespace: namespace).nodes(after: after, limit: limit)
    }

    public func graphNode(namespace: String, id: String) throws -> GraphNode? {
        try GraphOverlay(database, namespace: namespace).getNode(id)
    }

    public func graphEdges(namespace: String, node: String, direction: EdgeDirection) throws -> [GraphEdge] {
        try GraphOverlay(database, namespace: namespace).getEdges(node, direction: direction)
    }

    /// Collections and graphs write through their own transactions, so they
    /// are refused while a SQL transaction is open rather than escaping it.
    private func checkNoSession(_ what: String) throws {
        try checkWritable(what)
        if session != nil {
            throw ToonDBError(.invalidArgument, "\(what) cannot run inside an open transaction: collections and graphs commit on their own",
                              remediation: "COMMIT or ROLLBACK first")
        }
    }

    public func createNamespace(_ name: String) throws {
        try checkNoSession("creating a namespace")
        _ = try database.createNamespace(name)
    }

    public func createCollection(namespace: String, _ config: CollectionConfig) throws {
        try checkNoSession("creating a collection")
        _ = try database.namespace(namespace).createCollection(config)
    }

    public func insertDocuments(namespace: String, collection name: String, _ documents: [CollectionDocument], upsert: Bool) throws {
        try checkNoSession("inserting documents")
        try collection(namespace, name).insertBatch(documents, upsert: upsert)
    }

    public func addGraphNode(namespace: String, _ node: GraphNode) throws {
        try checkNoSession("adding a graph node")
        try GraphOverlay(database, namespace: namespace).addNode(node.id, type: node.type, properties: node.properties)
    }

    public func addGraphEdge(namespace: String, _ edge: GraphEdge) throws {
        try checkNoSession("adding a graph edge")
        try GraphOverlay(database, namespace: namespace).addEdge(edge.fromID, edge.edgeType, edge.toID, properties: edge.properties)
    }

    public func stats() throws -> DatabaseStats { database.stats() }

    public func checkpoint() throws { try database.checkpoint() }
}
