#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import ToonCore

/// A file system in memory that remembers what a real disk would keep
/// across a power cut, so crash tests run fast and can stop the machine
/// after any call (``FaultPlan``).
///
/// The model, that of a journaling file system such as ext4 or XFS:
/// - a file's bytes are durable up to its last `sync()`; later writes are
///   lost in a crash, except that a prefix of them may have reached the disk
///   (``afterCrash(keepingUnsynced:)`` chooses how much);
/// - a file's name becomes durable when the file is synced or its directory
///   is synced; a rename or a removal becomes durable only when the directory
///   is synced (until then a crash restores the old name);
/// - directories are durable once created (``FileSystem/createDirectory(_:)``
///   syncs each new one into its parent).
public final class MemoryFileSystem: FileSystem, @unchecked Sendable {
    final class Inode: @unchecked Sendable {
        var data: [UInt8] = []
        /// The bytes as of the last sync.
        var durable: [UInt8] = []
        init() {}
        init(data: [UInt8]) {
            self.data = data
            durable = data
        }
    }

    struct Directory {
        var entries: [String: Inode] = [:]
        /// The entries as of the last directory sync (and file syncs).
        var durable: [String: Inode] = [:]
    }

    struct State {
        var directories: [String: Directory] = ["/": Directory()]
        var locks: Set<String> = []
        var faults = FaultCounter()
    }

    let state = Mutex(State())
    private let syncHook = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// An empty file system holding only `/`.
    public init() {}

    /// Sets the fault plan and resets the call count.
    public func setFaults(_ plan: FaultPlan) {
        state.withLock { $0.faults = FaultCounter(plan: plan) }
    }

    /// Runs `hook` with the file's path at the start of every file sync (for
    /// tests that hold a writer inside a save).
    public func setSyncHook(_ hook: @escaping @Sendable (String) -> Void) {
        syncHook.withLock { $0 = hook }
    }

    /// Counted calls so far (see ``FaultPlan``).
    public var calls: Int { state.withLock { $0.faults.calls } }

    /// Whether a ``FaultPlan/Fault/crash(tornBytes:)`` happened.
    public var crashed: Bool { state.withLock { $0.faults.crashed } }

    /// What the disk holds after a crash now: durable names and bytes, plus
    /// the first `keepingUnsynced` fraction (0…1) of each file's unsynced
    /// bytes, as if the disk had written some of them before power went.
    public func afterCrash(keepingUnsynced fraction: Double = 0) -> MemoryFileSystem {
        let copy = MemoryFileSystem()
        state.withLock { s in
            var made: [ObjectIdentifier: Inode] = [:]
            func survivor(_ inode: Inode) -> Inode {
                if let m = made[ObjectIdentifier(inode)] { return m }
                let m = Inode(data: Self.crashImage(inode, fraction))
                made[ObjectIdentifier(inode)] = m
                return m
            }
            copy.state.withLock { c in
                for (path, dir) in s.directories {
                    var d = Directory()
                    for (name, inode) in dir.durable { d.entries[name] = survivor(inode) }
                    d.durable = d.entries
                    c.directories[path] = d
                }
            }
        }
        return copy
    }

    /// The durable bytes, with the first `fraction` of the unsynced change written over them.
    private static func crashImage(_ inode: Inode, _ fraction: Double) -> [UInt8] {
        let live = inode.data, durable = inode.durable
        var start = 0
        while start < min(live.count, durable.count) && live[start] == durable[start] { start += 1 }
        let kept = Int(Double(max(0, live.count - start)) * fraction)
        var image = Array(live[0..<(start + kept)])
        if durable.count > image.count { image += durable[image.count...] }
        return image
    }

    // MARK: FileSystem

    public func createDirectory(_ path: String) throws {
        try state.withLock { s in
            try Self.count(&s, path)
            var current = ""
            for part in Self.components(path) {
                current += "/" + part
                if s.directories[current] != nil { continue }
                let parent = FilePaths.parent(of: current)
                if s.directories[parent]?.entries[part] != nil {
                    throw ToonDBError.io("cannot create directory", path: current, errno: ENOTDIR)
                }
                s.directories[current] = Directory()
            }
        }
    }

