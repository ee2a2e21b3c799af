import ToonCore
public import ToonStorage

/// How a database is opened (README.md, "From Swift").
public struct DatabaseConfig: Sendable {
    /// Create the directory when it does not exist (default true).
    public var createIfMissing: Bool
    /// Keep a write-ahead log (default true). Without it, writes since the
    /// last checkpoint are lost if the process dies.
    public var walEnabled: Bool
    /// Durability of each commit (default `.normal`).
    public var syncMode: SyncMode
    /// Size at which the in-memory table is written to a segment file (default 64 MiB).
    public var memtableSizeBytes: Int
    /// Capacity of the block cache shared by all segment files (default 64 MiB).
    public var blockCacheBytes: Int
    /// The file system under the engine; tests pass a fault-injecting one.
    public var fileSystem: any FileSystem

    /// A configuration; every argument has the default named on its property.
    public init(createIfMissing: Bool = true, walEnabled: Bool = true, syncMode: SyncMode = .normal,
                memtableSizeBytes: Int = 64 << 20, blockCacheBytes: Int = 64 << 20,
                fileSystem: any FileSystem = PosixFileSystem()) {
        self.createIfMissing = createIfMissing
        self.walEnabled = walEnabled
        self.syncMode = syncMode
        self.memtableSizeBytes = memtableSizeBytes
        self.blockCacheBytes = blockCacheBytes
        self.fileSystem = fileSystem
    }

    var engineOptions: EngineOptions {
        var o = EngineOptions()
        o.createIfMissing = createIfMissing
        o.walEnabled = walEnabled
        o.syncMode = syncMode
        o.memtableSizeBytes = max(64 * 1024, memtableSizeBytes)
        o.blockCacheBytes = max(1 << 20, blockCacheBytes)
        o.fileSystem = fileSystem
        return o
    }
}
