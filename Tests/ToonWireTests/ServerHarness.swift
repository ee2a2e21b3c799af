import ToonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ToonDB
import ToonTestSupport
@testable import ToonWire

/// An in-process ``IpcServer`` on a database and socket in a fresh
/// temporary directory, stopped and removed at the end.
final class ServerHarness: @unchecked Sendable {
    let dir = TemporaryDirectory("toondb-wire")
    let db: Database
    let server: IpcServer
    var socket: String { server.configuration.socketPath }

    init(maxClients: Int = 100, idleTimeoutMilliseconds: Int = 30_000) throws {
        db = try Database.open(dir.file("db"))
        server = IpcServer(database: db, configuration: .init(
            socketPath: dir.file("t.sock"), maxClients: maxClients,
            idleTimeoutMilliseconds: idleTimeoutMilliseconds))
        try server.start()
    }

    deinit {
        server.stop()
        try? db.close()
    }

    func client() throws -> IpcClient { try IpcClient.connect(socket, timeout: .seconds(10)) }

    /// A raw connection for sending bytes that are not well-formed frames.
    func raw() throws -> RawConnection { try RawConnection(socket) }

    /// Waits until the server serves `count` connections (they end asynchronously).
    func waitForActive(_ count: UInt64) {
        for _ in 0..<500 where server.stats.activeConnections != count { usleep(10_000) }
    }
}

/// A socket connection that sends arbitrary bytes.
final class RawConnection {
    let fd: Int32

    init(_ path: String) throws {
        fd = try UnixSocket.connect(path)
        UnixSocket.setReceiveTimeout(fd, milliseconds: 10_000)
    }

    deinit { sysClose(fd) }

    func send(_ bytes: [UInt8]) { _ = UnixSocket.writeAll(fd, bytes) }

    /// The next reply, nil when the server closed the connection.
    func reply() -> IpcFrame? {
        if case .frame(let f) = FrameReader(fd: fd).next() { return f }
        return nil
    }

    /// Whether the server has closed the connection without a reply byte
    /// (EOF, or a reset when it was closed before being accepted).
    func isClosedByServer() -> Bool {
        var b: UInt8 = 0
        let n = recv(fd, &b, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }
}

/// The shared seeded generator, so that fuzz runs repeat exactly.
typealias SeededGenerator = SplitMix64
