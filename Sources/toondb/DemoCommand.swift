import ArgumentParser
import ToonDB
import ToonExplorer

/// `toondb demo PATH`: builds the demo database and opens the explorer on it (toondb(1), EXPLORER).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo database (key paths, two SQL tables, a hybrid collection, a graph) and explore it.")

    @Argument(help: "The database directory to create (it must not exist).")
    var path: String

    @Flag(help: "Only create the database; do not open the explorer.")
    var noOpen = false

    @OptionGroup var sync: SyncOption
    @OptionGroup var options: ExplorerOptions

    func run() throws {
        try CLI.run {
            guard DatabaseDirectory.inspect(path) == .missing else {
                throw ToonDBError(.alreadyExists, "\(path) already exists; the demo is only written to a new path",
                                  remediation: "open it with: toondb \(path), or give another path")
            }
            try CLI.withDatabase(path, sync: sync.sync, creation: .always) { database in
                try DemoDatabase.populate(database)
                if noOpen {
                    CLI.out("created the demo database in \(path); open it with: toondb \(path)")
                    return
                }
                try options.run(EmbeddedDataSource(database))
            }
        }
    }
}
