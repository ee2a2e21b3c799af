import Foundation
import ToonCore

/// A batch waiting in the commit queue.
final class PendingWrite {
    let batch: WriteBatch
    /// For transactions: the snapshot their reads came from (conflict check).
    let snapshot: UInt64?
    var done = false
    var error: ToonDBError?
    var lastSequence: UInt64 = 0

    init(batch: WriteBatch, snapshot: UInt64?) {
        self.batch = batch
        self.snapshot = snapshot
    }
}

extension StorageEngine {
    /// Commits a batch atomically and returns its last sequence number (the LSN).
    ///
    /// Writers queue; the first in the queue leads: it checks conflicts,
    /// assigns sequences, writes every queued batch to the log at once and
    /// syncs once (group commit), applies them to the memtable and wakes the others.
    /// With `snapshot`, the batch is refused with `transactionConflict` when a
    /// key it writes, or a key in a range it guards, was committed by someone
    /// else after that snapshot.
    @discardableResult
    package func write(_ batch: WriteBatch, snapshot: UInt64?) throws -> UInt64 {
        let w = PendingWrite(batch: batch, snapshot: snapshot)
        mutex.lock()
        defer { mutex.unlock() }
        try checkOpen()
        if batch.isEmpty { return visibleSequence }
        writers.append(w)
        while !w.done && writers.first !== w { mutex.wait() }
        if w.done {
            if let e = w.error { throw e }
            return w.lastSequence
        }
        // Leader.
        do {
            try makeRoomForWrite()
        } catch let e as ToonDBError {
            writers.removeFirst()
            mutex.broadcast()
            throw e
        }
        // With fsync per group, a lone leader right after a larger group
        // gives the writers that group just released a moment to queue again,
        // so groups stay large instead of alternating between 1 and n − 1.
        if options.syncMode == .full && writers.count < lastGroupSize {
            for _ in 0..<4 where writers.count < lastGroupSize {
                mutex.unlock()
                sched_yield()
                mutex.lock()
            }
        }
        var group: [PendingWrite] = []
        var groupBytes = 0
        for x in writers {
            if !group.isEmpty && groupBytes + x.batch.approximateSize > 4 << 20 { break }
            group.append(x)
            groupBytes += x.batch.approximateSize
        }
        var accepted: [(PendingWrite, UInt64)] = []
        for x in group {
            if let snap = x.snapshot {
                if let key = conflicts.conflict(keys: x.batch.operations.map(\.key), snapshot: snap) {
                    x.error = ToonDBError(.transactionConflict,
                        "key \(Self.describe(key)) was written by another transaction after this one began",
                        remediation: "retry the transaction")
                    continue
                }
                if let key = conflicts.conflict(in: x.batch.guardedRanges, snapshot: snap) {
                    x.error = ToonDBError(.transactionConflict,
                        "key \(Self.describe(key)) was written by another transaction after this one began, in a range this one relied on",
                        remediation: "retry the transaction")
                    continue
                }
            }
            let first = lastSequence + 1
            lastSequence += UInt64(x.batch.operations.count)
            x.lastSequence = lastSequence
            if activeTransactions > 0 { conflicts.record(x.batch, lastSequence: lastSequence) }
            accepted.append((x, first))
        }
        lastGroupSize = group.count
        let table = mem
        mutex.unlock()
        var ioError: ToonDBError?
        if !accepted.isEmpty {
            ioError = appendToLog(accepted)
            if ioError == nil {
                for (x, first) in accepted { table.add(x.batch, firstSequence: first) }
            }
        }
        mutex.lock()
        if let ioError {
            backgroundError = backgroundError ?? ioError
            for (x, _) in accepted { x.error = ioError }
        } else {
            counters.commits.add(accepted.count, ordering: .relaxed)
            counters.bytesWritten.add(groupBytes, ordering: .relaxed)
        }
        visibleSequence = lastSequence
        for x in group { x.done = true }
        writers.removeFirst(group.count)
        mutex.broadcast()
        if let e = w.error { throw e }
        return w.lastSequence
    }

    /// Writes accepted batches to the log as the sync mode demands; returns the error, if any.
    private func appendToLog(_ accepted: [(PendingWrite, UInt64)]) -> ToonDBError? {
        logLock.withLock {
            guard let log else { return nil }
            do {
                for (x, first) in accepted {
                    var payload: [UInt8] = []
                    payload.reserveCapacity(x.batch.approximateSize + 16)
                    x.batch.encode(firstSequence: first, into: &payload)
                    log.addRecord(payload)
                }
                switch options.syncMode {
                case .full:
                    try log.sync()
                    counters.walSyncs.add(1, ordering: .relaxed)
                case .normal:
                    try log.flush()
                    logDirty = true
                case .off:
                    if log.pendingBytes >= 64 * 1024 { try log.flush() }
                }
                return nil
            } catch let e as ToonDBError {
                return e
            } catch {
                return ToonDBError(.ioError, "\(error)")
            }
        }
    }

    /// Makes sure the memtable has room, freezing it (and waiting for the
    /// previous frozen one to be flushed) when full; the mutex is held.
    private func makeRoomForWrite() throws {
        while true {
            if let e = backgroundError { throw e }
            if mem.memoryUsage < options.memtableSizeBytes { return }
            if imm != nil || current.files[0].count >= options.level0StopTrigger {
                mutex.wait()
                continue
            }
            try switchMemTable()
        }
    }

    /// Freezes the memtable and starts a new log; the mutex is held.
    func switchMemTable() throws {
        let number = newFileNumber()
        try logLock.withLock {
            if let old = log {
                do {
                    try old.sync()
                    try old.close()
                } catch let e as ToonDBError {
                    backgroundError = backgroundError ?? e
                    throw e
                }
                log = LogWriter(file: try fs.openWritable(DatabaseFileName.log(number).path(in: dir), truncate: true),
                                preallocate: options.syncMode == .full)
                // The new log's directory entry must be durable before commits rely on it.
                try fs.syncDirectory(dir)
                logDirty = false
            }
        }
        imm = mem
        mem = MemTable(logNumber: number)
        backgroundWork.broadcast()
    }

    /// A key for a message: printable text as is, else hex.
    static func describe(_ key: [UInt8]) -> String {
        if let s = String(validating: key, as: UTF8.self), !s.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return "\"\(s.count > 80 ? String(s.prefix(80)) + "…" : s)\""
        }
        return "0x" + key.prefix(40).map { String(format2: $0) }.joined()
    }
}

extension String {
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
