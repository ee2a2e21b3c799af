/// What the engine holds where, for stats and the explorer.
public struct StorageLayout: Sendable {
    /// Bytes in the active memtable.
    public var memtableBytes: Int
    /// Entries in the active memtable.
    public var memtableEntries: Int
    /// Whether a frozen memtable is waiting to be flushed.
    public var flushPending: Bool
    /// Bytes in the current write-ahead log.
    public var walBytes: Int
    /// Segment files per level.
    public var filesPerLevel: [Int]
    /// Bytes per level.
    public var bytesPerLevel: [Int]
    /// Entries (versions and tombstones) in all segment files.
    public var segmentEntries: Int
    /// Flushes, compactions and log syncs since open.
    public var flushes: Int
    public var compactions: Int
    public var walSyncs: Int
    /// Commits and aborts since open.
    public var commits: Int
    public var aborts: Int
    /// Bytes of keys and values committed and returned by reads since open.
    public var bytesWritten: Int
    public var bytesRead: Int
    /// Block cache hits and misses since open.
    public var cacheHits: Int
    public var cacheMisses: Int
    /// The sequence of the latest visible commit.
    public var lastSequence: UInt64
}

extension StorageEngine {
    /// A picture of the engine's storage.
    public func layout() -> StorageLayout {
        withMutex {
            let v = current
            return StorageLayout(
                memtableBytes: mem.memoryUsage + (imm?.memoryUsage ?? 0),
                memtableEntries: mem.entryCount + (imm?.entryCount ?? 0),
                flushPending: imm != nil,
                walBytes: logLock.withLock { log?.size ?? 0 },
                filesPerLevel: v.files.map(\.count),
                bytesPerLevel: (0..<Version.levels).map { v.bytes(level: $0) },
                segmentEntries: v.allFiles.reduce(0) { $0 + $1.reader.entryCount },
                flushes: counters.flushes.load(ordering: .relaxed),
                compactions: counters.compactions.load(ordering: .relaxed),
                walSyncs: counters.walSyncs.load(ordering: .relaxed),
                commits: counters.commits.load(ordering: .relaxed),
                aborts: counters.aborts.load(ordering: .relaxed),
                bytesWritten: counters.bytesWritten.load(ordering: .relaxed),
                bytesRead: counters.bytesRead.load(ordering: .relaxed),
                cacheHits: cache.hits.load(ordering: .relaxed),
                cacheMisses: cache.misses.load(ordering: .relaxed),
                lastSequence: visibleSequence)
        }
    }
}
