import Dispatch
import Foundation
import ToonCore
import ToonDB
import ToonGRPC
import ToonTestSupport

/// A ``ToonGRPCServer`` on a free loopback port, run in this process on its
/// own executor (off the cooperative pool, so that the tests' blocking
/// client calls cannot starve it), over a database in a temporary directory.
final class GRPCTestServer: @unchecked Sendable {
    let directory: TemporaryDirectory
    let database: Database
    let server: ToonGRPCServer
    let port: Int

    var address: String { "127.0.0.1:\(port)" }

    private init(directory: TemporaryDirectory, database: Database, server: ToonGRPCServer, port: Int) {
        self.directory = directory
        self.database = database
        self.server = server
        self.port = port
    }

    /// Starts a server over the database at `path` (default: a fresh one).
    static func start(path: String? = nil) async throws -> GRPCTestServer {
        let directory = TemporaryDirectory("toondb-grpc")
        let database = try Database.open(path ?? directory.file("db"))
        let server = try ToonGRPCServer(database: database, host: "127.0.0.1", port: 0)
        let executor = QueueTaskExecutor(label: "toondb.grpc.test-server")
        let box = GRPCTestServer.Box()
        Task(executorPreference: executor) {
            try? await server.run()
            box.done.signal()
        }
        let port = try await server.listeningPort()
        let s = GRPCTestServer(directory: directory, database: database, server: server, port: port)
        s.box = box
        return s
    }

    final class Box: @unchecked Sendable { let done = DispatchSemaphore(value: 0) }
    private var box: Box?

    /// Stops the server, waits for it, and closes the database.
    func stop() {
        server.shutdown()
        _ = box?.done.wait(timeout: .now() + 10)
        try? database.close()
    }
}
