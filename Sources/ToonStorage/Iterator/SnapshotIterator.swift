import ToonCore

/// The user's view of a merged cursor: for each user key in `[lower, upper)`,
/// the newest version with a sequence at or below the snapshot, tombstones
/// hidden. It holds what it reads (memtables, version, snapshot) until released.
public final class SnapshotIterator: @unchecked Sendable {
    private let source: InternalIterator
    private let sequence: UInt64
    private let upper: [UInt8]?
    private let release: () -> Void
    private var started = false
    private var pendingSeek: [UInt8]?
    private var finished = false

    init(source: InternalIterator, sequence: UInt64, lower: [UInt8], upper: [UInt8]?, release: @escaping () -> Void) {
        self.source = source
        self.sequence = sequence
        self.upper = upper
        self.release = release
        pendingSeek = lower
    }

    deinit { release() }

    /// Moves the cursor so the next entry returned is the first at or after `key`.
    public func seek(_ key: [UInt8]) {
        pendingSeek = key
        finished = false
    }

    /// The next visible entry, nil at the end of the range.
    public func next() throws -> (key: [UInt8], value: [UInt8])? {
        if finished { return nil }
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
            let userKey = Array(userKeyBytes)
            let value = kind == .value ? Array(source.value) : []
            // Skip the older versions of this key: step a few, then seek past them.
            var steps = 0
            try source.next()
            while source.isValid && InternalKey.hasUserKey(source.key, userKey) {
                steps += 1
                if steps == 16 {
                    try source.seek(InternalKey.make(userKey, sequence: 0, kind: .deletion))
                    break
                }
                try source.next()
            }
            if kind == .value { return (userKey, value) }
        }
        finished = true
        return nil
    }
}
