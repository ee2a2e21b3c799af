import ArgumentParser
import Foundation
import ToonCLI
import ToonDB

/// `toondb export PATH --from kv|table:NAME|collection:NS/COL --format jsonl|csv|toon` (toondb(1), IMPORT AND EXPORT).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write keys, a table or a collection as JSON Lines, CSV or TOON.",
        discussion: "Writes to standard output, or to the file given with --output.")

    @Argument(help: "The database directory.")
    var path: String

    @Option(help: "What to export: kv, table:NAME or collection:NS/COL.")
    var from: String

    @Option(help: "The output format: jsonl, csv or toon.")
    var format: TransferFormat = .jsonl

    @Option(help: "The file to write (standard output when omitted).")
    var output: String?

    func run() throws {
        try CLI.run {
            let source = try ImportTarget(parsing: from)
            try CLI.withDatabase(path, sync: .normal, creation: .never) { database in
                var handle: FileHandle?
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: nil),
                          let h = FileHandle(forWritingAtPath: output) else {
                        throw ToonDBError.io("create", path: output, errno: errno)
                    }
                    handle = h
                }
                defer { try? handle?.close() }
                let bar = output == nil ? nil : ProgressBar(label: "export")
                defer { bar?.finish() }
                try Exporter(source: source, format: format).run(database, write: { text in
                    if let handle { handle.write(Data(text.utf8)) } else { CLI.writeRaw(Array(text.utf8)) }
                }, progress: { bar?.update($0, of: nil) })
            }
        }
    }
}
