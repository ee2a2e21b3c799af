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

    /// A key in one of `ranges` written after `snapshot`, if any: the ranges
    /// are joined and sorted once, then each recent write is one binary search
    /// (the recent writes, which the commit leader walks under the writer
    /// lock, are never sorted).
    func conflict(in ranges: [KeyRange], snapshot: UInt64) -> [UInt8]? {
        guard !ranges.isEmpty, !lastWrite.isEmpty else { return nil }
        let guarded = KeyRange.union(ranges)
        for (key, sequence) in lastWrite where sequence > snapshot && guarded.anyContains(key) { return key }
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
