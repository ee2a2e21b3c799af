import ToonCore

/// What the explorer and the console read and change, whatever the
/// database is behind it: embedded (``EmbeddedDataSource``) or remote (over
/// IPC or gRPC). Every call is synchronous and may throw `ToonDBError`;
/// listings are paged (`after`, `limit`) so no call has to read everything.
public protocol DataSource: AnyObject, Sendable {
    /// What it is connected to, for status lines: a path, a socket, host:port.
    var location: String { get }
    /// Whether writes are refused (`--read-only`, or a source that cannot write).
    var isReadOnly: Bool { get }

    // MARK: key-value

    /// The immediate children of a key path (see ``Database/listChildren(_:after:limit:)``).
    func listChildren(_ path: String, after: String?, limit: Int) throws -> [PathChild]
    /// The value of a key, or nil.
    func get(_ key: [UInt8]) throws -> [UInt8]?
    /// Stores a value.
    func put(_ key: [UInt8], _ value: [UInt8]) throws
    /// Removes a key.
    func delete(_ key: [UInt8]) throws
    /// Up to `limit` entries whose key starts with `prefix`, after the key `after` when given.
    func scan(prefix: [UInt8], after: [UInt8]?, limit: Int) throws -> [KeyValue]

    // MARK: SQL

    /// Runs SQL (one or more statements; the last result is returned) with
    /// `arguments` bound to its parameters, as ``Database/executeSQL(_:arguments:)``
    /// does. While a `BEGIN` is open, the key-value calls above read and
    /// write inside it too.
    func executeSQL(_ sql: String, arguments: SQLArguments) throws -> SQLQueryResult
    /// The SQL schema.
    func sqlSchema() throws -> [SQLSchemaEntry]
    /// Stops the SQL statements running now (from another thread); they throw `interrupted`.
    func interruptSQL()
    /// Whether a SQL transaction (BEGIN) is open.
    var inTransaction: Bool { get }
    /// The writes waiting in the open SQL transaction (rows changed, plus one
    /// per schema change); 0 when none is open or the source cannot tell.
    var pendingWrites: Int { get }

    // MARK: namespaces, collections, graphs

    /// Every namespace.
    func namespaces() throws -> [NamespaceInfo]
    /// The collections of a namespace.
    func collections(in namespace: String) throws -> [CollectionConfig]
    /// The number of documents of a collection.
    func documentCount(namespace: String, collection: String) throws -> Int
    /// A collection's index: bytes per vector, graph bytes, tombstones (``VectorCollection/stats()``).
    func collectionStats(namespace: String, collection: String) throws -> VectorIndexStats
    /// Up to `limit` document ids of a collection in id order, after `after` when given.
    func documentIDs(namespace: String, collection: String, after: String?, limit: Int) throws -> [String]
    /// One document, or nil.
    func document(namespace: String, collection: String, id: String) throws -> CollectionDocument?
    /// Runs a search in a collection.
    func search(namespace: String, collection: String, _ request: SearchRequest) throws -> [SearchResult]
    /// Up to `limit` nodes of a namespace's graph in id order, after `after` when given.
    func graphNodes(namespace: String, after: String?, limit: Int) throws -> [GraphNode]
    /// One node of a namespace's graph (its type and properties), or nil.
    func graphNode(namespace: String, id: String) throws -> GraphNode?
    /// The edges of a node in the given direction.
    func graphEdges(namespace: String, node: String, direction: EdgeDirection) throws -> [GraphEdge]

    // MARK: namespaces, collections and graphs: writes

    /// Creates a namespace; `alreadyExists` when there is one of that name.
    func createNamespace(_ name: String) throws
    /// Creates a collection in a namespace.
    func createCollection(namespace: String, _ config: CollectionConfig) throws
    /// Adds documents to a collection, all or none (replacing existing ids when `upsert`).
    func insertDocuments(namespace: String, collection: String, _ documents: [CollectionDocument], upsert: Bool) throws
    /// Adds (or replaces) a node of a namespace's graph.
    func addGraphNode(namespace: String, _ node: GraphNode) throws
    /// Adds (or replaces) an edge of a namespace's graph.
    func addGraphEdge(namespace: String, _ edge: GraphEdge) throws

    // MARK: the database

    /// Counters and storage layout.
    func stats() throws -> DatabaseStats
    /// Flushes and syncs (see ``Database/checkpoint()``).
    func checkpoint() throws
}

extension DataSource {
    /// 0: a source that cannot count the writes of its transaction.
    public var pendingWrites: Int { 0 }

    /// Runs SQL without arguments.
    public func executeSQL(_ sql: String) throws -> SQLQueryResult {
        try executeSQL(sql, arguments: SQLArguments())
    }
}

/// A search a ``DataSource`` runs in a collection.
public enum SearchRequest: Sendable, Equatable {
    /// The `k` nearest documents to a vector.
    case vector([Float], k: Int)
    /// The `k` documents nearest to the document `id` ("more like this"; the document itself excluded).
    case moreLikeThis(id: String, k: Int)
    /// BM25 keyword search.
    case keyword(String, k: Int)
    /// Vector and keyword search fused (see ``VectorCollection/hybridSearch(vector:textQuery:k:alpha:rrfFusion:filter:efSearch:)``).
    case hybrid(vector: [Float], text: String, k: Int, alpha: Double, rrf: Bool)
}
