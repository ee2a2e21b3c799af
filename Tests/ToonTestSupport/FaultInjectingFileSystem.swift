import Foundation
import Synchronization
import ToonCore

#if canImport(Glibc)
import Glibc
#endif

/// A file system that passes calls to the real one until told to fail:
/// writes beyond a byte budget fail with ENOSPC (a full disk), syncs fail
/// with EIO, every creation fails with EROFS (a read-only directory), or a
/// ``FaultPlan`` strikes one call by number (an error, a short write, or a
/// crash after which every call fails; ``MemoryFileSystem`` also gives what
/// the disk holds after one).
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
    let counter = Mutex(FaultCounter())

    /// A file system with no faults yet.
    public init() {}

    /// Changes the faults.
    public func set(_ change: (inout Faults) -> Void) { faults.withLock { change(&$0) } }

    /// Sets the plan and resets the call count.
    public func setPlan(_ plan: FaultPlan) { counter.withLock { $0 = FaultCounter(plan: plan) } }

    /// Counted calls so far (see ``FaultPlan``).
    public var calls: Int { counter.withLock { $0.calls } }

    /// Counts a call; throws the planned fault when it strikes (a short
    /// write's fault is returned instead, for the append to apply).
    func counted(_ path: String, append: Bool = false) throws -> FaultPlan.Fault? {
        guard let fault = counter.withLock({ $0.next() }) else { return nil }
        switch fault {
        case .shortWrite where append, .crash where append: return fault
        default: throw ToonDBError.injected(fault, path: path)
        }
    }

    func checkWritable(_ path: String) throws {
        _ = try counted(path)
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
    public func hardLink(_ from: String, _ to: String) throws {
        try checkWritable(to)
        try base.hardLink(from, to)
    }
    public func rename(_ from: String, _ to: String) throws {
        try checkWritable(to)
        try base.rename(from, to)
    }
    public func remove(_ path: String) throws {
        _ = try counted(path)
        try base.remove(path)
    }
    public func removeTree(_ path: String) throws {
        _ = try counted(path)
        try base.removeTree(path)
    }
    public func syncDirectory(_ path: String) throws {
        _ = try counted(path)
        try base.syncDirectory(path)
    }
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
        if let fault = try owner.counted(path, append: true) {
            let n: Int
            switch fault {
            case .shortWrite(let b, _), .crash(let b): n = min(b, bytes.count)
            case .error: n = 0
            }
            if n > 0 { try inner.append(UnsafeRawBufferPointer(rebasing: bytes[0..<n])) }
            throw ToonDBError.injected(fault, path: path)
        }
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
        _ = try owner.counted(path)
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
        _ = try owner.counted(path)
        try inner.preallocate(to: length)
    }

    func truncate(to length: Int) throws {
        _ = try owner.counted(path)
        try inner.truncate(to: length)
    }
    func close() throws {
        _ = try owner.counted(path)
        try inner.close()
    }
}

extension FaultInjectingFileSystem: MappingFileSystem {
    /// The base file system's mapping (or its read copy).
    package func mapPrivately(_ path: String) throws -> MappedFile { try base.mappedFile(path) }
}
