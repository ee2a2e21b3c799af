import Foundation
import ToonTestSupport

/// A `toondb-server` process serving `db` on `socket` for one test,
/// terminated when the test lets go of it.
final class ServerProcess {
    let process = Process()
    let socket: String

    /// Starts the server and waits (up to 10 s) until its socket exists.
    init(db: String, socket: String) throws {
        self.socket = socket
        process.executableURL = URL(fileURLWithPath: Binaries.path("toondb-server"))
        process.arguments = ["--db", db, "--socket", socket, "--log-level", "warn"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: socket) { usleep(10_000) }
    }

    /// Whether the socket is there (the server started).
    var isServing: Bool { FileManager.default.fileExists(atPath: socket) }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
