import Foundation
import ToonDB

/// One record that did not pass.
package struct SLTFailure: Sendable, Equatable, Codable {
    /// The line the record starts on.
    package var line: Int
    /// What went wrong, in a few words.
    package var message: String
    package var sql: String
    /// What the file expects (a line per value, or the hash line).
    package var expected: String
    /// What the engine gave, rendered the same way.
    package var got: String
}

/// The outcome of running one test file.
package struct FileResult: Sendable, Equatable, Codable {
    /// The file's path as given.
    package var path: String
    /// Statement and query records executed.
    package var run = 0
    package var passed = 0
    package var failed = 0
    /// Statement and query records skipped by `skipif`/`onlyif`.
    package var skipped = 0
    /// True when the file was cut short by `maxRecords`.
    package var truncated = false
    /// True when a `halt` record stopped the file.
    package var halted = false
    /// A problem that kept the file from running at all (unreadable, engine failed to start).
    package var error: String?
    /// The first failures, up to the runner's limit.
    package var failures: [SLTFailure] = []
    /// Wall-clock seconds.
    package var seconds: Double = 0

    package init(path: String) { self.path = path }

    /// Passed as a percentage of run (100 when nothing ran).
    package var passPercent: Double { run == 0 ? 100 : Double(passed) * 100 / Double(run) }
}

