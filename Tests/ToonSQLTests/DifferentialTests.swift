import Foundation
import Testing
import ToonConnect
import ToonDB
import ToonTestSupport

/// Differential test: random schemas, rows and statements from a seed, run on
/// ToonDB and on the system SQLite; every result must agree.
///
/// Environment (all optional):
/// - `DIFF_SEED=n`       run only seed n (to reproduce a failure),
/// - `DIFF_SEEDS=n`      run n seeds from the base seed (default below),
/// - `DIFF_STATEMENTS=n` statements per seed after the setup,
/// - `DIFF_DUMP=1`       print every statement of the seed(s) that run,
/// - `DIFF_VERBOSE=1`    also print results that match only up to integer/real,
///                       and statements that failed on both engines,
/// - `DIFF_DESCRIBE=n`   describe up to n mismatches per seed (default 4),
/// - `DIFF_AVOID=a,b`    leave generator features out (see DifferentialGenerator.avoid),
///                       to sort mismatches into classes.
///
/// Comparison rules:
/// - rows are compared as multisets; with ORDER BY over output positions the
///   ORDER BY keys must also agree row by row, and with LIMIT (only generated
///   over a total order) the rows must agree position by position;
/// - reals agree within a relative 1e-9; storage classes must agree
///   (integer 1 and real 1.0 differ) — except where the query collapses equal
///   values (DISTINCT, GROUP BY, aggregates, UNION, INTERSECT, EXCEPT) and SQL
///   leaves unspecified which of 1 and 1.0 survives: such results are counted
///   as "loose" rather than failed;
/// - if either engine reports an error, the other must too (counted separately);
/// - after each data change, rowsAffected and every table's contents must agree.
@Suite struct DifferentialTests {
    static let baseSeed: UInt64 = 0x70_0D_B0_01
    static let defaultSeeds = 32
    static let defaultStatements = 100
    /// At most this many mismatches are described per seed.
    static let describedPerSeed = ProcessInfo.processInfo.environment["DIFF_DESCRIBE"].flatMap { Int($0) } ?? 4

    struct Report: Sendable {
        var seed: UInt64
        var queries = 0
        var changes = 0
        var bothFailed = 0
        var loose = 0
        var mismatches = 0
        var descriptions: [String] = []
        /// Time spent inside each engine.
        var toonTime: Duration = .zero
        var sqliteTime: Duration = .zero
        var genTime: Duration = .zero
    }

    /// Where ToonDB keeps the database of one seed.
    enum Backend: Sendable {
        /// A temporary directory.
        case embedded
        /// A prefix of its own on the etcd cluster at these endpoints.
        case etcd(endpoints: String)

        /// The database for `seed`, and what must live as long as it does.
        func open(seed: UInt64) throws -> (database: Database, directory: TemporaryDirectory?) {
            switch self {
            case .embedded:
                let dir = TemporaryDirectory("diff")
                return (try Database.open(dir.path), dir)
            case .etcd(let endpoints):
                return (try EtcdDatabase.open("etcd://\(endpoints)/diff-\(seed)"), nil)
            }
        }
    }

    @Test func toonDBAgreesWithSQLite() async throws {
        try await Self.compare(on: .embedded, defaultSeeds: Self.defaultSeeds, minimumQueries: 2000)
    }

    /// The same statements with the database on a single etcd member: SQL
    /// above the storage seam behaves the same on every backend.
    @Test(.enabled(if: RequiredTool.etcd.testsRun, RequiredTool.etcd.skipReason))
    func toonDBOnEtcdAgreesWithSQLite() async throws {
        _ = try RequiredTool.etcd.require()
        let cluster = try EtcdCluster(size: 1, extraArguments: ["--max-txn-ops", "100000", "--max-request-bytes", "33554432"])
        defer { cluster.stop() }
        try await Self.compare(on: .etcd(endpoints: cluster.endpoints), defaultSeeds: 6, minimumQueries: 400)
    }