    public func fileExists(_ path: String) -> Bool {
        state.withLock { s in s.directories[Self.normal(path)] != nil || Self.inode(s, path) != nil }
    }

    public func isDirectory(_ path: String) -> Bool {
        state.withLock { $0.directories[Self.normal(path)] != nil }
    }

    public func listDirectory(_ path: String) throws -> [String] {
        try state.withLock { s in
            let dir = Self.normal(path)
            guard let d = s.directories[dir] else { throw ToonDBError.io("cannot list", path: path, errno: ENOENT) }
            let prefix = dir == "/" ? "/" : dir + "/"
            let subdirectories = s.directories.keys.filter {
                $0.hasPrefix(prefix) && $0 != dir && !$0.dropFirst(prefix.count).contains("/")
            }.map { String($0.dropFirst(prefix.count)) }
            return Array(d.entries.keys) + subdirectories
        }
    }

    public func openWritable(_ path: String, truncate: Bool) throws -> any WritableFile {
        try state.withLock { s in
            try Self.count(&s, path)
            let (dir, name) = try Self.split(s, path)
            let inode = s.directories[dir]!.entries[name] ?? Inode()
            s.directories[dir]!.entries[name] = inode
            if truncate { inode.data = [] }
            return MemoryWritableFile(fs: self, inode: inode, path: Self.normal(path))
        }
    }

    public func openReadable(_ path: String) throws -> any ReadableFile {
        try state.withLock { s in
            if s.faults.crashed { throw ToonDBError.injected(.crash(tornBytes: 0), path: path) }
            guard let inode = Self.inode(s, path) else { throw ToonDBError.io("cannot open", path: path, errno: ENOENT) }
            return MemoryReadableFile(path: path, bytes: inode.data)
        }
    }

    /// Memory cannot be mapped: a copy of the file's bytes.
    public func hardLink(_ from: String, _ to: String) throws {
        try state.withLock { s in
            try Self.count(&s, to)
            guard let inode = Self.inode(s, from) else { throw ToonDBError.io("cannot link to \(to)", path: from, errno: ENOENT) }
            let (toDir, toName) = try Self.split(s, to)
            guard s.directories[toDir]!.entries[toName] == nil else {
                throw ToonDBError.io("cannot link to \(to)", path: from, errno: EEXIST)
            }
            s.directories[toDir]!.entries[toName] = inode
        }
    }

    public func rename(_ from: String, _ to: String) throws {
        try state.withLock { s in
            try Self.count(&s, to)
            let (fromDir, fromName) = try Self.split(s, from)
            let (toDir, toName) = try Self.split(s, to)
            guard let inode = s.directories[fromDir]!.entries.removeValue(forKey: fromName) else {
                throw ToonDBError.io("cannot rename to \(to)", path: from, errno: ENOENT)
            }
            s.directories[toDir]!.entries[toName] = inode
        }
    }

    public func remove(_ path: String) throws {
        try state.withLock { s in
            try Self.count(&s, path)
            guard let (dir, name) = try? Self.split(s, path) else { return }
            s.directories[dir]!.entries[name] = nil
        }
    }

    public func removeTree(_ path: String) throws {
        try state.withLock { s in
            try Self.count(&s, path)
            let dir = Self.normal(path)
            if let (parent, name) = try? Self.split(s, path) { s.directories[parent]!.entries[name] = nil }
            for key in s.directories.keys where key == dir || key.hasPrefix(dir + "/") { s.directories[key] = nil }
        }
    }

    public func syncDirectory(_ path: String) throws {
        try state.withLock { s in
            try Self.count(&s, path)
            let dir = Self.normal(path)
            guard s.directories[dir] != nil else { throw ToonDBError.io("cannot open directory", path: path, errno: ENOENT) }
            s.directories[dir]!.durable = s.directories[dir]!.entries
        }
    }

    public func lock(_ path: String) throws -> any FileLockHandle {
        try state.withLock { s in
            try Self.count(&s, path)
            let p = Self.normal(path)
            guard !s.locks.contains(p) else {
                throw ToonDBError(.locked, "the database \(FilePaths.parent(of: p)) is opened by this process",
                                  remediation: "close the other handle first")
            }
            let (dir, name) = try Self.split(s, path)
            if s.directories[dir]!.entries[name] == nil { s.directories[dir]!.entries[name] = Inode() }
            s.locks.insert(p)
            return MemoryLock(fs: self, path: p)
        }
    }