/// Runs sqllogictest files against an engine.
package struct SLTRunner: Sendable {
    /// The name used for `skipif`/`onlyif`; the expected results came from SQLite.
    package var engineName = "sqlite"
    /// How many failures a `FileResult` keeps in detail.
    package var maxFailures = 10
    /// Stop after this many statement/query records (run or skipped); nil runs the whole file.
    package var maxRecords: Int?
    /// The threshold in force until a `hash-threshold` record changes it.
    package var defaultHashThreshold = 8

    package init(engineName: String = "sqlite", maxFailures: Int = 10, maxRecords: Int? = nil) {
        self.engineName = engineName
        self.maxFailures = maxFailures
        self.maxRecords = maxRecords
    }

    /// Reads and runs the file at `path` against a fresh engine.
    package func run(file path: String, engineFactory: SQLLogicEngineFactory,
                    progress: ((FileResult) -> Void)? = nil) -> FileResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            var r = FileResult(path: path)
            r.error = "cannot read file"
            return r
        }
        return run(records: ScriptParser.parse(bytes: Array(data)), path: path,
                   engineFactory: engineFactory, progress: progress)
    }

    /// Runs parsed records against a fresh engine. `progress` is called every 500 test records.
    package func run(records: [Record], path: String = "<script>", engineFactory: SQLLogicEngineFactory,
                    progress: ((FileResult) -> Void)? = nil) -> FileResult {
        let start = ContinuousClock.now
        var result = FileResult(path: path)
        let engine: any SQLLogicEngine
        do {
            engine = try engineFactory()
        } catch {
            result.error = "engine failed to start: \(error)"
            return result
        }
        defer { engine.close() }
        var threshold = defaultHashThreshold
        var labels: [String: String] = [:]
        var seen = 0

        func fail(_ record: Record, _ message: String, sql: String, expected: String = "", got: String = "") {
            result.failed += 1
            if result.failures.count < maxFailures {
                result.failures.append(SLTFailure(line: record.line, message: message, sql: sql,
                                                  expected: expected, got: got))
            }
        }

        for record in records {
            if record.isTest {
                if let maxRecords, seen >= maxRecords {
                    result.truncated = true
                    break
                }
                seen += 1
                if seen % 500 == 0 { progress?(result) }
            }
            if record.isSkipped(engineNamed: engineName) {
                if record.isTest { result.skipped += 1 }
                // A skipped labelled query still registers what it expects.
                if case .query(_, _, let label?, _, let expected) = record.kind {
                    let key = String(label.prefix(20))
                    if labels[key] == nil, let h = SLTRunner.expectedHash(expected) { labels[key] = h }
                }
                continue
            }
            switch record.kind {
            case .halt:
                result.halted = true
            case .hashThreshold(let n):
                threshold = n
                continue
            case .invalid(let message, let sql, let stopsFile):
                result.run += 1
                fail(record, message, sql: sql)
                if stopsFile { result.halted = true }
            case .statement(let expectError, let sql):
                result.run += 1
                do {
                    _ = try engine.execute(sql)
                    if expectError { fail(record, "statement succeeded but should have failed", sql: sql) } else { result.passed += 1 }
                } catch {
                    if expectError { result.passed += 1 } else {
                        fail(record, "statement failed: \(SLTRunner.describe(error))", sql: sql)
                    }
                }
            case .query(let types, let sort, let label, let sql, let expected):
                result.run += 1
                let output: SLTResult
                do {
                    output = try engine.execute(sql)
                } catch {
                    fail(record, "query failed: \(SLTRunner.describe(error))", sql: sql,
                         expected: SLTRunner.preview(expected))
                    continue
                }
                let outcome = SLTRunner.check(types: types, sort: sort, output: output, expected: expected,
                                              threshold: threshold)
                switch outcome {
                case .failure(let message, let got):
                    fail(record, message, sql: sql, expected: SLTRunner.preview(expected), got: got)
                case .success(let hash):
                    if let label {
                        let key = String(label.prefix(20))
                        if let previous = labels[key], previous != hash {
                            fail(record, "result differs from earlier query with label \(label)", sql: sql,
                                 expected: "hash \(previous)", got: "hash \(hash)")
                            continue
                        }
                        labels[key] = hash
                    }
                    result.passed += 1
                }
            }
            if result.halted { break }
        }
        result.seconds = (ContinuousClock.now - start).inSeconds
        return result
    }

    /// The result of checking one query's output.
    package enum Outcome: Equatable, Sendable {
        /// Matched; carries the MD5 of the sorted values (for labels).
        case success(hash: String)
        case failure(message: String, got: String)
    }

    /// Renders, sorts and compares a query's output with what the file expects.
    package static func check(types: String, sort: SortMode, output: SLTResult, expected: [String],
                             threshold: Int) -> Outcome {
        let letters = Array(types)
        if let bad = letters.first(where: { !"IRT".contains($0) }) {
            return .failure(message: "unknown column type '\(bad)'", got: "")
        }
        if output.columnCount != letters.count {
            return .failure(message: "expected \(letters.count) columns, got \(output.columnCount)",
                            got: "\(output.rows.count) rows")
        }
        var values: [String] = []
        values.reserveCapacity(output.rows.count * letters.count)
        for row in output.rows {
            for (i, letter) in letters.enumerated() {
                values.append(i < row.count ? (SLTRender.render(row[i], type: letter) ?? "") : "NULL")
            }
        }
        values = SLTRender.sort(values, width: letters.count, mode: sort)
        let hash = SLTRender.hash(values)
        let got: [String]
        if threshold > 0 && values.count > threshold {
            got = [SLTRender.hashLine(count: values.count, hash: hash)]
        } else {
            got = values
        }
        if got == expected { return .success(hash: hash) }
        var message = "wrong result"
        if got.count > expected.count && expected.count > 1 { message = "too many values" }
        if got.count < expected.count && got.count > 1 { message = "too few values" }
        return .failure(message: message, got: preview(got))
    }

    /// The hash a query's expected lines stand for (from a hash line, or computed from the listed values).
    package static func expectedHash(_ expected: [String]) -> String? {
        if expected.count == 1 {
            let words = expected[0].split(separator: " ")
            if words.count == 5, words[1] == "values", words[2] == "hashing", words[3] == "to" {
                return String(words[4])
            }
        }
        return SLTRender.hash(expected)
    }

    /// Up to 20 lines of values, for failure reports.
    static func preview(_ lines: [String]) -> String {
        if lines.count <= 20 { return lines.joined(separator: "\n") }
        return lines.prefix(20).joined(separator: "\n") + "\n… (\(lines.count) values)"
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
