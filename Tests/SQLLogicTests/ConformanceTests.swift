import Foundation
import Testing
import ToonSLT
import ToonTestSupport

/// Every sqllogictest file against ToonDB. Prints a per-file table and checks each file's passed
/// count against `floors.json` (file → minimum passed records).
///
/// Each file runs in its own `toondb-slt --json` process, so an engine crash or hang costs that file
/// (it keeps the counts reported before the crash) and not the whole run.
/// Every file runs whole; TOONDB_SLT_QUICK=1 runs only the first records of the slowest (see `Suite.recordBudget`).
@Suite struct ConformanceTests {
    static let floorsPath = Suite.testsDirectory + "/floors.json"

    @Test func toonDBConformance() throws {
        let files = Suite.files()
        try #require(!files.isEmpty, "no .test files under \(Suite.directory)")
        let floorsData = try #require(FileManager.default.contents(atPath: Self.floorsPath),
                                      "missing \(Self.floorsPath)")
        let floors = try JSONDecoder().decode([String: Int].self, from: floorsData)
        let full = Suite.fullRun
        let timeout = Double(ProcessInfo.processInfo.environment["TOONDB_SLT_TIMEOUT"] ?? "") ?? (full ? 1800 : 300)
        let binary = Binaries.path("toondb-slt")
        let isolated = FileManager.default.isExecutableFile(atPath: binary)

        print("""
            ToonDB sqllogictest conformance: \(files.count) files, \
            \(full ? "full run, every file whole" : "budget run, records: \(Suite.budgetSummary); the rest whole (unset TOONDB_SLT_QUICK to run every file whole)"), \
            \(isolated ? "one toondb-slt process per file, \(Int(timeout)) s timeout each" : "in-process (toondb-slt not built)")
            """)
        var results: [FileResult] = []
        var notes: [String: String] = [:]
        for file in files {
            let limit = Suite.recordBudget(file)
            var result: FileResult
            if isolated {
                result = Self.runIsolated(binary: binary, file: file, maxRecords: limit, timeout: timeout)
            } else {
                result = SLTRunner(maxFailures: 3, maxRecords: limit)
                    .run(file: Suite.path(file), engineFactory: ToonDBEngine.factory)
            }
            result.path = file
            if result.truncated, let limit { notes[file] = (notes[file].map { $0 + "; " } ?? "") + "first \(limit) records" }
            results.append(result)
        }

        var hints: [String] = []
        for r in results {
            // A file cut short (TOONDB_SLT_QUICK) must pass every record it ran, up to its floor.
            let floor = r.truncated ? min(floors[r.path] ?? 0, r.run) : floors[r.path] ?? 0
            if floors[r.path] == nil { hints.append("\(r.path) has no floor in floors.json; add it (passed now: \(r.passed))") }
            #expect(r.passed >= floor, "\(r.path): \(r.passed) records passed, below its floor of \(floor)")
            if r.passed > floor {
                let note = "above floor \(floor)"
                notes[r.path] = notes[r.path].map { $0 + "; " + note } ?? note
                hints.append("\(r.path): \(r.passed) passed > floor \(floor); raise its floor in floors.json")
            }
        }
        print(SLTReport.table(results, notes: notes))
        if !hints.isEmpty { print("Hints:\n  " + hints.joined(separator: "\n  ")) }
        if ProcessInfo.processInfo.environment["TOONDB_SLT_VERBOSE"] == "1" {
            for r in results where !r.failures.isEmpty { print(SLTReport.failures(r)) }
        }
    }

    /// Runs one file in a child `toondb-slt --json`; on a crash or timeout, keeps its last progress line.
    static func runIsolated(binary: String, file: String, maxRecords: Int?, timeout: Double) -> FileResult {
        var arguments = ["--json", "--max-failures", "3"]
        if let maxRecords { arguments += ["--max-records", String(maxRecords)] }
        arguments.append(Suite.path(file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let start = Date()
        do { try process.run() } catch {
            var r = FileResult(path: file)
            r.error = "cannot start toondb-slt: \(error)"
            return r
        }
        let collected = Collected()
        let reader = Thread {
            collected.set(out.fileHandleForReading.readDataToEndOfFile())
        }
        reader.start()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        let data = collected.wait()
        var final: FileResult?
        var lastProgress: FileResult?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("result ") { final = SLTReport.decode(line.dropFirst(7)) }
            if line.hasPrefix("progress ") { lastProgress = SLTReport.decode(line.dropFirst(9)) }
        }
        if let final { return final }
        var r = lastProgress ?? FileResult(path: file)
        r.seconds = Date().timeIntervalSince(start)
        let what = timedOut ? "timed out after \(Int(timeout)) s"
            : process.terminationReason == .uncaughtSignal ? "crashed (signal \(process.terminationStatus))"
            : "exited \(process.terminationStatus) without a result"
        r.error = what + (lastProgress == nil ? "" : ", counts up to then")
        return r
    }
}

/// Bytes handed from the reader thread to the test.
private final class Collected: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    func set(_ d: Data) { data = d; done.signal() }
    func wait() -> Data { done.wait(); return data }
}
