import ArgumentParser
import Foundation
import ToonCLI
import ToonCommands
import ToonConnect
import ToonConsole
import ToonDB

/// `toondb shell [PATH]`: the readline console, or batch mode when standard input is not a terminal (toondb(1), CONSOLE).
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Run SQL and dot-commands interactively, or from standard input.",
        discussion: "Interactive with line editing, history and completion on a terminal; batch mode otherwise. Type .help in the console.")

    @Argument(help: "The database directory (see --create; a temporary database when omitted).")
    var path: String?

    @Flag(help: "In batch mode, stop with exit status 1 at the first error.")
    var bail = false

    @Flag(help: "Refuse every change to the database.")
    var readOnly = false

    @Option(help: "The output mode to start in: table, box, json, jsonl, csv, toon, compact, line, tsv, markdown or insert.")
    var mode: ResultFormat = .table

    @Option(help: "The configuration file (for history_file).")
    var config: String?

    @Option(help: "Work on the database a toondb-server serves on this socket instead.")
    var ipc: String?

    @Option(help: "Work on the keys a toondb-grpc-server serves at HOST:PORT instead.")
    var grpc: String?

    @OptionGroup var sync: SyncOption
    @OptionGroup var create: CreateOption

    func run() throws {
        var temporary: String?
        let remote: RemoteDataSource? = try CLI.program.run {
            switch (path, ipc, grpc) {
            case (nil, let socket?, nil): return try RemoteDataSource.ipc(socket, readOnly: readOnly)
            case (nil, nil, let address?): return try RemoteDataSource.grpc(address, readOnly: readOnly)
            case (_, nil, nil): return nil
            default:
                throw ToonDBError(.invalidArgument, "give at most one of a database PATH, --ipc SOCKET or --grpc HOST:PORT")
            }
        }
        if let remote { return try runSession(on: remote, location: remote.location) }
        let database: Database = try CLI.program.run {
            if let path { return try CLI.open(path, sync: sync.sync, creation: create.creation) }
            let dir = NSTemporaryDirectory() + "toondb-shell-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            temporary = dir
            return try CLI.open(dir, sync: sync.sync, creation: .always)
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        try runSession(on: EmbeddedDataSource(database, readOnly: readOnly),
                       location: temporary == nil ? database.path : "a temporary database")
    }

    /// Runs the console (interactive or batch) on `source` until it ends.
    private func runSession(on source: any DataSource, location: String) throws {
        let readOnly = self.readOnly, syncMode = sync.sync
        let session = CommandSession(
            source: source,
            standardOutput: { CLI.writeRaw(Array($0.utf8)) },
            opener: { EmbeddedDataSource(try CLI.open($0, sync: syncMode, creation: .always), readOnly: readOnly) },
            closer: { try ($0 as? EmbeddedDataSource)?.database.close() })
        session.mode = mode
        let status: Int32
        if isatty(0) != 0 {
            let env = ProcessInfo.processInfo.environment
            let historyPath = HistoryStore.resolvePath(
                environment: env, configHistoryFile: HistoryStore.configHistoryFile(configPath: config, environment: env))
            let console = Console(session: session, history: historyPath.map { HistoryStore(path: $0) })
            console.banner = "ToonDB \(ToonDBVersion.string) console on \(location). Enter .help for help."
            status = console.runInteractive()
        } else {
            let console = Console(session: session, history: nil)
            console.bail = bail
            status = console.runBatch()
        }
        session.close()
        if let open = session.source as? EmbeddedDataSource {
            if open.inTransaction { _ = try? open.executeSQL("ROLLBACK") }
            try open.database.close()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
