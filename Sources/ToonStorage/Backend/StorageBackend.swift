import ToonCore

/// The store under ToonDB's transactions: everything the key-value API, SQL,
/// namespaces, collections, the graph and the audit log need from it, and
/// nothing more (ARCHITECTURE.md, "Storage backends").
///
/// A backend keeps one ordered byte key space with versions: every commit
/// gets a number (the embedded engine's sequence, etcd's revision), a
/// snapshot is such a number, and a read at a snapshot sees exactly the
/// commits at or below it. ``StorageTransaction`` buffers its writes above
/// this seam and hands them to ``write(_:snapshot:)`` at commit, which
/// refuses them with `transactionConflict` when another commit after the
/// snapshot wrote one of the same keys (snapshot isolation), or wrote into a
/// key range the transaction guards (``StorageTransaction/guardRange(lower:upper:)``).
///
/// Implementations: ``StorageEngine`` (the embedded LSM) and ToonEtcd's
/// etcd backend. Every method may be called from any thread.
package protocol StorageBackend: AnyObject, Sendable {
    /// The cursor ``cursor(lower:upper:snapshot:)`` returns.
    associatedtype Cursor: EntryCursor

    /// The newest value of `key` visible at `snapshot` (the latest commit when nil).
    func get(_ key: [UInt8], snapshot: UInt64?) throws -> [UInt8]?

    /// A lazy cursor over `[lower, upper)` (upper nil: to the end of the key
    /// space) at `snapshot` (the latest commit when nil). It keeps what it
    /// reads readable until it is freed.
    func cursor(lower: [UInt8], upper: [UInt8]?, snapshot: UInt64?) throws -> Cursor

    /// Applies `batch` atomically and returns its commit number. With
    /// `snapshot`, refuses it with `transactionConflict` when a key it writes
    /// was committed by someone else after that snapshot, or a key was put in
    /// one of its ``WriteBatch/guardedRanges``.
    @discardableResult
    func write(_ batch: WriteBatch, snapshot: UInt64?) throws -> UInt64

    /// Deletes every key under `prefix` (a namespace or collection being
    /// dropped), as one or more atomic batches.
    func purge(_ prefix: [UInt8]) throws

    /// A snapshot at the latest commit, held until the handle is freed.
    func acquireSnapshot() throws -> SnapshotHandle

    /// A transaction reading at the latest commit: at its begin, or (a
    /// backend where asking costs a request) at its first read.
    func beginTransaction() throws -> StorageTransaction

    /// Fixes the snapshot of a transaction at the latest commit and holds it
    /// until ``endTransaction(snapshot:committed:)``.
    func fixSnapshot() throws -> UInt64

    /// Reads `key` at the latest commit and fixes the snapshot of a
    /// transaction there, as ``fixSnapshot()`` does.
    func readFixingSnapshot(_ key: [UInt8]) throws -> (value: [UInt8]?, snapshot: UInt64)

    /// Called once by every transaction when it commits or aborts, with its
    /// snapshot (nil: it never read).
    func endTransaction(snapshot: UInt64?, committed: Bool)

    /// The file system for the files kept beside the data (vector indexes).
    var fs: any FileSystem { get }

    /// Makes everything committed durable in the backend's own files (the
    /// embedded engine writes its memtable out; a replicated one has nothing to do).
    func checkpoint() throws

    /// Reclaims the space of old versions and deleted keys now.
    func compactAll() throws

    /// What the backend holds where, for stats and the explorer (figures a
    /// backend does not keep are zero).
    func layout() -> StorageLayout

    /// Calls `handler`, on a background thread and in commit order, with every
    /// change to a key under `prefix` committed after `revision`, until the
    /// feed is cancelled; nil when no one else writes to this store (the
    /// embedded engine: every write goes through this process, so what it
    /// keeps beside the data is never behind).
    func follow(prefix: [UInt8], after revision: UInt64,
                _ handler: @escaping @Sendable (BackendChange) -> Void) throws -> (any ChangeFeed)?

    /// What a user should know about where the data is, for the explorer's
    /// stats pane: an etcd backend's members, leader, revision and size; nothing
    /// for the embedded engine, whose ``layout()`` says it all.
    func details() -> [(name: String, value: String)]

    /// Writes a consistent copy of the whole store, as of the latest commit,
    /// into the new directory `destination`, while writers go on; a backend
    /// whose copies are made with its own tools throws `invalidArgument` saying which.
    func backup(to destination: String) throws -> StorageBackup

    /// Finishes queued work and releases the store; later calls throw `databaseClosed`.
    func close() throws
}

extension StorageBackend {
    /// Fixes the snapshot, then reads at it: two steps, for a backend that cannot do both in one.
    package func readFixingSnapshot(_ key: [UInt8]) throws -> (value: [UInt8]?, snapshot: UInt64) {
        let snapshot = try fixSnapshot()
        return (try get(key, snapshot: snapshot), snapshot)
    }

    /// The newest value of `key`.
    package func get(_ key: [UInt8]) throws -> [UInt8]? { try get(key, snapshot: nil) }

    /// A cursor over `[lower, upper)` at `snapshot` (the latest commit when nil).
    package func iterator(lower: [UInt8], upper: [UInt8]?, snapshot: UInt64? = nil) throws -> Cursor {
        try cursor(lower: lower, upper: upper, snapshot: snapshot)
    }

    /// Applies `batch` atomically, whatever was committed before.
    @discardableResult
    package func write(_ batch: WriteBatch) throws -> UInt64 { try write(batch, snapshot: nil) }

    /// Deletes every key under `prefix` in batches of at most 10,000 keys
    /// (a huge prefix does not need one huge batch), for backends without a range delete.
    package func purge(_ prefix: [UInt8]) throws {
        while true {
            let it = try cursor(lower: prefix, upper: prefix.prefixSuccessor, snapshot: nil)
            var batch = WriteBatch()
            var n = 0
            while n < 10_000, let (key, _) = try it.next() {
                batch.delete(key)
                n += 1
            }
            if n == 0 { return }
            try write(batch, snapshot: nil)
        }
    }
}
