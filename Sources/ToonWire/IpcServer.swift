#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging
import Synchronization
import ToonCore
import ToonDB

/// The IPC server: a Unix-domain socket listener serving the original
/// SochDB/ToonDB wire protocol on an embedded ``ToonDB/Database``
/// (`Sources/ToonWire/PROTOCOL.md`; `Man/toondb-server.1`).
///
/// One thread accepts; each connection is served on a thread of its own,
/// one request at a time, at most ``Configuration/maxClients`` at once (a
/// connection past the limit is accepted and closed at once, without a reply,
/// as the original does). A connection silent for the idle timeout is closed.
///
/// Invariants:
/// 1. A bad frame (length over 16 MiB, EOF inside a frame, I/O error,
///    timeout) closes that connection only and sends nothing; a bad request
///    inside a good frame gets ERROR and the connection stays open.
/// 2. ``stop()`` stops accepting, lets every request already received
///    finish and its reply go out, waits for the connection threads, then
///    removes the socket file. The database is the caller's to close.
/// 3. The socket file is created with mode 0600 (the umask covers the bind).
public final class IpcServer: @unchecked Sendable {
    /// How the server listens.
    public struct Configuration: Sendable {
        /// The socket file to create.
        public var socketPath: String
        /// Connections served at once (default 100).
        public var maxClients: Int
        /// Milliseconds a connection may stay silent before it is closed (default 30 000; 0: never).
        public var idleTimeoutMilliseconds: Int

        /// A configuration; the defaults are the original server's.
        public init(socketPath: String, maxClients: Int = 100, idleTimeoutMilliseconds: Int = 30_000) {
            self.socketPath = socketPath
            self.maxClients = maxClients
            self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        }
    }

    /// The database served.
    public let database: Database
    /// The configuration.
    public let configuration: Configuration
    /// The server-wide counters.
    public let stats = ServerStats()
    /// Where the server logs: listening and stopping at `info`, connections
    /// at `debug`, each request at `trace`, a refused client at `warning`,
    /// failures at `error`.
    private let logger: Logger

    private var listenFD: Int32 = -1
    private var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    private var acceptThread: pthread_t?
    private let state = ConditionLock()
    private var connections: Set<Int32> = []
    private var stopping = false
    private var started = false
    private let hangups = HangupWatcher()

