import ArgumentParser
import ToonDB

extension ResultFormat: ExpressibleByArgument {}

/// `toondb sql PATH "STATEMENT" [--format table|json|csv|toon]` (toondb(1), SQL).
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements on a database and print their results.")

    @Argument(help: "The database directory (see --create).")
    var path: String

    @Argument(help: "One or more SQL statements separated by semicolons.")
    var statement: String

    @Option(help: "Output format: table, box, json, jsonl, csv, toon, compact, line, tsv, markdown or insert.")
    var format: ResultFormat = .table

    @OptionGroup var sync: SyncOption
    @OptionGroup var create: CreateOption

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(path, sync: sync.sync, creation: create.creation) { database in
                try database.executeScript(statement) { result in
                    if !result.columns.isEmpty { CLI.writeRaw(Array(result.rendered(as: format).utf8)) }
                }
            }
        }
    }
}
