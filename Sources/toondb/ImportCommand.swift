import ArgumentParser
import ToonCLI
import ToonDB

extension TransferFormat: ExpressibleByArgument {}

/// `toondb import PATH FILE --into kv|table:NAME|collection:NS/COL` (toondb(1), IMPORT AND EXPORT).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load JSON Lines or CSV into keys, a table or a collection.",
        discussion: "The input is read a chunk at a time and written in transactions of --batch-size records; a file is checked in full before anything is written. --atomic writes one transaction instead.")

    @Argument(help: "The database directory (see --create).")
    var path: String

    @Argument(help: "The file to read, or - for standard input.")
    var file: String

    @Option(help: "Where the records go: kv, table:NAME or collection:NS/COL.")
    var into: String

    @Option(help: "The input format, jsonl or csv (guessed from the file name when omitted).")
    var format: TransferFormat?

    @Option(help: "Records per transaction (10000 when omitted).")
    var batchSize: Int?

    @Flag(help: "Write everything in one transaction, all or nothing (holds every record in memory).")
    var atomic = false

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
            if atomic, batchSize != nil {
                throw ToonDBError(.invalidArgument, "--atomic writes one transaction, so it takes no --batch-size",
                                  remediation: "give one of --atomic and --batch-size")
            }
            let input = file == "-" ? ImportInput.standardInput : try ImportInput.file(file)
            let importer = Importer(target: target, format: format, batchSize: batchSize ?? Importer.defaultBatchSize, atomic: atomic)
            // Opened before standard input is read, so that "create PATH?" is asked first.
            try CLI.withDatabase(path, sync: sync.sync, creation: create.creation) { database in
                var bar: ProgressBar?
                var phase: Importer.Progress.Phase?
                defer { bar?.finish() }
                try importer.run(input, into: database) { progress in
                    if progress.phase != phase {
                        bar?.finish()
                        phase = progress.phase
                        bar = ProgressBar(label: progress.phase == .checking ? "checking" : "import")
                    }
                    bar?.update(bytes: progress.bytesRead, of: progress.totalBytes, items: progress.records)
                }
            }
        }
    }
}
