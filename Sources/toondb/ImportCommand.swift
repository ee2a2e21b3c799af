import ArgumentParser
import Foundation
import ToonCLI
import ToonDB

extension TransferFormat: ExpressibleByArgument {}

/// `toondb import PATH FILE --into kv|table:NAME|collection:NS/COL` (toondb(1), IMPORT AND EXPORT).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load JSON Lines or CSV into keys, a table or a collection.",
        discussion: "The file is checked in full before anything is written; then it is written in one transaction, or in transactions of --batch-size records.")

    @Argument(help: "The database directory (see --create).")
    var path: String

    @Argument(help: "The file to read, or - for standard input.")
    var file: String

    @Option(help: "Where the records go: kv, table:NAME or collection:NS/COL.")
    var into: String

    @Option(help: "The input format, jsonl or csv (guessed from the file name when omitted).")
    var format: TransferFormat?

    @Option(help: "Records per transaction (all in one when omitted).")
    var batchSize: Int?

    @OptionGroup var sync: SyncOption
    @OptionGroup var create: CreateOption

    func run() throws {
        try CLI.run {
            let target = try ImportTarget(parsing: into)
            guard let format = format ?? TransferFormat.guess(fileName: file) else {
                throw ToonDBError(.invalidArgument, "cannot tell the format of \(file.debugDescription)",
                                  remediation: "name it .jsonl or .csv, or give --format jsonl|csv")
            }
            if format == .toon {
                throw ToonDBError(.invalidArgument, "imports read jsonl or csv, not toon",
                                  remediation: "convert the file with toondb toon decode first")
            }
            if let batchSize, batchSize < 1 {
                throw ToonDBError(.invalidArgument, "--batch-size must be at least 1, not \(batchSize)")
            }
            var fileBytes: [UInt8]?
            if file != "-" {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ToonDBError(.notFound, "cannot read \(file.debugDescription)", remediation: "check the file exists and is readable")
                }
                fileBytes = [UInt8](data)
            }
            // Opened before standard input is read, so that "create PATH?" is asked first.
            try CLI.withDatabase(path, sync: sync.sync, creation: create.creation) { database in
                let bytes = fileBytes ?? CLI.readStandardInput()
                let bar = ProgressBar(label: "import")
                defer { bar?.finish() }
                try Importer(target: target, format: format, batchSize: batchSize)
                    .run(bytes, into: database) { done, total in bar?.update(done, of: total) }
            }
        }
    }
}
