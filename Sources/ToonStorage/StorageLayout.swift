/// What the engine holds where, for stats and the explorer.
package struct StorageLayout: Sendable {
    /// Bytes in the active memtable.
    package var memtableBytes: Int
    /// Entries in the active memtable.
    package var memtableEntries: Int
    /// Whether a frozen memtable is waiting to be flushed.
    package var flushPending: Bool
    /// Bytes in the current write-ahead log.
    package var walBytes: Int
    /// Segment files per level.
    package var filesPerLevel: [Int]
    /// Bytes per level.
    package var bytesPerLevel: [Int]
    /// Entries (versions and tombstones) in all segment files.
    package var segmentEntries: Int
    /// Flushes, compactions and log syncs since open.
    package var flushes: Int
    package var compactions: Int
    package var walSyncs: Int
    /// Commits and aborts since open.
    package var commits: Int
    package var aborts: Int
    /// Bytes of keys and values committed and returned by reads since open.
    package var bytesWritten: Int
    package var bytesRead: Int
    /// Block cache hits and misses since open.
    package var cacheHits: Int
    package var cacheMisses: Int
    /// The sequence of the latest visible commit.
    package var lastSequence: UInt64
}

extension StorageLayout {
    /// A layout with nothing in it at commit `lastSequence`, for a backend to fill in what it keeps.
    package init(lastSequence: UInt64) {
        self.init(memtableBytes: 0, memtableEntries: 0, flushPending: false, walBytes: 0, filesPerLevel: [],
                  bytesPerLevel: [], segmentEntries: 0, flushes: 0, compactions: 0, walSyncs: 0, commits: 0, aborts: 0,
                  bytesWritten: 0, bytesRead: 0, cacheHits: 0, cacheMisses: 0, lastSequence: lastSequence)
    }
}

extension StorageEngine {
    /// Nothing beyond ``layout()``.
    package func details() -> [(name: String, value: String)] { [] }

    /// None: this process is the only writer.
    package func follow(prefix: [UInt8], after revision: UInt64,
                        _ handler: @escaping @Sendable (BackendChange) -> Void) throws -> (any ChangeFeed)? { nil }

    /// A picture of the engine's storage.
    package func layout() -> StorageLayout {
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
