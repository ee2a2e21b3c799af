import ToonCore

/// A snapshot-isolated transaction: it reads the snapshot of its start plus
/// its own writes, buffers its writes, and commits them atomically unless a
/// key it writes was committed by someone else after its start.
///
/// State machine: active → committed | aborted. Any use after that throws
/// `transactionClosed`.
package final class StorageTransaction: @unchecked Sendable {
    /// Unique for the life of the database, across reopens.
    package let id: UInt64
    /// The commit its reads see. A backend may leave it open at begin
    /// (etcd): the first operation then fixes it, a first read with no
    /// request of its own (as PostgreSQL's REPEATABLE READ takes its snapshot
    /// at the first statement).
    package private(set) var snapshot: UInt64?
    private let backend: any StorageBackend
    /// Buffered writes; nil marks a delete.
    private var writes: [[UInt8]: [UInt8]?] = [:]
    private var order: [[UInt8]] = []
    /// Previous buffered values of keys written while a savepoint is open (nil: the key was not buffered).
    private var undo: [(key: [UInt8], previous: [UInt8]??)] = []
    private var openSavepoints = 0
    /// Ranges the commit checks for other writers (``guardRange(lower:upper:)``).
    private var guarded: [KeyRange] = []
    private var state = State.active
    /// What long readers of this transaction (SQL statements) check to stop early; set by the connection.
    package var interrupt: InterruptTicket?

    enum State { case active, committed, aborted }

    /// A transaction of `backend` reading at `snapshot` (nil: fixed by its
    /// first read); only backends make them, in ``StorageBackend/beginTransaction()``.
    package init(backend: any StorageBackend, id: UInt64, snapshot: UInt64?) {
        self.backend = backend
        self.id = id
        self.snapshot = snapshot
    }

    deinit { if state == .active { backend.endTransaction(snapshot: snapshot, committed: false) } }

    /// Whether the transaction can still be used.
    package var isActive: Bool { state == .active }

    private func checkActive() throws {
        guard state == .active else {
            throw ToonDBError(.transactionClosed, "transaction \(id) is already \(state == .committed ? "committed" : "aborted")",
                              remediation: "begin a new transaction")
        }
    }

    /// The value of `key`: its own write if any, else the snapshot's.
    package func get(_ key: [UInt8]) throws -> [UInt8]? {
        try checkActive()
        if let w = writes[key] { return w }
        if let snapshot { return try backend.get(key, snapshot: snapshot) }
        let (value, fixed) = try backend.readFixingSnapshot(key)
        snapshot = fixed
        return value
    }

    /// The snapshot, fixed now at the latest commit if no read fixed it yet.
    private func fixedSnapshot() throws -> UInt64 {
        if let snapshot { return snapshot }
        let fixed = try backend.fixSnapshot()
        snapshot = fixed
        return fixed
    }

    /// Buffers a put (a first operation fixes the snapshot, so that a
    /// transaction that only writes still conflicts with commits after it).
    package func put(_ key: [UInt8], _ value: [UInt8]) throws {
        try checkActive()
        if snapshot == nil { _ = try fixedSnapshot() }
        record(key, writes.updateValue(value, forKey: key))
    }

    /// Buffers a delete (a first operation fixes the snapshot, as ``put(_:_:)`` says).
    package func delete(_ key: [UInt8]) throws {
        try checkActive()
        if snapshot == nil { _ = try fixedSnapshot() }
        record(key, writes.updateValue(Optional<[UInt8]>.none, forKey: key))
    }

    /// Makes the commit fail with `transactionConflict` if another commit
    /// after this transaction's snapshot writes a key in `[lower, upper)`
    /// (upper nil: to the end): what a reader that relied on a range staying
    /// as it saw it declares (SQL's unique checks), since the written keys
    /// alone do not catch a phantom. A statement rolled back to a savepoint
    /// keeps its guards, which only makes the commit more careful.
    package func guardRange(lower: [UInt8], upper: [UInt8]?) throws {
        try checkActive()
        if snapshot == nil { _ = try fixedSnapshot() }
        guarded.append(KeyRange(lower: lower, upper: upper))
    }

    /// Number of buffered writes.
    package var pendingWriteCount: Int { writes.count }

    /// After a write: a new key joins the order; with a savepoint open, the
    /// previous buffered state of the key goes to the undo log.
    private func record(_ key: [UInt8], _ previous: [UInt8]??) {
        if previous == nil { order.append(key) }
        if openSavepoints > 0 { undo.append((key, previous)) }
    }

    /// A point in the buffered writes to return to if what follows fails.
    package struct Savepoint: Sendable {
        fileprivate let undoCount: Int
    }

    /// Opens a savepoint (a statement inside a transaction takes one, so that
    /// a failing statement changes nothing). Close it with ``release(_:)`` or
    /// ``rollback(to:)``; writes cost one undo entry each while it is open.
    package func savepoint() -> Savepoint {
        openSavepoints += 1
        return Savepoint(undoCount: undo.count)
    }

    /// Keeps the writes made since `savepoint` and closes it.
    package func release(_ savepoint: Savepoint) {
        openSavepoints -= 1
        if openSavepoints == 0 { undo.removeAll(keepingCapacity: true) }
    }

    /// Forgets every write buffered since `savepoint` and closes it.
    package func rollback(to savepoint: Savepoint) {
        while undo.count > savepoint.undoCount {
            let (key, previous) = undo.removeLast()
            if let previous {
                writes[key] = previous
            } else {
                writes[key] = nil
                if order.last == key { order.removeLast() } else if let i = order.lastIndex(of: key) { order.remove(at: i) }
            }
        }
        release(savepoint)
    }

    /// A cursor over `[lower, upper)` merging the snapshot with its own writes.
    package func iterator(lower: [UInt8], upper: [UInt8]?) throws -> TransactionIterator {
        try checkActive()
        let own = writes.filter { kv in
            compareBytes(kv.key, lower) >= 0 && (upper.map { compareBytes(kv.key, $0) < 0 } ?? true)
        }.sorted { compareBytes($0.key, $1.key) < 0 }.map { ($0.key, $0.value) }
        return TransactionIterator(base: try backend.cursor(lower: lower, upper: upper, snapshot: try fixedSnapshot()), own: own)
    }

    /// Commits; returns the commit's last sequence number (its LSN). On a
    /// conflict the transaction is aborted and `transactionConflict` thrown.
    @discardableResult
    package func commit() throws -> UInt64 {
        try checkActive()
        var batch = WriteBatch()
        for k in order {
            if let v = writes[k]! { batch.put(k, v) } else { batch.delete(k) }
        }
        for range in guarded { batch.guardRange(lower: range.lower, upper: range.upper) }
        do {
            let lsn = try backend.write(batch, snapshot: snapshot)
            state = .committed
            backend.endTransaction(snapshot: snapshot, committed: true)
            return lsn
        } catch {
            state = .aborted
            backend.endTransaction(snapshot: snapshot, committed: false)
            throw error
        }
    }

    /// Discards the buffered writes. Aborting twice, or after commit, does nothing.
    package func abort() {
        guard state == .active else { return }
        state = .aborted
        writes.removeAll()
        backend.endTransaction(snapshot: snapshot, committed: false)
    }
}

