import Foundation
import Testing
import ToonTestSupport

/// A `toondb-grpc-server` process on a free loopback port (`--port 0`; the
/// port is read from its `[Server] Running …` line).
final class GRPCServerProcess {
    let process = Process()
    let port: Int
    private let errors: FileHandle
    private(set) var log = ""

    init(_ arguments: [String] = []) throws {
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: Binaries.path("toondb-grpc-server"))
        process.arguments = ["--port", "0"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = pipe
        try process.run()
        errors = pipe.fileHandleForReading
        // A server that never reports is killed after 30 s, which ends the read below.
        let pid = process.processIdentifier
        let reported = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if reported.wait(timeout: .now() + 30) == .timedOut { kill(pid, SIGKILL) }
        }
        defer { reported.signal() }
        var text = ""
        while !text.contains("\n") {
            let chunk = errors.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        log = text
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":").last ?? "") else {
            process.terminate()
            throw ToonDBTestError("toondb-grpc-server did not report its port: \(text)")
        }
        self.port = port
    }

    /// Sends SIGTERM, waits, and returns the exit status and everything it wrote to stderr.
    @discardableResult
    func stop() -> (status: Int32, stderr: String) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        log += String(decoding: errors.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, "\(log)")
    }

    deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
}

struct ToonDBTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// `toondb-grpc-server` as a user runs it: serve, status, stop by signal, bad flags.
@Suite struct GRPCServerCommandTests {
    @Test func serveReportsItsAddressAndStatusSeesIt() throws {
        let server = try GRPCServerProcess()
        #expect(server.log.hasPrefix("[Server] Running (PID: \(server.process.processIdentifier)) on 127.0.0.1:"))
        let status = try Binaries.run("toondb-grpc-server", ["status", "--port", "\(server.port)"])
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.hasPrefix("[Server] Running at 127.0.0.1:\(server.port) (toondb-grpc-server "), "\(status.stdout)")
        let withHost = try Binaries.run("toondb-grpc-server", ["status", "--host", "127.0.0.1", "--port", "\(server.port)"])
        #expect(withHost.status == 0)
        let (code, log) = server.stop()
        #expect(code == 0, "exit status after SIGTERM: \(log)")
        #expect(log.contains("[Server] Stopped"), "\(log)")
        let after = try Binaries.run("toondb-grpc-server", ["status", "--port", "\(server.port)", "--timeout", "2"])
        #expect(after.status == 1 && after.stdout.hasPrefix("[Server] Not running at 127.0.0.1:\(server.port)"), "\(after)")
    }

    @Test func withDbTheIndexesPersistAndWithoutItTheTemporaryDatabaseGoes() throws {
        let dir = TemporaryDirectory("toondb-grpc-cli")
        let db = dir.file("db")
        let server = try GRPCServerProcess(["--db", db, "--log-level", "warn"])
        #expect(server.log.contains("database \(db)"))
        server.stop()
        // The database was created and is closed again: another process can open it.
        let r = try Binaries.run("toondb", ["kv", "put", db, "k", "v"])
        #expect(r.status == 0, "\(r.stderr)")

        // Without --db: a temporary database under $TMPDIR (inherited), named after the PID, removed at exit.
        let transient = try GRPCServerProcess([])
        let pid = transient.process.processIdentifier
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let mine = { (try? FileManager.default.contentsOfDirectory(atPath: base))?.filter { $0.hasPrefix("toondb-grpc-\(pid)-") } ?? [] }
        #expect(mine().count == 1, "the temporary database of PID \(pid) is not in \(base)")
        transient.stop()
        #expect(mine().isEmpty, "the temporary database survived the server")
    }

    @Test func aTakenPortIsAOneLineError() throws {
        let server = try GRPCServerProcess()
        defer { server.stop() }
        let r = try Binaries.run("toondb-grpc-server", ["--port", "\(server.port)"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("toondb-grpc-server: ioError: ") && r.stderr.contains("\(server.port)"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func badArgumentsAreRefused() throws {
        let host = try Binaries.run("toondb-grpc-server", ["--host", "example.com", "--port", "0"])
        #expect(host.status == 1 && host.stderr.hasPrefix("toondb-grpc-server: invalidArgument: host \"example.com\""), "\(host)")
        let port = try Binaries.run("toondb-grpc-server", ["--port", "70000"])
        #expect(port.status == 1 && port.stderr.contains("70000"), "\(port)")
        let level = try Binaries.run("toondb-grpc-server", ["--log-level", "loud"])
        #expect(level.status == 64, "\(level)")
        let timeout = try Binaries.run("toondb-grpc-server", ["status", "--timeout", "0"])
        #expect(timeout.status == 1 && timeout.stderr.contains("--timeout"), "\(timeout)")
    }
}
