import ToonCore

/// When a committed write reaches stable storage (README.md, "From Swift"; `--sync` in toondb(1)).
public enum SyncMode: String, Sendable, CaseIterable, Codable {
    /// A write that returned is on disk (fsync; concurrent commits share one fsync).
    case full
    /// A write that returned survives a crash of the process (handed to the OS);
    /// fsync at checkpoints and about once a second in the background.
    case normal
    /// The log is buffered in the process and never synced: the last writes
    /// may be lost if the process dies; `close` and `checkpoint` still persist everything.
    case off
}

/// Tuning of the storage engine.
package struct EngineOptions: Sendable {
    /// Create the directory when it does not exist.
    package var createIfMissing = true
    /// Keep a write-ahead log; without one, writes since the last flush are lost on a crash.
    package var walEnabled = true
    /// Durability of commits.
    package var syncMode: SyncMode = .normal
    /// Size at which the memtable is frozen and flushed to a segment file.
    package var memtableSizeBytes = 64 << 20
    /// Capacity of the shared block cache.
    package var blockCacheBytes = 64 << 20
    /// Size of level 1; each deeper level is ten times larger.
    package var level1Bytes = 16 << 20
    /// Size at which compaction output is split into a new file.
    package var targetFileBytes = 4 << 20
    /// Number of level-0 files that starts a compaction.
    package var level0CompactionTrigger = 4
    /// Number of level-0 files at which writers wait for compaction.
    package var level0StopTrigger = 16
    /// The file system (tests pass a fault-injecting one).
    package var fileSystem: any FileSystem = PosixFileSystem()

    /// Default options.
    package init() {}
}
