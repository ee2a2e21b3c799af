import ToonCore
import ToonSQL

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

    public func get(_ key: [UInt8]) throws -> [UInt8]? { try database.get(key) }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws {
        try checkWritable("put")
        try database.put(key, value)
    }

    public func delete(_ key: [UInt8]) throws {
        try checkWritable("delete")
        try database.delete(key)
    }

    public func scan(prefix: [UInt8], after: [UInt8]?, limit: Int) throws -> [KeyValue] {
        let lower = after.map { $0 + [0] } ?? prefix
        let cursor = try database.scan(from: lower, to: prefix.prefixSuccessor).cursor()
        var out: [KeyValue] = []
        while out.count < limit, let e = try cursor.next() { out.append(e) }
        return out
    }

    public func executeSQL(_ sql: String) throws -> SQLQueryResult {
        if isReadOnly {
            for (statement, _) in try SQLEngine.statements(sql) where !statement.isReadOnly {
                try checkWritable("a statement that changes data")
            }
        }
        return try database.executeSQL(sql)
    }

    public func sqlSchema() throws -> [SQLSchemaEntry] { try database.sqlSchema() }

    public func interruptSQL() { database.interruptSQL() }

    public var inTransaction: Bool { database.sqlTransactionIsOpen }

    public func namespaces() throws -> [NamespaceInfo] { try database.listNamespaces() }

    public func collections(in namespace: String) throws -> [CollectionConfig] {
        try database.namespace(namespace).listCollections()
    }

    private func collection(_ namespace: String, _ name: String) throws -> Collection {
        try database.namespace(namespace).collection(name)
    }

    public func documentCount(namespace: String, collection name: String) throws -> Int {
        try collection(namespace, name).count
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

    public func stats() throws -> DatabaseStats { database.stats() }

    public func checkpoint() throws { try database.checkpoint() }
}