    /// A server for `database` logging to `logger` (default: nowhere);
    /// ``start()`` makes it listen.
    public init(database: Database, configuration: Configuration,
                logger: Logger = Logger(label: "toondb.ipc-server") { _ in SwiftLogNoOpLogHandler() }) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates the socket (replacing a stale one left by a killed server)
    /// and starts accepting connections. Throws when another server listens
    /// on the same path, or when the path holds something other than a socket.
    public func start() throws {
        let path = configuration.socketPath
        guard configuration.maxClients > 0 else {
            throw ToonDBError(.invalidArgument, "--max-clients must be at least 1, not \(configuration.maxClients)")
        }
        guard configuration.idleTimeoutMilliseconds >= 0 else {
            throw ToonDBError(.invalidArgument, "--timeout-ms must not be negative, not \(configuration.idleTimeoutMilliseconds)")
        }
        try Self.removeStaleSocket(path)
        signal(SIGPIPE, SIG_IGN)
        listenFD = try UnixSocket.listen(path, backlog: 128)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let e = errno
            sysClose(listenFD)
            unlink(path)
            throw ToonDBError.io("cannot create a pipe for", path: path, errno: e)
        }
        wakePipe = (fds[0], fds[1])
        started = true
        acceptThread = try NativeThread.start("toondb-accept", detached: false) { [self] in acceptLoop() }
        logger.info("Listening on \(path) (max clients \(configuration.maxClients), idle timeout \(configuration.idleTimeoutMilliseconds) ms)")
    }

    /// Replaces a stale socket; refuses a live one or a file that is not a socket.
    static func removeStaleSocket(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFSOCK else {
            throw ToonDBError(.alreadyExists, "\(path) exists and is not a socket",
                              remediation: "remove it, or choose another --socket path")
        }
        if UnixSocket.isListening(path) {
            throw ToonDBError(.locked, "another server is listening on \(path)",
                              remediation: "stop it first (toondb-server stop --db DIR), or choose another --socket path")
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw ToonDBError.io("cannot remove the stale socket", path: path, errno: errno)
        }
    }

    private func acceptLoop() {
        var pfds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
        while true {
            let n = poll(&pfds, 2, -1)
            if n < 0 { if errno == EINTR { continue }; logger.error("poll failed: errno \(errno)"); return }
            if pfds[1].revents != 0 { return }
            if pfds[0].revents & Int16(POLLIN) == 0 { continue }
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                let e = errno
                if e == EINTR || e == EAGAIN || e == ECONNABORTED { continue }
                logger.error("accept failed: \(String(cString: strerror(e)))")
                if e == EMFILE || e == ENFILE { usleep(10_000) }
                continue
            }
            admit(fd)
        }
    }

    private func admit(_ fd: Int32) {
        let admitted: Bool = state.withLock {
            guard !stopping, connections.count < configuration.maxClients else { return false }
            connections.insert(fd)
            return true
        }
        guard admitted else {
            logger.warning("Connection limit of \(configuration.maxClients) reached, rejecting a client")
            sysClose(fd)
            return
        }
        stats.connectionsTotal.add(1, ordering: .relaxed)
        stats.connectionsActive.add(1, ordering: .relaxed)
        do {
            try NativeThread.start("toondb-client", stackSize: NativeThread.sqlStackSize) { [self] in serve(fd) }
        } catch {
            logger.error("\(error)")
            finish(fd)
        }
    }

    private func serve(_ fd: Int32) {
        if configuration.idleTimeoutMilliseconds > 0 {
            UnixSocket.setReceiveTimeout(fd, milliseconds: configuration.idleTimeoutMilliseconds)
            UnixSocket.setSendTimeout(fd, milliseconds: configuration.idleTimeoutMilliseconds)
        }
        logger.debug("Client connected (fd \(fd))")
        let reader = FrameReader(fd: fd)
        let session = IpcSession(database: database, stats: stats)
        loop: while true {
            switch reader.next() {
            case .frame(let request):
                stats.received(request)
                logger.trace("\(IpcOpcode.name(request.opcode)) \(request.payload.count) bytes")
                // A client that hangs up during a statement stops it (PROTOCOL.md §4.12).
                let watch = request.opcode == IpcOpcode.executeSQL
                    ? hangups.watch(fd) { [logger, running = session.running] in
                        logger.debug("Client hung up during EXECUTE_SQL (fd \(fd)): interrupting the statement")
                        running.interrupt()
                    } : nil
                let reply = session.handle(request)
                if let watch { hangups.unwatch(fd, token: watch) }
                guard UnixSocket.writeAll(fd, reply.encoded) else {
                    logger.debug("Client gone while replying (fd \(fd))")
                    break loop
                }
                stats.sent(reply)
            case .closed:
                session.abortAll()
                logger.debug("Client disconnected (fd \(fd))")
                break loop
            case .failed(let reason):
                logger.debug("Closing connection (fd \(fd)): \(reason)")
                break loop
            }
        }
        // A broken connection's transactions hold no writes (PROTOCOL.md §4.4); end their snapshots too.
        session.abortAll()
        finish(fd)
    }

    private func finish(_ fd: Int32) {
        state.withLock {
            connections.remove(fd)
            sysClose(fd)
            stats.connectionsActive.subtract(1, ordering: .relaxed)
            state.broadcast()
        }
    }

    /// Stops gracefully (invariant 2). Calling it twice does nothing.
    public func stop() {
        let first: Bool = state.withLock {
            guard started, !stopping else { return false }
            stopping = true
            return true
        }
        guard first else { return }
        var one: UInt8 = 1
        _ = write(wakePipe.write, &one, 1)
        if let t = acceptThread { NativeThread.join(t) }
        sysClose(listenFD)
        unlink(configuration.socketPath)
        state.withLock {
            // Reads end; a request already received is answered, then its thread sees EOF.
            for fd in connections { shutdown(fd, Int32(SHUT_RD)) }
            while !connections.isEmpty { state.wait(seconds: 0.5) }
        }
        hangups.stop()
        sysClose(wakePipe.read)
        sysClose(wakePipe.write)
        logger.info("Stopped")
    }

    deinit { stop() }
}
