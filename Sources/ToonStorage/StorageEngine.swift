import Foundation
import Synchronization
import ToonCore

/// The LSM storage engine: write-ahead log → memtable → level-0 segment files
/// → leveled compaction, with MVCC snapshots by sequence number.
///
/// Invariants:
/// 1. Sequence numbers are assigned in commit order under `mutex`, after the
///    conflict check and before the log write; the log holds batches in
///    increasing sequence order (recovery checks it).
/// 2. A batch is visible to readers (``visibleSequence``) only after it is in
///    the log (as the sync mode demands) and in the memtable.
/// 3. Every sequence at or below the manifest's `lastSequence` that is not in
///    a segment file is in a log numbered at or above its `logNumber`.
/// 4. A version, memtable or file stays alive while any reader holds it.
///
/// State machine: open → (background error: sticky, every write then fails
/// with it) → closed. A closed engine throws `databaseClosed` on every call.
package final class StorageEngine: StorageBackend, @unchecked Sendable {
    let dir: String
    let options: EngineOptions
    package let fs: any FileSystem
    let cache: BlockCache
    private let lockHandle: any FileLockHandle

    /// Guards everything below it; its condition wakes writers and callers
    /// waiting for the background thread.
    let mutex: ConditionLock
    /// Wakes the background thread when there is work for it.
    let backgroundWork: Condition
    var mem: MemTable
    var imm: MemTable?
    var current: Version
    var log: LogWriter?
    /// Serialises use of `log` between the commit leader, the memtable switch and background syncs.
    let logLock = ConditionLock()
    var logDirty = false
    var nextFileNumber: UInt64
    var lastSequence: UInt64
    var visibleSequence: UInt64
    let openEpoch: UInt64
    var nextTransactionNumber: UInt64 = 0
    var writers: [PendingWrite] = []
    /// Writers in the last commit group (group commit keeps groups large).
    var lastGroupSize = 0
    var snapshots = SnapshotRegistry()
    var transactionSnapshots = SnapshotRegistry()
    var activeTransactions = 0
    var conflicts = ConflictTracker()
    var backgroundError: ToonDBError?
    var isClosed = false
    var shuttingDown = false
    var backgroundIdle = true
    var manualCompaction = false
    var compactPointer = [[UInt8]?](repeating: nil, count: Version.levels)
    /// Whether the background thread runs (it clears this as it ends).
    var backgroundRunning = false

    /// Counters, readable without the mutex.
    let counters = EngineCounters()

    /// Opens (and recovers) the database in `path`.
    package static func open(path: String, options: EngineOptions = EngineOptions()) throws -> StorageEngine {
        try StorageEngine(path: path, options: options)
    }

    private init(path: String, options: EngineOptions) throws {
        let m = ConditionLock()
        mutex = m
        backgroundWork = Condition(m)
        fs = options.fileSystem
        self.options = options
        dir = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if fs.fileExists(dir) && !fs.isDirectory(dir) {
            throw ToonDBError(.invalidArgument, "\(dir) is a file, not a database directory",
                              remediation: "give the path of a directory (it is created when missing)")
        }
        if !fs.fileExists(dir) {
            guard options.createIfMissing else {
                throw ToonDBError(.notFound, "no database at \(dir)",
                                  remediation: "check the path; opening it for writing creates a new database")
            }
            try fs.createDirectory(dir)
        } else if !options.createIfMissing,
                  !(try fs.listDirectory(dir)).contains(where: { DatabaseFileName($0).map { $0 != .lock } ?? false }) {
            // Opening without creating writes nothing into a directory that holds no database.
            throw ToonDBError(.notFound, "no database at \(dir): the directory holds no MANIFEST, log or segment file",
                              remediation: "check the path; opening it for writing creates a new database")
        }
        lockHandle = try fs.lock(DatabaseFileName.lock.path(in: dir))
        cache = BlockCache(capacity: options.blockCacheBytes)
        do {
            let state = try Recovery.run(dir: dir, fs: fs, cache: cache, options: options)
            mem = state.mem
            current = state.version
            log = state.log
            nextFileNumber = state.nextFileNumber
            lastSequence = state.lastSequence
            visibleSequence = state.lastSequence
            openEpoch = state.openEpoch
        } catch {
            lockHandle.unlock()
            throw error
        }
        do {
            try startBackground()
        } catch {
            lockHandle.unlock()
            throw error
        }
    }

    deinit {
        if !isClosed { try? close() }
    }

    /// A fresh file number.
    func newFileNumber() -> UInt64 {
        defer { nextFileNumber += 1 }
        return nextFileNumber
    }

    /// Throws when the engine is closed; the mutex must be held.
    func checkOpen() throws {
        if isClosed { throw closedError }
    }

    var closedError: ToonDBError {
        ToonDBError(.databaseClosed, "the database \(dir) is closed", remediation: "open it again")
    }

    /// Flushes the memtable to a segment file, syncs, and drops the logs it covered.
    package func checkpoint() throws {
        mutex.lock()
        defer { mutex.unlock() }
        try checkOpen()
        try forceFlushLocked()
        if let e = backgroundError { throw e }
        try logLock.withLock { try log?.sync() }
    }

    /// Waits for queued writes, flushes the memtable, stops the background
    /// thread, syncs and releases the lock. Later calls throw `databaseClosed`.
    package func close() throws {
        mutex.lock()
        if isClosed { mutex.unlock(); return }
        var firstError: Error?
        do { try forceFlushLocked() } catch { firstError = error }
        shuttingDown = true
        backgroundWork.broadcast()
        while backgroundRunning { mutex.wait() }
        isClosed = true
        mutex.unlock()
        logLock.withLock {
            do { try log?.sync(); try log?.close() } catch { if firstError == nil { firstError = error } }
            log = nil
        }
        lockHandle.unlock()
        if let firstError { throw firstError }
    }

    /// Freezes the memtable (when it holds anything) and waits until it is in
    /// a segment file; the mutex must be held.
    func forceFlushLocked() throws {
        while writers.count > 0 || imm != nil {
            if let e = backgroundError { throw e }
            mutex.wait()
        }
        if mem.entryCount > 0 {
            try switchMemTable()
            while imm != nil {
                if let e = backgroundError { throw e }
                mutex.wait()
            }
        }
    }

    /// Flushes the memtable and compacts every level into the last one; for tests and tools.
    package func compactAll() throws {
        mutex.lock()
        defer { mutex.unlock() }
        try checkOpen()
        try forceFlushLocked()
        manualCompaction = true
        backgroundWork.broadcast()
        while manualCompaction || !backgroundIdle {
            if let e = backgroundError { manualCompaction = false; throw e }
            mutex.wait()
        }
    }
}

/// Statistics the engine keeps as it runs.
package final class EngineCounters: Sendable {
    let bytesWritten = Atomic<Int>(0)
    let bytesRead = Atomic<Int>(0)
    let commits = Atomic<Int>(0)
    let aborts = Atomic<Int>(0)
    let flushes = Atomic<Int>(0)
    let compactions = Atomic<Int>(0)
    let walSyncs = Atomic<Int>(0)
    let gets = Atomic<Int>(0)
}
