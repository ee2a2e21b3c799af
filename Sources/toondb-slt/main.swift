import Foundation
import ToonSLT

// toondb-slt FILE|DIR… [--verbose] [--max-failures N] [--max-records N] [--json]
// Runs sqllogictest files against ToonDB (a fresh database per file) and prints a per-file table.

enum Command {
    static let usage = """
        usage: toondb-slt FILE|DIR… [--verbose] [--max-failures N] [--max-records N] [--json]
          FILE|DIR          .test files, or directories searched for them
          --verbose, -v     print each file's failures (up to --max-failures)
          --max-failures N  failures kept per file (default 10)
          --max-records N   run only the first N statement/query records of each file
          --json            print a JSON result line per file (and progress lines) instead of the table
        """

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("toondb-slt: \(message)\n\(usage)\n".utf8))
        exit(2)
    }

    /// Writes a line straight to stdout (unbuffered, so a parent sees it even if we crash later).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
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

    static func main(_ arguments: [String]) -> Int32 {
        var paths: [String] = []
        var verbose = false
        var json = false
        var maxFailures = 10
        var maxRecords: Int?
        var args = arguments[...]
        func number(_ flag: String) -> Int {
            guard let text = args.popFirst(), let n = Int(text), n >= 0 else { fail("\(flag) needs a number") }
            return n
        }
        while let arg = args.popFirst() {
            switch arg {
            case "--verbose", "-v": verbose = true
            case "--json": json = true
            case "--max-failures": maxFailures = number(arg)
            case "--max-records": maxRecords = number(arg)
            case "--help", "-h": print(usage); return 0
            default:
                if arg.hasPrefix("-") { fail("unknown option \(arg)") }
                paths.append(arg)
            }
        }
        if paths.isEmpty { fail("no files given") }

        let runner = SLTRunner(maxFailures: maxFailures, maxRecords: maxRecords)
        var results: [FileResult] = []
        for file in paths.flatMap(expand) {
            let result = runner.run(file: file, engineFactory: ToonDBEngine.factory) { partial in
                // Progress lines let a parent process keep partial counts if this process dies.
                if json { emit("progress " + SLTReport.json(partial)) }
            }
            if json {
                emit("result " + SLTReport.json(result))
            } else if verbose, !result.failures.isEmpty {
                emit(SLTReport.failures(result))
            }
            results.append(result)
        }
        if !json { emit(SLTReport.table(results)) }
        return 0
    }
}

exit(Command.main(Array(CommandLine.arguments.dropFirst())))
