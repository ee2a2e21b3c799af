import ToonCore

/// The user's view of a merged cursor: for each user key in `[lower, upper)`,
/// the newest version with a sequence at or below the snapshot, tombstones
/// hidden. It holds what it reads (memtables, version, snapshot) until released.
package final class SnapshotIterator: @unchecked Sendable {
    private let source: InternalIterator
    private let sequence: UInt64
    private let upper: [UInt8]?
    private let release: () -> Void
    private var started = false
    private var pendingSeek: [UInt8]?
    private var finished = false
    /// The user key just returned, kept to skip its older versions (reused, not reallocated).
    private var lastKey: [UInt8] = []

    init(source: InternalIterator, sequence: UInt64, lower: [UInt8], upper: [UInt8]?, release: @escaping () -> Void) {
        self.source = source
        self.sequence = sequence
        self.upper = upper
        self.release = release
        pendingSeek = lower
    }

    deinit { release() }

    /// Moves the cursor so the next entry returned is the first at or after `key`.
    package func seek(_ key: [UInt8]) {
        pendingSeek = key
        finished = false
    }

    /// The next visible entry, nil at the end of the range.
    package func next() throws -> (key: [UInt8], value: [UInt8])? {
        var entry: (key: [UInt8], value: [UInt8])?
        _ = try nextEntry { entry = (Array($0), Array($1)) }
        return entry
    }

    /// Hands the next visible entry's key and value to `body` without copying
    /// them (the pointers are valid only during the call); false at the end.
    package func nextEntry(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        if finished { return false }
        if let target = pendingSeek {
            try source.seek(InternalKey.seekKey(target, sequence: InternalKey.maxSequence))
            pendingSeek = nil
            started = true
        }
        while source.isValid {
            let ik = source.key
            let (seq, kind) = InternalKey.trailer(ik)
            if seq > sequence { try source.next(); continue }
            let userKeyBytes = UnsafeRawBufferPointer(rebasing: ik[0..<(ik.count - 8)])
            if let upper, upper.withUnsafeBytes({ compareBytes(userKeyBytes, $0) }) >= 0 { break }
            if kind == .value { try body(userKeyBytes, source.value) }
            // Skip the older versions of this key: step a few, then seek past them.
            lastKey.removeAll(keepingCapacity: true)
            lastKey.append(contentsOf: userKeyBytes)
            var steps = 0
            try source.next()
            while source.isValid && InternalKey.hasUserKey(source.key, lastKey) {
                steps += 1
                if steps == 16 {
                    try source.seek(InternalKey.make(lastKey, sequence: 0, kind: .deletion))
                    break
                }
                try source.next()
            }
            if kind == .value { return true }
        }
        finished = true
        return false
    }
}
