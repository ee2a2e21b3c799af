internal import ToonStorage

/// Counters and storage figures of an open database (README.md, "From Swift").
public struct DatabaseStats: Sendable {
    /// Entries in the memtable and segment files: live keys plus versions and
    /// tombstones not yet compacted away, so an upper estimate of the live keys.
    public var keysCount: Int
    /// Bytes of keys and values committed since open.
    public var bytesWritten: Int
    /// Bytes of values returned by point reads since open.
    public var bytesRead: Int
    /// Commits (single writes and transactions) since open.
    public var transactionsCommitted: Int
    /// Transactions aborted, by the caller or by a conflict, since open.
    public var transactionsAborted: Int
    /// Point reads, scans and listings since open.
    public var queriesExecuted: Int
    /// Block cache hits and misses since open.
    public var cacheHits: Int
    public var cacheMisses: Int
    /// Memtable size in bytes.
    public var memtableBytes: Int
    /// Current write-ahead log size in bytes.
    public var walBytes: Int
    /// Segment files and bytes per level (0 = freshly flushed).
    public var segmentFilesPerLevel: [Int]
    public var segmentBytesPerLevel: [Int]
    /// Memtable flushes, compactions and log syncs since open.
    public var flushes: Int
    public var compactions: Int
    public var walSyncs: Int
    /// The sequence number of the latest commit (a database on etcd: the cluster's revision).
    public var lastSequence: UInt64
    /// Where the data is, when not in a local directory: for a database on
    /// etcd, its members, leader, revision and database size (name–value pairs).
    public var backend: [(String, String)] = []

    /// The names in ``fields`` of the counters this process keeps since it
    /// opened the database (reads, writes, cache, background work); the
    /// others describe what the database holds now.
    public static let sinceOpenFields: Set<String> = [
        "bytesWritten", "bytesRead", "transactionsCommitted", "transactionsAborted", "queriesExecuted",
        "cacheHits", "cacheMisses", "flushes", "compactions", "walSyncs",
    ]

    /// Name–value pairs in a stable order, for printing.
    public var fields: [(String, String)] {
        [("keysCount", "\(keysCount)"), ("bytesWritten", "\(bytesWritten)"), ("bytesRead", "\(bytesRead)"),
         ("transactionsCommitted", "\(transactionsCommitted)"), ("transactionsAborted", "\(transactionsAborted)"),
         ("queriesExecuted", "\(queriesExecuted)"), ("cacheHits", "\(cacheHits)"), ("cacheMisses", "\(cacheMisses)"),
         ("memtableBytes", "\(memtableBytes)"), ("walBytes", "\(walBytes)"),
         ("segmentFilesPerLevel", segmentFilesPerLevel.map(String.init).joined(separator: ",")),
         ("segmentBytesPerLevel", segmentBytesPerLevel.map(String.init).joined(separator: ",")),
         ("flushes", "\(flushes)"), ("compactions", "\(compactions)"), ("walSyncs", "\(walSyncs)"),
         ("lastSequence", "\(lastSequence)")]
    }
}

extension Database {
    /// The database's counters and storage figures.
    public func stats() -> DatabaseStats {
        let l = engine.layout()
        return DatabaseStats(
            keysCount: l.memtableEntries + l.segmentEntries, bytesWritten: l.bytesWritten, bytesRead: l.bytesRead,
            transactionsCommitted: l.commits, transactionsAborted: l.aborts,
            queriesExecuted: queries.load(ordering: .relaxed), cacheHits: l.cacheHits, cacheMisses: l.cacheMisses,
            memtableBytes: l.memtableBytes, walBytes: l.walBytes,
            segmentFilesPerLevel: l.filesPerLevel, segmentBytesPerLevel: l.bytesPerLevel,
            flushes: l.flushes, compactions: l.compactions, walSyncs: l.walSyncs, lastSequence: l.lastSequence,
            backend: engine.details().map { ($0.name, $0.value) })
    }
}
