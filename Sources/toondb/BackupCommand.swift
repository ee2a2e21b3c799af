import ArgumentParser
import ToonDB

/// `toondb backup SOURCE DESTINATION` (toondb(1), BACKUP): a consistent copy of a database.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a database consistently into a new directory (segment files hard-linked where possible).",
        discussion: "The copy holds every commit up to one sequence number; open it like any database.")

    @Argument(help: "The database directory to copy.")
    var source: String

    @Argument(help: "The new directory to write the copy into (it must not exist, or be empty).")
    var destination: String

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(source, sync: .normal, creation: .never) { database in
                let r = try database.backup(to: destination)
                CLI.out("backed up \(source) to \(destination) at sequence \(r.sequence): "
                    + "\(r.linkedSegments + r.copiedSegments) segment files (\(r.linkedSegments) hard-linked, \(r.copiedSegments) copied), "
                    + "\(r.logEntries) log entries, \(r.indexFiles) vector index files")
            }
        }
    }
}
