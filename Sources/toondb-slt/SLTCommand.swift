import ArgumentParser
import Foundation
import ToonCLI
import ToonSLT

/// `toondb-slt`: runs sqllogictest files against ToonDB (a fresh database per
/// file) and prints a per-file table, or with `--json` one result line per file
/// (CONFORMANCE.md). Parsing and wiring only; the work is ToonSLT's.
@main
struct SLTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb-slt",
        abstract: "Run sqllogictest files against ToonDB, a fresh database per file.",
        discussion: "Exit status 0 after running (failures are in the report); 2 for a bad command line.")

    @Argument(help: ArgumentHelp(".test files, or directories searched for them.", valueName: "file-or-dir"))
    var paths: [String]

    @Flag(name: [.long, .short], help: "Print each file's failures (up to --max-failures).")
    var verbose = false

    @Option(help: ArgumentHelp("Failures kept per file.", valueName: "n"))
    var maxFailures = 10

    @Option(help: ArgumentHelp("Run only the first N statement/query records of each file.", valueName: "n"))
    var maxRecords: Int?

    @Flag(help: "Print a JSON result line per file (and progress lines) instead of the table.")
    var json = false

    /// Parses and runs; a bad command line is one line on stderr and exit status 2.
    static func main() {
        Program("toondb-slt").main(Self.self, usageStatus: 2)
    }

    func validate() throws {
        guard maxFailures >= 0 else { throw ValidationError("--max-failures needs a number, at least 0, not \(maxFailures)") }
        if let maxRecords, maxRecords < 0 {
            throw ValidationError("--max-records needs a number, at least 0, not \(maxRecords)")
        }
    }

    func run() {
        let runner = SLTRunner(maxFailures: maxFailures, maxRecords: maxRecords)
        var results: [FileResult] = []
        for file in paths.flatMap(Self.expand) {
            let result = runner.run(file: file, engineFactory: ToonDBEngine.factory) { partial in
                // Progress lines let a parent process keep partial counts if this process dies.
                if json { Stdio.line("progress " + SLTReport.json(partial)) }
            }
            if json {
                Stdio.line("result " + SLTReport.json(result))
            } else if verbose, !result.failures.isEmpty {
                Stdio.line(SLTReport.failures(result))
            }
            results.append(result)
        }
        if !json { Stdio.line(SLTReport.table(results)) }
    }

    /// Expands directories into the .test files under them, sorted.
    static func expand(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return entries.filter { $0.hasSuffix(".test") }.sorted().map { prefix + $0 }
    }
}