    /// Runs the seeds (`DIFF_SEED`, `DIFF_SEEDS` or `defaultSeeds` of them) on
    /// `backend` and SQLite and reports every disagreement; a full default
    /// run must reach `minimumQueries` queries.
    static func compare(on backend: Backend, defaultSeeds: Int, minimumQueries: Int) async throws {
        let env = ProcessInfo.processInfo.environment
        let seeds: [UInt64]
        if let s = env["DIFF_SEED"].flatMap({ UInt64($0) }) {
            seeds = [s]
        } else {
            let n = env["DIFF_SEEDS"].flatMap { Int($0) } ?? defaultSeeds
            seeds = (0..<UInt64(n)).map { Self.baseSeed &+ $0 }
        }
        let statements = env["DIFF_STATEMENTS"].flatMap { Int($0) } ?? Self.defaultStatements
        let dump = env["DIFF_DUMP"] != nil
        let verbose = env["DIFF_VERBOSE"] != nil

        let start = ContinuousClock.now
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        var reports: [Report] = []
        try await withThrowingTaskGroup(of: Report.self) { group in
            var pending = seeds[...]
            for _ in 0..<workers {
                guard let seed = pending.popFirst() else { break }
                group.addTask { try Self.run(seed: seed, on: backend, statements: statements, dump: dump, verbose: verbose) }
            }
            while let report = try await group.next() {
                reports.append(report)
                if let seed = pending.popFirst() {
                    group.addTask { try Self.run(seed: seed, on: backend, statements: statements, dump: dump, verbose: verbose) }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        reports.sort { $0.seed < $1.seed }
        let queries = reports.reduce(0) { $0 + $1.queries }
        let changes = reports.reduce(0) { $0 + $1.changes }
        let bothFailed = reports.reduce(0) { $0 + $1.bothFailed }
        let loose = reports.reduce(0) { $0 + $1.loose }
        let mismatches = reports.reduce(0) { $0 + $1.mismatches }
        func secs(_ d: Duration) -> String {
            String(format: "%.1f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        let toonTime = reports.reduce(Duration.zero) { $0 + $1.toonTime }
        let sqliteTime = reports.reduce(Duration.zero) { $0 + $1.sqliteTime }
        let genTime = reports.reduce(Duration.zero) { $0 + $1.genTime }
        print("Differential (\(backend)): \(seeds.count) seeds, \(queries) queries, \(changes) data changes, "
            + "\(bothFailed) failed on both, \(loose) loose (1 vs 1.0 in collapsed values), "
            + "\(mismatches) mismatches; \(String(format: "%.1f", seconds)) s on \(workers) workers "
            + "(ToonDB \(secs(toonTime)) s, SQLite \(secs(sqliteTime)) s, generator \(secs(genTime)) s)")
        for report in reports {
            for description in report.descriptions {
                Issue.record(Comment(rawValue: description))
            }
            if report.mismatches > report.descriptions.count {
                Issue.record(Comment(rawValue: "seed \(report.seed): \(report.mismatches - report.descriptions.count) more mismatches"))
            }
        }
        // A seed stops at its first data difference, so the count only means
        // something when everything agreed.
        if mismatches == 0 && env["DIFF_SEED"] == nil && env["DIFF_SEEDS"] == nil && env["DIFF_STATEMENTS"] == nil {
            #expect(queries >= minimumQueries, "the differential test must run at least \(minimumQueries) queries")
        }
    }

    // MARK: - One seed

    private enum Outcome {
        case rows(columns: Int, rows: [[SQLValue]], changes: Int)
        case failed(String)
    }

    private static func run(seed: UInt64, on backend: Backend, statements: Int, dump: Bool, verbose: Bool) throws -> Report {
        var report = Report(seed: seed)
        let (toon, dir) = try backend.open(seed: seed)
        defer { withExtendedLifetime(dir) { try? toon.close() } }
        let lite = try ReferenceSQLite()
        let avoid = Set((ProcessInfo.processInfo.environment["DIFF_AVOID"] ?? "").split(separator: ",").map(String.init))
        let generator = DifferentialGenerator(seed: seed, avoid: avoid)

        let clock = ContinuousClock()
        func onToon(_ sql: String, _ arguments: [SQLValue] = []) -> Outcome {
            let start = clock.now
            defer { report.toonTime += clock.now - start }
            do {
                let r = try toon.executeSQL(sql, arguments: SQLArguments(arguments))
                return .rows(columns: r.columns.count, rows: r.values, changes: r.rowsAffected)
            } catch {
                return .failed(String(describing: error))
            }
        }
        func onSQLite(_ sql: String, _ arguments: [SQLValue] = []) -> Outcome {
            let start = clock.now
            defer { report.sqliteTime += clock.now - start }
            do {
                let r = try lite.run(sql, arguments: arguments)
                return .rows(columns: r.columnCount, rows: r.rows, changes: r.changes)
            } catch {
                return .failed(String(describing: error))
            }
        }
        func mismatch(_ index: Int, _ sql: String, _ what: String) {
            report.mismatches += 1
            if report.descriptions.count < describedPerSeed {
                report.descriptions.append("seed \(seed), statement \(index): \(what)\n  SQL: \(sql)")
            }
        }
        /// The statement as reports show it: its text, then the values bound.
        func shown(_ sql: String, _ arguments: [SQLValue]) -> String {
            arguments.isEmpty ? sql : sql + " -- arguments \(describe([arguments]))"
        }
        /// Runs a statement on both, with `arguments` bound; nil when they disagree on success.
        func both(_ index: Int, _ sql: String, _ arguments: [SQLValue] = []) -> (Outcome, Outcome)? {
            if dump { print("[\(seed)#\(index)] \(shown(sql, arguments));") }
            let s = onSQLite(sql, arguments), t = onToon(sql, arguments)
            switch (s, t) {
            case (.failed(let e), .failed(let f)):
                report.bothFailed += 1
                if verbose { print("[\(seed)#\(index)] both failed: SQLite \(e); ToonDB \(f)") }
                return nil
            case (.failed(let e), .rows(_, let rows, _)):
                mismatch(index, shown(sql, arguments), "SQLite failed (\(e)) but ToonDB succeeded with \(describe(rows))")
                return nil
            case (.rows(_, let rows, _), .failed(let e)):
                mismatch(index, shown(sql, arguments), "ToonDB failed (\(e)) but SQLite succeeded with \(describe(rows))")
                return nil
            default:
                return (s, t)
            }
        }
        /// Compares every table's contents; false on a difference.
        func tablesAgree(_ index: Int, after sql: String) -> Bool {
            for table in generator.tables {
                let q = "SELECT * FROM \(table.name)"
                guard case .rows(_, let s, _) = onSQLite(q), case .rows(_, let t, _) = onToon(q) else {
                    mismatch(index, sql, "cannot read \(table.name) back")
                    return false
                }
                if case .different(let why) = compare(sqlite: s, toon: t, ordering: nil) {
                    mismatch(index, sql, "afterwards, \(q) differs: \(why)")
                    return false
                }
            }
            return true
        }

        // Schema and rows: both must accept (or refuse) each statement alike.
        var index = 0
        let before = report.mismatches
        for sql in generator.setup() {
            index += 1
            if case (.rows(_, _, let sc), .rows(_, _, let tc))? = both(index, sql), sc != tc, sql.hasPrefix("INSERT") {
                mismatch(index, sql, "rowsAffected: SQLite \(sc), ToonDB \(tc)")
            }
        }
        guard report.mismatches == before, tablesAgree(index, after: "(the setup)") else { return report }

        for _ in 0..<statements {
            index += 1
            let g0 = clock.now
            let statement = generator.statement()
            report.genTime += clock.now - g0
            let sql = shown(statement.sql, statement.arguments)
            switch statement.kind {
            case .query:
                report.queries += 1
                guard case (.rows(let sCols, let s, _), .rows(let tCols, let t, _))? = both(index, statement.sql, statement.arguments) else {
                    continue
                }
                if sCols != tCols {
                    mismatch(index, sql, "column count: SQLite \(sCols), ToonDB \(tCols)")
                    continue
                }
                switch compare(sqlite: s, toon: t, ordering: statement.ordering) {
                case .same: break
                case .loose(let why):
                    if statement.collapses {
                        report.loose += 1
                        if verbose { print("[\(seed)#\(index)] loose: \(why)\n  SQL: \(sql)") }
                    } else {
                        mismatch(index, sql, why)
                    }
                case .different(let why):
                    mismatch(index, sql, why)
                }
            case .change:
                report.changes += 1
                let before = report.mismatches
                if case (.rows(_, _, let sc), .rows(_, _, let tc))? = both(index, statement.sql, statement.arguments), sc != tc {
                    mismatch(index, sql, "rowsAffected: SQLite \(sc), ToonDB \(tc)")
                }
                // Once the data differ, every later result would too: stop this seed.
                guard report.mismatches == before, tablesAgree(index, after: sql) else { return report }
            }
        }
        return report
    }

    // MARK: - Comparing results

    enum Verdict {
        case same
        /// Equal only if integer n and real n.0 count as equal.
        case loose(String)
        case different(String)
    }

    static func compare(sqlite s: [[SQLValue]], toon t: [[SQLValue]], ordering: DiffOrdering?) -> Verdict {
        if s.count != t.count {
            return .different("\(s.count) rows from SQLite, \(t.count) from ToonDB\n  SQLite: \(describe(s))\n  ToonDB: \(describe(t))")
        }
        if let bad = s.indices.first(where: { s[$0].count != t[$0].count }) {
            return .different("row \(bad) has \(s[bad].count) values from SQLite, \(t[bad].count) from ToonDB")
        }
        if let ordering {
            // The ORDER BY keys must agree row by row (ties may come in any order).
            for i in s.indices {
                for k in ordering.keys where !equal(s[i][k], t[i][k], strict: false) {
                    return .different("order differs at row \(i)\n  SQLite: \(describe(s))\n  ToonDB: \(describe(t))")
                }
            }
            if ordering.limited {
                if zip(s, t).allSatisfy({ rowsEqual($0, $1, strict: true) }) { return .same }
                if zip(s, t).allSatisfy({ rowsEqual($0, $1, strict: false) }) {
                    return .loose("SQLite: \(describe(s))\n  ToonDB: \(describe(t))")
                }
                return .different("SQLite: \(describe(s))\n  ToonDB: \(describe(t))")
            }
        }
        let ss = canonical(s), ts = canonical(t)
        if zip(ss, ts).allSatisfy({ rowsEqual($0, $1, strict: true) }) { return .same }
        let detail = "SQLite: \(describe(ss))\n  ToonDB: \(describe(ts))"
        if zip(ss, ts).allSatisfy({ rowsEqual($0, $1, strict: false) }) { return .loose(detail) }
        return .different(detail)
    }

    private static func rowsEqual(_ a: [SQLValue], _ b: [SQLValue], strict: Bool) -> Bool {
        zip(a, b).allSatisfy { equal($0, $1, strict: strict) }
    }

    private static func realsEqual(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        let diff = abs(a - b)
        return diff <= 1e-9 * max(abs(a), abs(b)) || diff < 1e-12
    }

    /// Value equality: reals within 1e-9; `strict` also demands the same storage class.
    static func equal(_ a: SQLValue, _ b: SQLValue, strict: Bool) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.integer(let x), .integer(let y)): return x == y
        case (.real(let x), .real(let y)): return realsEqual(x, y)
        case (.integer(let x), .real(let y)), (.real(let y), .integer(let x)): return !strict && realsEqual(Double(x), y)
        case (.text(let x), .text(let y)): return x == y
        case (.blob(let x), .blob(let y)): return x == y
        default: return false
        }
    }

    /// The rows in the order of their sort keys.
    private static func canonical(_ rows: [[SQLValue]]) -> [[SQLValue]] {
        rows.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// A sort key that puts equal rows (up to the real tolerance and to
    /// integer vs real) next to each other, in the same order on both sides.
    private static func key(_ row: [SQLValue]) -> String {
        row.map { v -> String in
            switch v {
            case .null: return "0"
            case .integer(let i): return "1" + number(Double(i)) + "i"
            case .real(let d): return "1" + number(d) + "r"
            case .text(let s): return "2" + s
            case .blob(let b): return "3" + b.map { String($0) }.joined(separator: ",")
            }
        }.joined(separator: "\u{1}")
    }

    private static func number(_ d: Double) -> String {
        // Eight significant digits, so that reals equal within the tolerance
        // (almost always) share a key.
        if d == 0 { return "0" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let scale = pow(10, 7 - floor(log10(abs(d))))
        return String((d * scale).rounded() / scale)
    }

    static func describe(_ rows: [[SQLValue]]) -> String {
        let shown = rows.prefix(12).map { row in
            "(" + row.map { v -> String in
                switch v {
                case .text(let s): return "'" + s + "'"
                case .real(let d): return "\(d)r"
                default: return v.description
                }
            }.joined(separator: ", ") + ")"
        }.joined(separator: " ")
        return rows.count > 12 ? "\(rows.count) rows: " + shown + " …" : (rows.isEmpty ? "no rows" : shown)
    }
}

/// Replays a script on both engines and prints each statement's outcome side by
/// side: `DIFF_REPLAY='CREATE TABLE t(a); SELECT …' swift test --filter DifferentialReplay`.
/// Without the variable it does nothing.
@Suite struct DifferentialReplay {
    @Test func replay() throws {
        guard let script = ProcessInfo.processInfo.environment["DIFF_REPLAY"] else { return }
        let dir = TemporaryDirectory("diff-replay")
        let toon = try Database.open(dir.path)
        defer { withExtendedLifetime(dir) { try? toon.close() } }
        let lite = try ReferenceSQLite()
        let statements = script.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        for sql in statements {
            let s: String, t: String
            do { s = DifferentialTests.describe(try lite.run(sql).rows) } catch { s = "error: \(error)" }
            do { t = DifferentialTests.describe(try toon.executeSQL(sql).values) } catch { t = "error: \(error)" }
            print("\(sql)\n  SQLite: \(s)\n  ToonDB: \(t)\(s == t ? "" : "   <-- differs")")
        }
    }
}
