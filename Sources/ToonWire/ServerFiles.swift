#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToonCore

/// The files a running `toondb-server` keeps in its database directory:
/// the default socket `toondb.sock` and the pid file `toondb-server.pid`
/// (`PID\nSOCKET\n`), which `toondb-server status` and `stop` read.
public struct ServerFiles: Sendable {
    /// The database directory.
    public let databasePath: String
    private let fileSystem: any FileSystem

    /// The files of the server of the database at `databasePath`.
    public init(databasePath: String, fileSystem: any FileSystem = PosixFileSystem()) {
        self.databasePath = databasePath
        self.fileSystem = fileSystem
    }

    /// `DB/toondb.sock`, where the server listens unless told otherwise.
    public var defaultSocket: String { databasePath + "/toondb.sock" }
    /// `DB/toondb-server.pid`.
    public var pidFile: String { databasePath + "/toondb-server.pid" }
    /// The database's lock file, held while the server has the database open.
    var lockFile: String { databasePath + "/LOCK" }

    /// Writes the pid file atomically (see ``FileSystem/replaceAtomically(_:_:)``).
    public func writePidFile(pid: Int32, socket: String) throws {
        try fileSystem.replaceAtomically(pidFile, with: Array("\(pid)\n\(socket)\n".utf8))
    }

    /// Removes the pid file.
    public func removePidFile() { try? fileSystem.remove(pidFile) }

    /// What the pid file says, if it exists and is well formed.
    public func readPidFile() -> (pid: Int32, socket: String)? {
        guard let bytes = try? fileSystem.readAll(pidFile), !bytes.isEmpty, bytes.count <= 4096 else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
        return (pid, lines.count > 1 ? String(lines[1]) : defaultSocket)
    }

    /// Whether some process holds the database's lock now (probed with a
    /// shared `flock` that is released at once; nothing is written).
    public func databaseIsLocked() -> Bool {
        let fd = open(lockFile, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { sysClose(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The pid of the running server, or nil: the pid file names a live
    /// process and the database lock is held (so a stale pid file whose
    /// number was reused by another process is not taken for a server). A
    /// database with no lock file (one on etcd, which several processes share)
    /// has a server when its socket accepts connections.
    public func runningServer() -> (pid: Int32, socket: String)? {
        guard let entry = readPidFile() else { return nil }
        guard kill(entry.pid, 0) == 0 || errno == EPERM else { return nil }
        let hasLockFile = access(lockFile, F_OK) == 0
        guard hasLockFile ? databaseIsLocked() : UnixSocket.isListening(entry.socket) else { return nil }
        return entry
    }
}
