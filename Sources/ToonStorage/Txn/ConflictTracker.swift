import ToonCore

/// Remembers, for recent commits, the sequence at which each key was last
/// written, so that a transaction whose snapshot predates a later write of a
/// key it writes is refused (snapshot isolation's first-committer-wins), as
/// is one whose snapshot predates a write into a range it guards.
///
/// Invariant: while a transaction is active, every commit with a sequence
/// above its snapshot has its keys recorded here.
struct ConflictTracker {
    private var lastWrite: [[UInt8]: UInt64] = [:]
    private var pruneAt = 4096

    /// The first key written after `snapshot`, if any.
    func conflict(keys: [[UInt8]], snapshot: UInt64) -> [UInt8]? {
        guard !lastWrite.isEmpty else { return nil }
        for k in keys { if let s = lastWrite[k], s > snapshot { return k } }
        return nil
    }

    /// A key in one of `ranges` written after `snapshot`, if any (the
    /// recent writes are sorted once, then each range is one binary search).
    func conflict(in ranges: [KeyRange], snapshot: UInt64) -> [UInt8]? {
        guard !ranges.isEmpty, !lastWrite.isEmpty else { return nil }
        let recent = lastWrite.compactMap { $0.value > snapshot ? $0.key : nil }.sorted { compareBytes($0, $1) < 0 }
        for range in ranges {
            var low = 0, high = recent.count
            while low < high {
                let mid = (low + high) / 2
                if compareBytes(recent[mid], range.lower) < 0 { low = mid + 1 } else { high = mid }
            }
            if low < recent.count, range.contains(recent[low]) { return recent[low] }
        }
        return nil
    }

    mutating func record(_ batch: WriteBatch, lastSequence: UInt64) {
        for op in batch.operations { lastWrite[op.key] = lastSequence }
    }

    /// Forgets writes no active transaction can conflict with.
    mutating func prune(oldestActiveSnapshot: UInt64?) {
        guard let oldest = oldestActiveSnapshot else {
            if !lastWrite.isEmpty { lastWrite.removeAll(keepingCapacity: true) }
            return
        }
        guard lastWrite.count > pruneAt else { return }
        lastWrite = lastWrite.filter { $0.value > oldest }
        pruneAt = max(4096, lastWrite.count * 2)
    }
}
