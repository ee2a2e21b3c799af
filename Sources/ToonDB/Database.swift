import Synchronization
import ToonCore
import ToonSQL
package import ToonStorage

/// An open ToonDB database: a durable, ordered key-value store with key
/// paths, snapshot scans and transactions (README.md, "From Swift").
///
/// ```swift
/// let db = try Database.open("./my_database")
/// try db.put("user:123", #"{"name":"Alice"}"#)
/// let v = try db.get("user:123")
/// try db.close()
/// ```
/// One process opens a database for writing at a time; a second open gets
/// `locked` naming the holder. A closed handle throws `databaseClosed`.
public final class Database: @unchecked Sendable {
    /// The database directory (for a database on another backend, where it is:
    /// `etcd://host:2379/PREFIX`).
    public let path: String
    /// The local directory of the files kept beside the data (`vectors/`):
    /// the database directory itself, or for another backend a per-user cache directory.
    let filesDirectory: String
    /// The configuration it was opened with.
    public let config: DatabaseConfig
    let engine: any StorageBackend
    let queries = Atomic<Int>(0)
    /// The SQL engine (its catalog cache) of this handle.
    let sql = SQLEngine()
    /// The transaction a SQL `BEGIN` opened on this handle, until COMMIT or ROLLBACK.
    let sqlSession = Mutex<StorageTransaction?>(nil)
    /// What the statements run in ``sqlSession`` have written so far (``sqlTransactionWrites``).
    let sqlSessionWrites = Atomic<Int>(0)
    /// Raised by ``interruptSQL()``.
    let interruptSignal = InterruptSignal()
    /// The namespaces, cached.
    let namespaces: NamespaceRegistry
    /// The loaded collections and their indexes.
    let collections = CollectionRegistry()
    /// Serialises creating and deleting collections.
    let collectionCreation = Mutex<Void>(())

    private init(path: String, filesDirectory: String, config: DatabaseConfig, engine: any StorageBackend) {
        self.path = path
        self.filesDirectory = filesDirectory
        self.config = config
        self.engine = engine
        self.namespaces = NamespaceRegistry(engine: engine)
    }

    /// Opens the database in `path`, creating the directory when missing
    /// (unless `config.createIfMissing` is false), and recovers it.
    public static func open(_ path: String, config: DatabaseConfig = DatabaseConfig()) throws -> Database {
        guard !path.isEmpty else {
            throw ToonDBError(.invalidArgument, "the database path is empty", remediation: "give a directory path")
        }
        let engine = try StorageEngine.open(path: path, options: config.engineOptions)
        return Database(path: path, filesDirectory: path, config: config, engine: engine)
    }

    /// A database on `backend` (ToonEtcd's etcd backend): `location` names it
    /// in messages and ``path``; the vector index files are kept in `filesDirectory`.
    package static func open(backend: any StorageBackend, location: String, filesDirectory: String,
                             config: DatabaseConfig = DatabaseConfig()) -> Database {
        Database(path: location, filesDirectory: filesDirectory, config: config, engine: backend)
    }

    deinit { try? close() }

    /// Stores `value` under `key`, replacing any previous value.
    public func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws {
        let k = key.toonBytes, v = value.toonBytes
        try KeyRules.checkKey(k)
        try KeyRules.checkValue(v)
        var batch = WriteBatch()
        batch.put(k, v)
        try engine.write(batch)
    }

    /// The value stored under `key`, or nil.
    public func get(_ key: some ByteConvertible) throws -> [UInt8]? {
        let k = key.toonBytes
        try KeyRules.checkKey(k)
        queries.add(1, ordering: .relaxed)
        return try engine.get(k)
    }

    /// The value stored under `key` as UTF-8 text, or nil.
    public func getString(_ key: some ByteConvertible) throws -> String? {
        try get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes `key`; removing a missing key is not an error.
    public func delete(_ key: some ByteConvertible) throws {
        let k = key.toonBytes
        try KeyRules.checkKey(k)
        var batch = WriteBatch()
        batch.delete(k)
        try engine.write(batch)
    }

    /// Applies several puts (nil value: delete) atomically, in one log record.
    public func writeBatch(_ entries: [(key: [UInt8], value: [UInt8]?)]) throws {
        var batch = WriteBatch()
        for (k, v) in entries {
            try KeyRules.checkKey(k)
            if let v {
                try KeyRules.checkValue(v)
                batch.put(k, v)
            } else {
                batch.delete(k)
            }
        }
        try engine.write(batch)
    }

    /// Writes the memtable to a segment file, syncs, and drops the write-ahead log it covered.
    /// Also saves every collection index that changed.
    public func checkpoint() throws {
        try engine.checkpoint()
        try collections.saveAll()
    }

    /// Merges every segment file into the last level (a full compaction).
    public func compact() throws {
        try engine.compactAll()
    }

    /// Closes the database: queued writes finish, every changed vector index
    /// is saved, the memtable is written out, the log synced and the lock
    /// released. Throws the first error of those steps (`ioError`, say),
    /// after trying all of them: the database is closed either way, and
    /// nothing acknowledged is lost (the log is replayed and the indexes are
    /// brought up to date from the documents at the next open). Closing twice
    /// does nothing; any other use afterwards throws `databaseClosed`.
    public func close() throws {
        var firstError: Error?
        collections.stopFollowing()
        do { try collections.saveAll() } catch { firstError = error }
        do { try engine.close() } catch { firstError = firstError ?? error }
        if let firstError { throw firstError }
    }
}
