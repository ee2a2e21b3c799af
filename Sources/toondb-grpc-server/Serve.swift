import ArgumentParser
import Foundation
import Logging
import ToonCLI
import ToonDB
import ToonGRPC
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server in the foreground until SIGTERM or SIGINT (the default).")

    @OptionGroup var address: AddressOptions

    @Option(name: .long, help: ArgumentHelp("The database directory (created when missing); its indexes live in namespace grpc. Without it, a temporary database removed at exit.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: "What to log on standard error: trace, debug, info, warn (or warning) or error.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        try await program.run {
            let log = Logger.lines(label: "toondb-grpc-server", level: logLevel)
            let temporary = db == nil ? Self.temporaryDirectory() : nil
            let path = db ?? temporary!
            defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
            let database: Database
            do {
                database = try Database.open(path)
            } catch var e as ToonDBError where e.code == .locked {
                e.message = "cannot serve \(path): " + e.message
                e.remediation = "another server or program has it open; stop it or give another --db"
                throw e
            }
            let server: ToonGRPCServer
            do {
                server = try ToonGRPCServer(database: database, host: address.host, port: address.port, logger: log)
            } catch {
                try database.close()
                throw error
            }

            // SIGTERM and SIGINT stop the server gracefully. A parent may have
            // started us with them blocked (the mask is inherited): unblock them
            // on this thread so that they are delivered somewhere.
            var stopSignals = sigset_t()
            sigemptyset(&stopSignals)
            sigaddset(&stopSignals, SIGTERM)
            sigaddset(&stopSignals, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
            let signals = [SIGTERM, SIGINT].map { sig -> any DispatchSourceSignal in
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler {
                    log.info("[Server] Signal \(sig): stopping")
                    server.shutdown()
                }
                source.resume()
                return source
            }
            defer { signals.forEach { $0.cancel() } }

            var failure: (any Error)?
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await server.run() }
                    let port = try await server.listeningPort()
                    let where_ = db.map { "database \($0)" } ?? "a temporary database"
                    Stdio.line("[Server] Running (PID: \(getpid())) on \(address.host):\(port), \(where_)", to: .error)
                    try await group.waitForAll()
                }
            } catch {
                failure = error
                server.shutdown()
            }
            do { try database.checkpoint() } catch { log.error("[Server] checkpoint failed: \(error)") }
            try database.close()
            if let failure { throw failure }
            log.info("[Server] Stopped")
        }
    }

    static func temporaryDirectory() -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return base + "/toondb-grpc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
