import Foundation
import ToonCore
import ToonDB
#if GRPC
import ToonGRPC
#endif
import ToonWire

/// A ``DataSource`` over a server: `toondb-server` (IPC) or
/// `toondb-grpc-server`, for `toondb --ipc SOCKET` and `toondb --grpc
/// HOST:PORT`. It offers what the server's protocol carries and says so
/// plainly for the rest:
///
/// | | IPC | gRPC |
/// |---|---|---|
/// | keys, values, key-path tree | yes | yes |
/// | SQL | yes (EXECUTE_SQL; no BEGIN/COMMIT) | no |
/// | namespaces, collections, graphs, storage statistics | no | no |
///
/// The key-path tree is computed from a prefix scan, so listing a path
/// reads its whole subtree (the protocols have no listing call).
public final class RemoteDataSource: DataSource, @unchecked Sendable {
    public let location: String
    public let isReadOnly: Bool
    private let lock = NSLock()
    private var current: any KeyValueConnection
    private let kind: String
    /// Opens a new connection after ``interruptSQL()`` ended the last one.
    private let reconnect: (() throws -> any KeyValueConnection)?

    /// A source over an open connection.
    public convenience init(_ connection: any KeyValueConnection, location: String, readOnly: Bool = false) {
        self.init(connection, location: location, readOnly: readOnly, reconnect: nil)
    }

    private init(_ connection: any KeyValueConnection, location: String, readOnly: Bool,
                 reconnect: (() throws -> any KeyValueConnection)?) {
        self.current = connection
        self.kind = connection.connectionKind == .ipc ? "IPC" : "gRPC"
        self.location = location
        self.isReadOnly = readOnly
        self.reconnect = reconnect
    }

    /// Connects to `toondb-server` on `socket`.
    public static func ipc(_ socket: String, readOnly: Bool = false) throws -> RemoteDataSource {
        let connect = { try IpcClient.connect(socket) as any KeyValueConnection }
        return RemoteDataSource(try connect(), location: socket, readOnly: readOnly, reconnect: connect)
    }

    /// The connection to use: a new one when the last was interrupted.
    private var connection: any KeyValueConnection {
        get throws {
            try lock.withLock {
                if let ipc = current as? IpcClient, ipc.wasInterrupted, let reconnect {
                    current = try reconnect()
                }
                return current
            }
        }
    }

    /// Connects to `toondb-grpc-server` at `address` (`host:port`).
    public static func grpc(_ address: String, readOnly: Bool = false) throws -> RemoteDataSource {
        #if GRPC
        RemoteDataSource(try GRPCConnection.connect(address), location: address, readOnly: readOnly)
        #else
        throw GRPCSupport.notBuilt(address)
        #endif
    }

    private func unavailable(_ what: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "\(what) are not available over \(kind) (\(location))",
                    remediation: "open the database directly (toondb PATH) to see them")
    }

    private func checkWritable(_ what: String) throws {
        if isReadOnly {
            throw ToonDBError(.readOnly, "\(what) refused: the connection is read-only")
        }
    }

    public func listChildren(_ path: String, after: String?, limit: Int) throws -> [PathChild] {
        let prefix = KeyPathRules.directoryPrefix(path)
        var children: [String: PathChild] = [:]
        for (key, _) in try connection.scanPrefix(prefix, limit: nil) {
            let rest = key[prefix.count...]
            let slash = rest.firstIndex(of: UInt8(ascii: "/"))
            let name = Array(key[prefix.count..<(slash ?? key.endIndex)])
            let text = String(decoding: name, as: UTF8.self)
            var child = children[text] ?? PathChild(name: text, key: prefix + name, hasValue: false, hasChildren: false)
            if slash == nil { child.hasValue = true } else { child.hasChildren = true }
            children[text] = child
        }
        let sorted = children.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let start = after.map { a in sorted.firstIndex { a.utf8.lexicographicallyPrecedes($0.name.utf8) } ?? sorted.count } ?? 0
        return Array(sorted[start...].prefix(limit))
    }

    public func get(_ key: [UInt8]) throws -> [UInt8]? { try connection.get(key) }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws {
        try checkWritable("put")
        try connection.put(key, value)
    }

    public func delete(_ key: [UInt8]) throws {
        try checkWritable("delete")
        try connection.delete(key)
    }

    public func scan(prefix: [UInt8], after: [UInt8]?, limit: Int) throws -> [KeyValue] {
        let all = try connection.scanPrefix(prefix, limit: after == nil ? limit : nil)
        guard let after else { return all }
        return Array(all.lazy.filter { after.lexicographicallyPrecedes($0.key) }.prefix(limit))
    }

    /// Runs SQL text over IPC; the protocol carries no bound values, so
    /// `arguments` must be empty.
    public func executeSQL(_ sql: String, arguments: SQLArguments) throws -> SQLQueryResult {
        guard let ipc = try connection as? IpcClient else { throw unavailable("SQL statements") }
        guard arguments.isEmpty else { throw unavailable("bound parameters") }
        if isReadOnly { try checkWritable("SQL over a read-only connection") }
        return try ipc.executeSQL(sql)
    }

    public func sqlSchema() throws -> [SQLSchemaEntry] { throw unavailable("SQL schema listings") }
    /// Over IPC, ends the connection of the running statement: the waiting
    /// call throws `interrupted`, `toondb-server` stops the statement at its
    /// next row, and the next call connects again. gRPC carries no SQL.
    public func interruptSQL() {
        (lock.withLock { current } as? IpcClient)?.interrupt()
    }
    public var inTransaction: Bool { false }
    public func namespaces() throws -> [NamespaceInfo] { throw unavailable("namespaces") }
    public func collections(in namespace: String) throws -> [CollectionConfig] { throw unavailable("collections") }
    public func documentCount(namespace: String, collection: String) throws -> Int { throw unavailable("collections") }
    public func collectionStats(namespace: String, collection: String) throws -> VectorIndexStats { throw unavailable("collections") }
    public func documentIDs(namespace: String, collection: String, after: String?, limit: Int) throws -> [String] {
        throw unavailable("collections")
    }
    public func document(namespace: String, collection: String, id: String) throws -> CollectionDocument? {
        throw unavailable("collections")
    }
    public func search(namespace: String, collection: String, _ request: SearchRequest) throws -> [SearchResult] {
        throw unavailable("collection searches")
    }
    public func createNamespace(_ name: String) throws { throw unavailable("namespaces") }
    public func createCollection(namespace: String, _ config: CollectionConfig) throws { throw unavailable("collections") }
    public func insertDocuments(namespace: String, collection: String, _ documents: [CollectionDocument],
                                upsert: Bool) throws {
        throw unavailable("collections")
    }
    public func addGraphNode(namespace: String, _ node: GraphNode) throws { throw unavailable("graphs") }
    public func addGraphEdge(namespace: String, _ edge: GraphEdge) throws { throw unavailable("graphs") }
    public func graphNode(namespace: String, id: String) throws -> GraphNode? { throw unavailable("graphs") }
    public func graphNodes(namespace: String, after: String?, limit: Int) throws -> [GraphNode] { throw unavailable("graphs") }
    public func graphEdges(namespace: String, node: String, direction: EdgeDirection) throws -> [GraphEdge] {
        throw unavailable("graphs")
    }

    /// Not available: the servers report their own counters (connections,
    /// requests), not the storage figures ``DatabaseStats`` holds.
    public func stats() throws -> DatabaseStats { throw unavailable("storage statistics") }

    public func checkpoint() throws { try connection.checkpoint() }
}
