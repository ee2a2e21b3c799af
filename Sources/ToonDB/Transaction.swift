import ToonCore
internal import ToonStorage

/// A snapshot-isolated transaction (README.md, "From Swift"). It reads the database as of its
/// start plus its own writes; ``commit()`` applies its writes atomically or,
/// when another transaction committed a write to one of the same keys after
/// this one began, throws `transactionConflict` and applies nothing.
public final class Transaction: @unchecked Sendable {
    let inner: StorageTransaction
    let database: Database
    /// Raised by ``interruptSQL()``.
    let interruptSignal = InterruptSignal()

    init(inner: StorageTransaction, database: Database) {
        self.inner = inner
        self.database = database
    }

    /// Unique for the life of the database, also across reopens.
    public var id: UInt64 { inner.id }
    /// Whether neither committed nor aborted.
    public var isActive: Bool { inner.isActive }
    /// Number of buffered writes.
    public var pendingWriteCount: Int { inner.pendingWriteCount }

    /// Buffers a put.
    public func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws {
        let k = key.toonBytes, v = value.toonBytes
        try KeyRules.checkKey(k)
        try KeyRules.checkValue(v)
        try inner.put(k, v)
    }

    /// The value of `key` in this transaction's view, or nil.
    public func get(_ key: some ByteConvertible) throws -> [UInt8]? {
        let k = key.toonBytes
        try KeyRules.checkKey(k)
        return try inner.get(k)
    }

    /// The value as UTF-8 text, or nil.
    public func getString(_ key: some ByteConvertible) throws -> String? {
        try get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Buffers a delete.
    public func delete(_ key: some ByteConvertible) throws {
        let k = key.toonBytes
        try KeyRules.checkKey(k)
        try inner.delete(k)
    }

    /// Puts at a key path (see ``Database/putPath(_:_:)``).
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try put(try KeyPathRules.normalize(path), value)
    }

    /// Reads a key path.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try get(try KeyPathRules.normalize(path))
    }

    /// Entries with `from <= key < to` in this transaction's view, its own
    /// writes included; lazy, like ``Database/scan(from:to:)``.
    public func scan(from: some ByteConvertible, to: (some ByteConvertible)? = String?.none) throws -> ScanCursor {
        let lower = from.toonBytes, upper = to?.toonBytes
        return ScanCursor(base: try inner.iterator(lower: lower, upper: upper), area: .user, batchSize: 1)
    }

    /// Entries whose key starts with `prefix`, its own writes included.
    public func scanPrefix(_ prefix: some ByteConvertible) throws -> ScanCursor {
        let p = prefix.toonBytes
        return try scan(from: p, to: p.prefixSuccessor)
    }

    /// Commits and returns the commit's log sequence number.
    @discardableResult
    public func commit() throws -> UInt64 { try inner.commit() }

    /// Discards every buffered write. Safe to call twice or after a failed commit.
    public func abort() { inner.abort() }
}

extension Database {
    /// Begins a transaction at the latest commit.
    public func beginTransaction() throws -> Transaction {
        Transaction(inner: try engine.beginTransaction(), database: self)
    }

    /// Runs `body` in a transaction that commits when it returns and aborts when it throws.
    @discardableResult
    public func transaction<T>(_ body: (Transaction) throws -> T) throws -> T {
        let txn = try beginTransaction()
        do {
            let result = try body(txn)
            try txn.commit()
            return result
        } catch {
            txn.abort()
            throw error
        }
    }
}
