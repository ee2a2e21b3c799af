#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToonCore

/// Thin wrappers over the POSIX calls for Unix-domain stream sockets. Every
/// failure becomes a ``ToonDBError`` naming the socket path and errno.
enum UnixSocket {
    /// The longest socket path the kernel accepts (`sun_path` less its NUL).
    static var maxPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    /// Calls `body` with a `sockaddr_un` for `path`.
    static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws -> T {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPathBytes else {
            throw ToonDBError(.invalidArgument,
                              "the socket path \(path) is \(bytes.count) bytes; Unix sockets allow 1 to \(maxPathBytes)",
                              remediation: "choose a shorter --socket path")
        }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    static func makeSocket(_ path: String) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        if fd < 0 { throw ToonDBError.io("cannot create a socket for", path: path, errno: errno) }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return fd
    }

    /// Connects to the server listening at `path`.
    static func connect(_ path: String) throws -> Int32 {
        let fd = try makeSocket(path)
        let rc = try withAddress(path) { sysConnect(fd, $0, $1) }
        if rc != 0 {
            let e = errno
            sysClose(fd)
            var error = ToonDBError.io("cannot connect to", path: path, errno: e)
            if e == ENOENT || e == ECONNREFUSED {
                error.remediation = "is toondb-server running? start it with: toondb-server --db DIR --socket \(path)"
            }
            throw error
        }
        return fd
    }

    /// Whether a server accepts connections at `path` now.
    static func isListening(_ path: String) -> Bool {
        guard let fd = try? connect(path) else { return false }
        sysClose(fd)
        return true
    }

    /// Binds and listens at `path` with mode 0600 (the socket is never
    /// reachable with wider permissions: the umask covers the bind).
    static func listen(_ path: String, backlog: Int32) throws -> Int32 {
        let fd = try makeSocket(path)
        let old = umask(0o177)
        let rc = try withAddress(path) { bind(fd, $0, $1) }
        let e = errno
        umask(old)
        if rc != 0 {
            sysClose(fd)
            throw ToonDBError.io("cannot bind the socket", path: path, errno: e)
        }
        if chmod(path, 0o600) != 0 || sysListen(fd, backlog) != 0 {
            let e = errno
            sysClose(fd)
            unlink(path)
            throw ToonDBError.io("cannot listen on the socket", path: path, errno: e)
        }
        return fd
    }

    /// Sets the receive timeout (0: none).
    static func setReceiveTimeout(_ fd: Int32, milliseconds: Int) {
        var tv = timeval(tv_sec: milliseconds / 1000, tv_usec: .init((milliseconds % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sets the send timeout (0: none).
    static func setSendTimeout(_ fd: Int32, milliseconds: Int) {
        var tv = timeval(tv_sec: milliseconds / 1000, tv_usec: .init((milliseconds % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes every byte; false when the peer is gone or the send timed out.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                #if canImport(Glibc)
                let n = send(fd, p.baseAddress! + done, p.count - done, Int32(MSG_NOSIGNAL))
                #else
                let n = send(fd, p.baseAddress! + done, p.count - done, 0)
                #endif
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
    }
}

#if canImport(Glibc)
func sysConnect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ n: socklen_t) -> Int32 { Glibc.connect(fd, a, n) }
func sysListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Glibc.listen(fd, backlog) }
@discardableResult func sysClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
func sysConnect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ n: socklen_t) -> Int32 { Darwin.connect(fd, a, n) }
func sysListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Darwin.listen(fd, backlog) }
@discardableResult func sysClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
