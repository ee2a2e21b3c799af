#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonWire

/// The built `toondb-server` executable, run as a user runs it: `serve`,
/// `status`, `stop`, a second server, a killed server.
@Suite(.serialized) struct ServerProcessTests {
    /// A `toondb-server` process on a database in a temporary directory.
    final class Running {
        let process = Process()
        let stderr = Pipe()
        let db: String
        let socket: String

        init(db: String, socket: String? = nil, extra: [String] = []) throws {
            self.db = db
            self.socket = socket ?? db + "/toondb.sock"
            process.executableURL = URL(fileURLWithPath: Binaries.path("toondb-server"))
            process.arguments = ["--db", db] + (socket.map { ["--socket", $0] } ?? []) + ["--log-level", "warn"] + extra
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits until the server accepts connections (or has exited).
        func waitUntilServing() throws {
            for _ in 0..<1000 {
                if !process.isRunning { break }
                if ServerFiles(databasePath: db).readPidFile() != nil, UnixSocket.isListening(socket) { return }
                usleep(10_000)
            }
            throw ToonDBError(.ioError, "toondb-server did not start: \(String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self))")
        }

        deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    func server(_ args: String...) throws -> Binaries.Result { try Binaries.run("toondb-server", args) }

    @Test func serveStatusStop() throws {
        let dir = TemporaryDirectory("toondb-server")
        let db = dir.file("db")
        let s = try Running(db: db)
        try s.waitUntilServing()
        let status = try server("status", "--db", db)
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("[Server] Running (PID: \(s.process.processIdentifier))\n"), "\(status.stdout)")
        var st = stat()
        #expect(lstat(s.socket, &st) == 0 && st.st_mode & 0o777 == 0o600)

        let c = try IpcClient.connect(s.socket)
        try c.put("kept", "after stop")
        let stop = try server("stop", "--db", db)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("[Server] Stopped (PID: \(s.process.processIdentifier))"))
        s.process.waitUntilExit()
        #expect(s.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: s.socket))
        #expect(!FileManager.default.fileExists(atPath: ServerFiles(databasePath: db).pidFile))
        let after = try server("status", "--db", db)
        #expect(after.status == 1 && after.stdout == "[Server] Not running\n")
        let again = try server("stop", "--db", db)
        #expect(again.status == 1 && again.stderr.hasPrefix("toondb-server: notFound: no server is running"))
        // The server checkpointed and closed the database: it opens here with the write.
        let reopened = try Database.open(db)
        defer { try? reopened.close() }
        #expect(try reopened.getString("kept") == "after stop")
    }

    @Test func aSecondServerOnTheSameDatabaseIsRefused() throws {
        let dir = TemporaryDirectory("toondb-server")
        let db = dir.file("db")
        let first = try Running(db: db)
        try first.waitUntilServing()
        let second = try server("--db", db, "--socket", dir.file("other.sock"))
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("toondb-server: locked: cannot serve \(db): the database \(db) is opened by process \(first.process.processIdentifier)"),
                "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1)
        _ = try IpcClient.connect(first.socket).ping()
        #expect(try server("stop", "--db", db).status == 0)
    }

    @Test func aKilledServerLeavesNothingThatBlocksTheNext() throws {
        let dir = TemporaryDirectory("toondb-server")
        let db = dir.file("db")
        let first = try Running(db: db)
        try first.waitUntilServing()
        try IpcClient.connect(first.socket).put("k", "v")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: first.socket))       // stale socket and pid file remain
        #expect(try server("status", "--db", db).status == 1)
        let next = try Running(db: db)
        try next.waitUntilServing()
        #expect(try IpcClient.connect(next.socket).getString("k") == "v")
        #expect(try server("stop", "--db", db).status == 0)
    }

    @Test func stopKeepsEveryAcknowledgedWriteOfABusyClient() throws {
        let dir = TemporaryDirectory("toondb-server")
        let db = dir.file("db")
        let s = try Running(db: db, socket: dir.file("busy.sock"))
        try s.waitUntilServing()
        let c = try IpcClient.connect(s.socket)
        let acknowledged = Mutex(0)
        let writer = Thread {
            var i = 0
            while (try? c.put("busy/\(String(format: "%06d", i))", "v\(i)")) != nil {
                i += 1
                acknowledged.withLock { $0 = i }
            }
        }
        writer.start()
        while acknowledged.withLock({ $0 }) < 200 { usleep(1000) }
        #expect(try server("stop", "--db", db).status == 0)
        s.process.waitUntilExit()
        let n = acknowledged.withLock { $0 }
        let reopened = try Database.open(db)
        defer { try? reopened.close() }
        let stored = try reopened.scanPrefix("busy/").toArray().count
        #expect(stored >= n && stored <= n + 1, "acknowledged \(n), stored \(stored)")
    }

    @Test func badArgumentsAreOneLineErrors() throws {
        let dir = TemporaryDirectory("toondb-server")
        let r = try server("--db", dir.file("db"), "--max-clients", "0")
        #expect(r.status == 1 && r.stderr == "toondb-server: invalidArgument: --max-clients must be at least 1, not 0\n")
        let long = try server("--db", dir.file("db"), "--socket", dir.file(String(repeating: "s", count: 120)))
        #expect(long.status == 1 && long.stderr.contains("Unix sockets allow"))
        #expect(try server("--db", dir.file("db"), "--log-level", "loud").status != 0)
    }
}