/// Merges a transaction's own sorted writes over its snapshot cursor.
package final class TransactionIterator: @unchecked Sendable {
    private let base: any EntryCursor
    private let own: [([UInt8], [UInt8]?)]
    private var ownIndex = 0
    private var pendingBase: (key: [UInt8], value: [UInt8])?
    private var baseDone = false

    init(base: any EntryCursor, own: [([UInt8], [UInt8]?)]) {
        self.base = base
        self.own = own
    }

    /// Repositions so that the next entry is the first at or after `key`.
    package func seek(_ key: [UInt8]) {
        base.seek(key)
        pendingBase = nil
        baseDone = false
        ownIndex = own.firstIndex { compareBytes($0.0, key) >= 0 } ?? own.count
    }

    /// Hands the next entry to `body`: borrowed from the snapshot when the
    /// transaction has no writes in range, else copied; false at the end.
    package func nextEntry(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        if own.isEmpty && pendingBase == nil { return try base.nextEntry(body) }
        guard let e = try next() else { return false }
        try e.key.withUnsafeBytes { k in try e.value.withUnsafeBytes { v in try body(k, v) } }
        return true
    }

    /// The next entry, nil at the end.
    package func next() throws -> (key: [UInt8], value: [UInt8])? {
        while true {
            if pendingBase == nil && !baseDone {
                pendingBase = try base.next()
                if pendingBase == nil { baseDone = true }
            }
            let o = ownIndex < own.count ? own[ownIndex] : nil
            switch (pendingBase, o) {
            case (nil, nil):
                return nil
            case (let b?, nil):
                pendingBase = nil
                return b
            case (nil, let o?):
                ownIndex += 1
                if let v = o.1 { return (o.0, v) }
            case (let b?, let o?):
                let c = compareBytes(b.key, o.0)
                if c < 0 {
                    pendingBase = nil
                    return b
                }
                ownIndex += 1
                if c == 0 { pendingBase = nil }
                if let v = o.1 { return (o.0, v) }
            }
        }
    }
}

extension StorageEngine {
    /// Begins a transaction at the latest commit (fixed at once: it costs no I/O here).
    package func beginTransaction() throws -> StorageTransaction {
        try withMutex {
            let snapshot = try fixSnapshotLocked()
            nextTransactionNumber += 1
            return StorageTransaction(backend: self, id: openEpoch << 32 | nextTransactionNumber, snapshot: snapshot)
        }
    }

    /// Registers a transaction's snapshot at the latest commit.
    package func fixSnapshot() throws -> UInt64 {
        try withMutex { try fixSnapshotLocked() }
    }

    /// ``fixSnapshot()`` with the mutex held.
    private func fixSnapshotLocked() throws -> UInt64 {
        try checkOpen()
        // Register first, so that from now on every commit records its
        // keys and no pruning forgets them while this one waits below.
        activeTransactions += 1
        let target = lastSequence
        transactionSnapshots.add(target)
        snapshots.add(target)
        // Writes already past their conflict check but not yet visible were
        // not recorded for conflicts: read at a snapshot that includes them.
        while visibleSequence < target { mutex.wait() }
        return target
    }

    package func endTransaction(snapshot: UInt64?, committed: Bool) {
        withMutex {
            activeTransactions -= 1
            if let snapshot {
                transactionSnapshots.remove(snapshot)
                snapshots.remove(snapshot)
            }
            conflicts.prune(oldestActiveSnapshot: transactionSnapshots.oldest)
            if !committed { counters.aborts.add(1, ordering: .relaxed) }
        }
    }
}
