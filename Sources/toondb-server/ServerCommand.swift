import ArgumentParser
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToonCLI
import ToonConnect
import ToonDB
import ToonWire

/// `toondb-server`: serves a database to other processes over a Unix
/// socket (toondb-server(1)); `status` and `stop` manage a running server.
@main
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb-server",
        abstract: "Serve a ToonDB database to other processes over a Unix-domain socket.",
        discussion: "Without a subcommand, runs `serve`. The socket speaks the SochDB/ToonDB IPC protocol, so the original Python IpcClient works unchanged. There is no authentication: the socket is created with mode 0600.",
        subcommands: [Serve.self, Status.self, Stop.self],
        defaultSubcommand: Serve.self)
}

/// Errors become `toondb-server: code: message (hint: …)` and exit status 1 (ToonCLI's `Program`).
let program = Program("toondb-server")

/// `--db PATH`, shared by every subcommand.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database directory (created when missing by serve), or etcd://HOST:PORT[,…]/PREFIX.",
                                            valueName: "path"))
    var db: String

    /// The server's socket and pid file: in the database directory, or for
    /// a database on etcd in its local directory (toondb-server(1), FILES).
    func serverFiles() throws -> ServerFiles {
        guard EtcdDatabase.isLocation(db) else { return ServerFiles(databasePath: db) }
        return ServerFiles(databasePath: try EtcdDatabase.localDirectory(db))
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the server in the foreground until SIGTERM, SIGINT or `toondb-server stop` (the default).")

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: ArgumentHelp("The socket to listen on (default: <db>/toondb.sock).", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: "Connections served at once; more are accepted and closed at once.")
    var maxClients: Int = 100

    @Option(name: .long, help: "Close a connection silent for this many milliseconds (0: never).")
    var timeoutMs: Int = 30_000

    @Option(name: .long, help: "What to log on standard error: trace, debug, info, warn (or warning) or error.")
    var logLevel: Logger.Level = .info

    func run() throws {
        try program.run {
            let files = try database.serverFiles()
            let socketPath = socket ?? files.defaultSocket
            let config = IpcServer.Configuration(socketPath: socketPath, maxClients: maxClients,
                                                 idleTimeoutMilliseconds: timeoutMs)
            guard maxClients > 0 else { throw ToonDBError(.invalidArgument, "--max-clients must be at least 1, not \(maxClients)") }
            guard timeoutMs >= 0 else { throw ToonDBError(.invalidArgument, "--timeout-ms must not be negative, not \(timeoutMs)") }

            // Every thread started from here on inherits this mask; the main thread waits for the signals.
            var signals = sigset_t()
            sigemptyset(&signals)
            for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, s) }
            pthread_sigmask(SIG_BLOCK, &signals, nil)

            let db: Database
            do {
                db = try EtcdDatabase.openAny(database.db)
            } catch var e as ToonDBError where e.code == .locked {
                e.message = "cannot serve \(database.db): " + e.message
                e.remediation = "a server (or another program) already has it open; see toondb-server status --db \(database.db)"
                throw e
            }
            let server = IpcServer(database: db, configuration: config,
                                   logger: .lines(label: "toondb-server", prefix: "[Server] ", level: logLevel))
            do {
                try server.start()
                try files.writePidFile(pid: getpid(), socket: socketPath)
            } catch {
                server.stop()
                try db.close()
                throw error
            }
            Stdio.line("[Server] Running (PID: \(getpid()))", to: .error)

            var received: Int32 = 0
            while sigwait(&signals, &received) != 0 {}
            Stdio.line("[Server] Signal \(received): stopping", to: .error)
            server.stop()
            do { try db.checkpoint() } catch { Stdio.line("[Server] checkpoint failed: \(error)", to: .error) }
            try db.close()
            files.removePidFile()
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print whether a server runs on the database; exit status 0 if it does, 1 if not.")

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let files = try database.serverFiles()
        if let running = files.runningServer() {
            Stdio.line("[Server] Running (PID: \(running.pid))")
            Stdio.line("[Server] Socket: \(running.socket)")
        } else {
            Stdio.line("[Server] Not running")
            throw ExitCode.failure
        }
    }
}

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the server gracefully: in-flight requests finish, the database is checkpointed, the socket and pid file are removed.")

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the server to finish.", valueName: "seconds"))
    var wait: Int = 30

    func run() throws {
        try program.run {
            let files = try database.serverFiles()
            guard let running = files.runningServer() else {
                throw ToonDBError(.notFound, "no server is running on \(database.db)",
                                  remediation: "start one with toondb-server --db \(database.db)")
            }
            guard kill(running.pid, SIGTERM) == 0 else {
                throw ToonDBError(.ioError, "cannot signal process \(running.pid): errno \(errno)")
            }
            let deadline = ContinuousClock.now + .seconds(max(wait, 0))
            // The server removes its pid file last, after closing the database.
            while files.readPidFile()?.pid == running.pid && kill(running.pid, 0) == 0 {
                guard ContinuousClock.now < deadline else {
                    throw ToonDBError(.ioError, "the server (PID \(running.pid)) did not stop within \(wait) s",
                                      remediation: "wait for its requests to finish, or kill -9 \(running.pid)")
                }
                usleep(20_000)
            }
            Stdio.line("[Server] Stopped (PID: \(running.pid))")
        }
    }
}
