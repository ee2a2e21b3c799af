import ToonCore

/// What a ``KeyValueConnection`` is connected to.
public enum ConnectionKind: String, Sendable, CaseIterable {
    /// A ``Database`` opened in this process.
    case embedded
    /// A `toondb-server` over its Unix socket.
    case ipc
    /// A `toondb-grpc-server` over gRPC (its KvService).
    case grpc
}

/// The key-value and transaction API shared by an embedded ``Database``, an
/// IPC client and a gRPC client (README.md, "Connections and servers"), so code written against it runs
/// against any of them. `ToonConnect.connect(_:mode:)` returns one.
///
/// ```swift
/// let conn: any KeyValueConnection = try connect("./my_database")
/// try conn.put("user:1", "Alice")
/// let v = try conn.get("user:1")
/// let users = try conn.scanPrefix("user:", limit: nil)
/// try conn.close()
/// ```
///
/// What differs between the three is said where it differs:
/// ``supportsTransactions`` (only the embedded database groups writes
/// atomically: the IPC protocol's transactions do not cover data calls and
/// the gRPC KvService has none), and ``connectionStats()`` (each reports its
/// own counters).
public protocol KeyValueConnection: AnyObject, Sendable {
    /// What this connection is connected to.
    var connectionKind: ConnectionKind { get }

    /// Stores `value` under `key`, replacing any previous value.
    func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws
    /// The value stored under `key`, or nil.
    func get(_ key: some ByteConvertible) throws -> [UInt8]?
    /// Removes `key`; removing a missing key is not an error.
    func delete(_ key: some ByteConvertible) throws
    /// Stores `value` at a key path (`users/alice/email`).
    func putPath(_ path: String, _ value: some ByteConvertible) throws
    /// The value at a key path, or nil.
    func getPath(_ path: String) throws -> [UInt8]?
    /// Entries whose key starts with `prefix`, in key order; at most `limit` (nil: all).
    func scanPrefix(_ prefix: some ByteConvertible, limit: Int?) throws -> [KeyValue]

    /// Whether ``withTransaction(_:)`` is available (true only for the embedded database).
    var supportsTransactions: Bool { get }
    /// Runs `body` in a snapshot-isolated transaction that commits when it
    /// returns and aborts when it throws. Where ``supportsTransactions`` is
    /// false this throws `invalidArgument` without calling `body`: no
    /// connection pretends to be atomic when it is not.
    func withTransaction<T>(_ body: (any KeyValueTransaction) throws -> T) throws -> T

    /// Makes everything written so far durable in the database's files.
    func checkpoint() throws
    /// Counters of the database or server, as name–value pairs in a stable order.
    func connectionStats() throws -> [(name: String, value: String)]
    /// Closes the connection (or the database). Closing twice does nothing.
    /// A database reports the first error of its final save (see ``Database/close()``).
    func close() throws
}

/// The reads and writes of a transaction run by ``KeyValueConnection/withTransaction(_:)``.
public protocol KeyValueTransaction: AnyObject {
    /// Buffers a put.
    func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws
    /// The value of `key` in the transaction's view, or nil.
    func get(_ key: some ByteConvertible) throws -> [UInt8]?
    /// Buffers a delete.
    func delete(_ key: some ByteConvertible) throws
    /// Buffers a put at a key path.
    func putPath(_ path: String, _ value: some ByteConvertible) throws
    /// Reads a key path in the transaction's view.
    func getPath(_ path: String) throws -> [UInt8]?
}

extension KeyValueConnection {
    /// The error ``KeyValueConnection/withTransaction(_:)`` throws on a connection without transactions.
    public func transactionsUnsupported(_ why: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "a \(connectionKind.rawValue) connection cannot run a transaction: \(why)",
                    remediation: "open the database embedded (connect(path, mode: .embedded)) to group writes atomically")
    }
}