    // MARK: Helpers (the state's lock held)

    /// Counts a call and throws when a fault strikes it.
    static func count(_ s: inout State, _ path: String) throws {
        if let fault = s.faults.next() { throw ToonDBError.injected(fault, path: path) }
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0 != "." }.map(String.init)
    }

    static func normal(_ path: String) -> String { "/" + components(path).joined(separator: "/") }

    /// The directory and name of `path`; the directory must exist.
    static func split(_ s: State, _ path: String) throws -> (String, String) {
        let p = normal(path)
        let dir = FilePaths.parent(of: p), name = String(p[p.index(after: p.lastIndex(of: "/")!)...])
        guard s.directories[dir] != nil, !name.isEmpty else { throw ToonDBError.io("no such directory", path: path, errno: ENOENT) }
        return (dir, name)
    }

    static func inode(_ s: State, _ path: String) -> Inode? {
        guard let (dir, name) = try? split(s, path) else { return nil }
        return s.directories[dir]?.entries[name]
    }

    /// Makes `inode`'s bytes and its current name durable.
    func synced(_ inode: Inode, path: String) throws {
        syncHook.withLock { $0 }?(path)
        try state.withLock { s in
            try Self.count(&s, path)
            inode.durable = inode.data
            if let (dir, name) = try? Self.split(s, path), s.directories[dir]!.entries[name] === inode {
                s.directories[dir]!.durable[name] = inode
            }
        }
    }

    /// Runs a counted change to a file's bytes. Without a fault `change` gets
    /// nil and does all of it; an append (`partial`) struck by a short write
    /// or a torn crash gets how many bytes may reach the file, then the call fails.
    func write(_ path: String, partial: Bool = false, _ change: (_ limit: Int?) -> Void) throws {
        try state.withLock { s in
            guard let fault = s.faults.next() else { return change(nil) }
            switch fault {
            case .shortWrite(let bytes, _) where partial, .crash(let bytes) where partial: change(bytes)
            default: break
            }
            throw ToonDBError.injected(fault, path: path)
        }
    }

    func unlock(_ path: String) { _ = state.withLock { $0.locks.remove(path) } }
}

private final class MemoryWritableFile: WritableFile {
    let fs: MemoryFileSystem
    let inode: MemoryFileSystem.Inode
    let path: String
    private(set) var size: Int

    init(fs: MemoryFileSystem, inode: MemoryFileSystem.Inode, path: String) {
        self.fs = fs
        self.inode = inode
        self.path = path
        size = inode.data.count
    }

    var allocatedSize: Int { fs.state.withLock { _ in inode.data.count } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try fs.write(path, partial: true) { limit in
            let n = min(limit ?? bytes.count, bytes.count)
            let end = size + n
            if inode.data.count < end { inode.data += [UInt8](repeating: 0, count: end - inode.data.count) }
            for i in 0..<n { inode.data[size + i] = bytes[i] }
            size = end
        }
    }

    func sync() throws { try fs.synced(inode, path: path) }

    func preallocate(to length: Int) throws {
        try fs.write(path) { _ in
            if inode.data.count < length { inode.data += [UInt8](repeating: 0, count: length - inode.data.count) }
        }
        try sync()
    }

    func truncate(to length: Int) throws {
        try fs.write(path) { _ in
            inode.data = Array(inode.data.prefix(length))
            size = min(size, length)
        }
    }

    func close() throws {
        try fs.write(path) { _ in inode.data = Array(inode.data.prefix(size)) }
    }
}

private final class MemoryReadableFile: ReadableFile, @unchecked Sendable {
    let path: String
    let bytes: [UInt8]
    var size: Int { bytes.count }

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw ToonDBError.io("cannot read", path: path, errno: EINVAL) }
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + count)])
    }

    func close() {}
}

private final class MemoryLock: FileLockHandle, @unchecked Sendable {
    let fs: MemoryFileSystem
    let path: String
    init(fs: MemoryFileSystem, path: String) {
        self.fs = fs
        self.path = path
    }
    func unlock() { fs.unlock(path) }
}
