import Foundation
import Synchronization
import ToonCore

#if canImport(Glibc)
import Glibc
#endif

/// A file system that passes calls to the real one until told to fail:
/// writes beyond a byte budget fail with ENOSPC (a full disk), syncs fail
/// with EIO, or every creation fails with EROFS (a read-only directory).
public final class FaultInjectingFileSystem: FileSystem, @unchecked Sendable {
    /// The faults in force.
    public struct Faults: Sendable {
        /// Bytes that may still be written before ENOSPC; nil: unlimited.
        public var writeBudget: Int?
        /// Whether fsync fails with EIO.
        public var failSyncs = false
        /// Whether creating or opening files for writing fails with EROFS.
        public var readOnly = false
    }

    private let base = PosixFileSystem()
    let faults = Mutex(Faults())

    /// A file system with no faults yet.
    public init() {}

    /// Changes the faults.
    public func set(_ change: (inout Faults) -> Void) { faults.withLock { change(&$0) } }

    func checkWritable(_ path: String) throws {
        if faults.withLock({ $0.readOnly }) { throw ToonDBError.io("cannot open for writing", path: path, errno: EROFS) }
    }

    public func createDirectory(_ path: String) throws {
        try checkWritable(path)
        try base.createDirectory(path)
    }
    public func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    public func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    public func listDirectory(_ path: String) throws -> [String] { try base.listDirectory(path) }
    public func openWritable(_ path: String, truncate: Bool) throws -> any WritableFile {
        try checkWritable(path)
        return FaultyFile(try base.openWritable(path, truncate: truncate), owner: self)
    }
    public func openReadable(_ path: String) throws -> any ReadableFile { try base.openReadable(path) }
    public func rename(_ from: String, _ to: String) throws {
        try checkWritable(to)
        try base.rename(from, to)
    }
    public func remove(_ path: String) throws { try base.remove(path) }
    public func syncDirectory(_ path: String) throws { try base.syncDirectory(path) }
    public func lock(_ path: String) throws -> any FileLockHandle {
        try checkWritable(path)
        return try base.lock(path)
    }
}

private final class FaultyFile: WritableFile {
    let inner: any WritableFile
    let owner: FaultInjectingFileSystem

    init(_ inner: any WritableFile, owner: FaultInjectingFileSystem) {
        self.inner = inner
        self.owner = owner
    }

    var path: String { inner.path }
    var size: Int { inner.size }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        let allowed: Int = owner.faults.withLock { f in
            guard let budget = f.writeBudget else { return bytes.count }
            let n = min(budget, bytes.count)
            f.writeBudget = budget - n
            return n
        }
        if allowed > 0 { try inner.append(UnsafeRawBufferPointer(rebasing: bytes[0..<allowed])) }
        if allowed < bytes.count { throw ToonDBError.io("cannot write", path: path, errno: ENOSPC) }
    }

    func sync() throws {
        if owner.faults.withLock({ $0.failSyncs }) { throw ToonDBError.io("cannot sync", path: path, errno: EIO) }
        try inner.sync()
    }

    var allocatedSize: Int { inner.allocatedSize }

    func preallocate(to length: Int) throws {
        let n = length - inner.allocatedSize
        let allowed: Bool = owner.faults.withLock { f in
            guard let budget = f.writeBudget else { return true }
            if n > budget { f.writeBudget = 0; return false }
            f.writeBudget = budget - max(0, n)
            return true
        }
        if !allowed { throw ToonDBError.io("cannot write", path: path, errno: ENOSPC) }
        try inner.preallocate(to: length)
    }

    func truncate(to length: Int) throws { try inner.truncate(to: length) }
    func close() throws { try inner.close() }
}
