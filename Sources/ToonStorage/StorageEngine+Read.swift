import ToonCore

extension StorageEngine {
    /// The newest value of `key` visible at `snapshot` (the latest commit when nil).
    package func get(_ key: [UInt8], snapshot: UInt64?) throws -> [UInt8]? {
        mutex.lock()
        if isClosed { mutex.unlock(); throw closedError }
        let (m, i, v, seq) = (mem, imm, current, snapshot ?? visibleSequence)
        mutex.unlock()
        counters.gets.add(1, ordering: .relaxed)
        let result: [UInt8]??
        if let r = m.get(key, sequence: seq) {
            result = r
        } else if let i, let r = i.get(key, sequence: seq) {
            result = r
        } else {
            result = try v.get(key, sequence: seq)
        }
        if let value = result ?? nil {
            counters.bytesRead.add(value.count, ordering: .relaxed)
            return value
        }
        return nil
    }

    /// A cursor over `[lower, upper)` (upper nil: to the end) at `snapshot`
    /// (the latest commit when nil). It registers its snapshot so compaction
    /// keeps what it reads, and releases it when the cursor is freed.
    package func cursor(lower: [UInt8], upper: [UInt8]?, snapshot: UInt64?) throws -> SnapshotIterator {
        try withMutex {
            try checkOpen()
            let seq = snapshot ?? visibleSequence
            snapshots.add(seq)
            var children: [InternalIterator] = [mem.makeIterator()]
            if let imm { children.append(imm.makeIterator()) }
            children += current.iterators()
            return SnapshotIterator(source: MergingIterator(children), sequence: seq, lower: lower, upper: upper) {
                [weak self] in
                guard let self else { return }
                self.withMutex { self.snapshots.remove(seq) }
            }
        }
    }

    /// The sequence of the latest commit visible to readers.
    package var latestSequence: UInt64 { withMutex { visibleSequence } }

    /// Runs `body` holding the mutex.
    func withMutex<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}
