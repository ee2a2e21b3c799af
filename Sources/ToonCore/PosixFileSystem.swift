#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system, through POSIX calls.
public struct PosixFileSystem: FileSystem {
    private let fileMode: mode_t
    private let directoryMode: mode_t

    /// Creates the file system. With `privateFiles` the files and directories
    /// it creates are readable by their owner only (0600 and 0700; for
    /// history and other per-user state), else 0644 and 0755.
    public init(privateFiles: Bool = false) {
        fileMode = privateFiles ? 0o600 : 0o644
        directoryMode = privateFiles ? 0o700 : 0o755
    }

    public func createDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var current = ""
        for (i, part) in parts.enumerated() {
            current += (i == 0 ? "" : "/") + part
            if part.isEmpty || isDirectory(current) { continue }
            let made = mkdir(current, directoryMode) == 0
            if !made && errno != EEXIST {
                throw ToonDBError.io("cannot create directory", path: current, errno: errno)
            }
            if !isDirectory(current) {
                throw ToonDBError.io("cannot create directory", path: current, errno: ENOTDIR)
            }
            // The new name is durable only once its parent is synced.
            if made { try syncDirectory(FilePaths.parent(of: current)) }
        }
    }

    public func fileExists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw ToonDBError.io("cannot list", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func openWritable(_ path: String, truncate: Bool) throws -> any WritableFile {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = open(path, flags, fileMode)
        if fd < 0 { throw ToonDBError.io("cannot open for writing", path: path, errno: errno) }
        var st = stat()
        fstat(fd, &st)
        return PosixWritableFile(fd: fd, path: path, size: Int(st.st_size))
    }

    public func openReadable(_ path: String) throws -> any ReadableFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ToonDBError.io("cannot open", path: path, errno: errno) }
        var st = stat()
        fstat(fd, &st)
        return PosixReadableFile(fd: fd, path: path, size: Int(st.st_size))
    }

    public func hardLink(_ from: String, _ to: String) throws {
        if link(from, to) != 0 { throw ToonDBError.io("cannot link to \(to)", path: from, errno: errno) }
    }

    public func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw ToonDBError.io("cannot rename to \(to)", path: from, errno: errno) }
    }

    public func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw ToonDBError.io("cannot remove", path: path, errno: errno) }
    }

    public func removeTree(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw ToonDBError.io("cannot remove", path: path, errno: errno)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for name in try listDirectory(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw ToonDBError.io("cannot remove directory", path: path, errno: errno) }
        } else {
            try remove(path)
        }
    }

    public func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw ToonDBError.io("cannot open directory", path: path, errno: errno) }
        defer { Glibc.close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw ToonDBError.io("cannot sync directory", path: path, errno: errno) }
    }

    public func lock(_ path: String) throws -> any FileLockHandle {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw ToonDBError.io("cannot open lock file", path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 32, 0)
            Glibc.close(fd)
            if err == EWOULDBLOCK {
                let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).filter { !$0.isWhitespace } : "unknown"
                let dir = String(path.dropLast(path.split(separator: "/").last.map { $0.count + 1 } ?? 0))
                throw ToonDBError(.locked, "the database \(dir) is opened by process \(pid)",
                                  remediation: "close it in process \(pid), or use toondb-server to share the database")
            }
            throw ToonDBError.io("cannot lock", path: path, errno: err)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return PosixFileLock(fd: fd)
    }
}

final class PosixWritableFile: WritableFile {
    let path: String
    private var fd: Int32
    /// The end of the data; appends go here.
    private(set) var size: Int
    /// The end of the file, past `size` when zeros were preallocated.
    private(set) var allocatedSize: Int

    init(fd: Int32, path: String, size: Int) {
        self.fd = fd
        self.path = path
        self.size = size
        allocatedSize = size
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try writeFully(bytes, at: size)
        size += bytes.count
        allocatedSize = max(allocatedSize, size)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ToonDBError.io("cannot write", path: path, errno: errno)
            }
            done += n
        }
    }

    func preallocate(to length: Int) throws {
        guard length > allocatedSize else { return }
        let zeros = [UInt8](repeating: 0, count: length - allocatedSize)
        try zeros.withUnsafeBytes { try writeFully($0, at: allocatedSize) }
        allocatedSize = length
        try sync()
    }

    func sync() throws {
        if fdatasync(fd) != 0 { throw ToonDBError.io("cannot sync", path: path, errno: errno) }
    }

    func truncate(to length: Int) throws {
        if ftruncate(fd, off_t(length)) != 0 { throw ToonDBError.io("cannot truncate", path: path, errno: errno) }
        size = length
        allocatedSize = length
    }

    func close() throws {
        guard fd >= 0 else { return }
        if allocatedSize > size { try truncate(to: size) }
        let r = Glibc.close(fd)
        fd = -1
        if r != 0 { throw ToonDBError.io("cannot close", path: path, errno: errno) }
    }
}

final class PosixReadableFile: ReadableFile, @unchecked Sendable {
    let path: String
    let size: Int
    /// -1 once closed; reads hold `state` shared, so `close()` never pulls
    /// the descriptor from under a read (whose number could then be reused).
    private var fd: Int32
    private let state = ReadWriteLock()

    init(fd: Int32, path: String, size: Int) {
        self.fd = fd
        self.path = path
        self.size = size
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        try state.withReadLock {
            guard fd >= 0 else {
                throw ToonDBError(.ioError, "cannot read \(path): the file was closed")
            }
            return try [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
                var done = 0
                while done < count {
                    let n = pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        initialized = done
                        throw ToonDBError.io("cannot read", path: path, errno: errno)
                    }
                    if n == 0 { break }
                    done += n
                }
                initialized = done
            }
        }
    }

    /// Closes the descriptor; later reads fail with `ioError`. Closing twice is harmless.
    func close() {
        state.withWriteLock {
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }
}

final class PosixFileLock: FileLockHandle, @unchecked Sendable {
    private let fd: Int32
    init(fd: Int32) { self.fd = fd }
    func unlock() {
        flock(fd, LOCK_UN)
        Glibc.close(fd)
    }
}

extension PosixFileSystem: MappingFileSystem {
    /// `mmap` with `MAP_PRIVATE`: pages are read from the file when first
    /// touched and copied when first written. The file must not be changed
    /// in place while it is mapped (ToonDB replaces files by renaming a new
    /// one over them, which leaves a mapping of the old one intact).
    package func mapPrivately(_ path: String) throws -> MappedFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ToonDBError.io("cannot open", path: path, errno: errno) }
        defer { Glibc.close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw ToonDBError.io("cannot stat", path: path, errno: errno) }
        let size = Int(st.st_size)
        guard size > 0 else { return MappedFile(path: path, copying: []) }
        guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ToonDBError.io("cannot map", path: path, errno: errno)
        }
        return MappedFile(path: path, bytes: UnsafeMutableRawBufferPointer(start: base, count: size)) {
            munmap($0.baseAddress, $0.count)
        }
    }
}
