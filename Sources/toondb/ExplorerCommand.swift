import ArgumentParser
import Foundation
import ToonConnect
import ToonDB
import ToonExplorer

/// Options the explorer shares with `toondb demo`: theme and configuration.
struct ExplorerOptions: ParsableArguments {
    @Option(help: "The colour theme (a name from the theme path; see toondb-themes(5)).")
    var theme: String?

    @Option(help: "The configuration file (default: $TOONDB_CONFIG, else $XDG_CONFIG_HOME/toondb/config.toml).")
    var config: String?

    /// Opens the explorer on `source`.
    func run(_ source: DataSource) throws {
        let cfg: ExplorerConfig
        do { cfg = try ExplorerConfig.load(flag: config) } catch let e as ThemeError {
            throw ToonDBError(.invalidArgument, "\(e)", remediation: "fix the config file")
        }
        let loader = ThemeLoader(searchPath: ThemeLoader.standardSearchPath())
        let chosen: Theme
        do { chosen = try ExplorerApp.chooseTheme(flag: theme, config: cfg, loader: loader) } catch let e as ThemeError {
            throw ToonDBError(.invalidArgument, "\(e)", remediation: "check the theme with: toondb themes check FILE")
        }
        try ExplorerApp.run(source: source, theme: chosen, config: cfg, runner: ExplorerCommands.runner(source))
    }
}

/// `toondb [PATH]`: the full-screen explorer (toondb(1), EXPLORER); the default command.
struct ExplorerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the full-screen explorer on a database (the default command).",
        discussion: "Keys: ? shows every binding, q quits. See KEY BINDINGS in toondb(1).")

    @Argument(help: "The database directory (see --create).")
    var path: String?

    @Option(help: "Explore the database a toondb-server serves on this socket instead.")
    var ipc: String?

    @Option(help: "Explore the database a toondb-grpc-server serves at HOST:PORT instead.")
    var grpc: String?

    @Flag(help: "Open the database read-only: every write is refused.")
    var readOnly = false

    @OptionGroup var sync: SyncOption
    @OptionGroup var create: CreateOption
    @OptionGroup var options: ExplorerOptions

    func run() throws {
        try CLI.run {
            // Checked before opening, so a mistyped subcommand without a terminal creates no database.
            guard isatty(0) != 0, isatty(1) != 0 else {
                throw ToonDBError(.invalidArgument, "the explorer needs a terminal on standard input and output",
                                  remediation: "run it in a terminal; for scripts use toondb sql or toondb kv (toondb --help lists them)")
            }
            switch (path, ipc, grpc) {
            case (let path?, nil, nil):
                try CLI.withDatabase(path, sync: sync.sync, creation: readOnly ? .never : create.creation) { database in
                    try options.run(EmbeddedDataSource(database, readOnly: readOnly))
                }
            case (nil, let socket?, nil):
                try options.run(try RemoteDataSource.ipc(socket, readOnly: readOnly))
            case (nil, nil, let address?):
                try options.run(try RemoteDataSource.grpc(address, readOnly: readOnly))
            default:
                throw ToonDBError(.invalidArgument, "give exactly one of a database PATH, --ipc SOCKET or --grpc HOST:PORT")
            }
        }
    }
}
