import Foundation
import ToonDB

/// One row of the `sql` report.
enum SQLQueryKind: CaseIterable {
    case insert, point, range, groupBy, join

    func label(_ plan: SQLPlan) -> String {
        switch self {
        case .insert: "INSERT, 1 row per statement, autocommit (\(plan.users + plan.orders) rows)"
        case .point: "point SELECT by id (median of \(plan.points))"
        case .range: "id BETWEEN, \(plan.rangeWidth) ids, ORDER BY age DESC LIMIT 10 (median of \(plan.ranges))"
        case .groupBy: "GROUP BY city, count(*), avg(age) (median of \(plan.repeats))"
        case .join: "JOIN orders ON user_id (indexed), age > \(SQLWorkload.joinMinAge), GROUP BY (median of \(plan.repeats))"
        }
    }

    var unit: String {
        switch self {
        case .insert: "rows/s"
        case .point, .range: "µs"
        case .groupBy, .join: "ms"
        }
    }

    /// The most ToonDB's latency may be, as a multiple of SQLite's.
    var target: Double { self == .point ? 2 : 3 }

    /// A latency in seconds (per row for inserts) in the row's unit.
    func format(_ seconds: Double) -> String {
        switch self {
        case .insert: groupedDigits(Int((1 / seconds).rounded()))
        case .point, .range: String(format: "%.1f", seconds * 1e6)
        case .groupBy, .join: String(format: "%.2f", seconds * 1e3)
        }
    }

}

/// Latencies of one engine, in seconds: per row for inserts, per query otherwise.
typealias SQLFigures = [SQLQueryKind: Double]

/// What one engine returned for each query of a pass, to compare the engines.
struct SQLResults {
    var points: [[[SQLValue]]] = []
    var ranges: [[[SQLValue]]] = []
    var groupBy: [[SQLValue]] = []
    var join: [[SQLValue]] = []
}

/// How one engine runs each of the measured queries; `Int` is the query's
/// index in the workload (unused by GROUP BY and JOIN).
struct SQLQueries {
    let point: (Int) throws -> [[SQLValue]]
    let range: (Int) throws -> [[SQLValue]]
    let groupBy: () throws -> [[SQLValue]]
    let join: () throws -> [[SQLValue]]

    /// Times every query of the plan, each on its own: after a few untimed
    /// runs to warm the caches, the median latency of each kind.
    func measure(_ plan: SQLPlan) throws -> (SQLFigures, SQLResults) {
        var figures = SQLFigures(), results = SQLResults()
        (figures[.point], results.points) = try SQLQueries.timed(plan.points, warmup: 100, point)
        (figures[.range], results.ranges) = try SQLQueries.timed(plan.ranges, warmup: 20, range)
        var last: [[[SQLValue]]]
        (figures[.groupBy], last) = try SQLQueries.timed(plan.repeats, warmup: 1) { _ in try groupBy() }
        results.groupBy = last[0]
        (figures[.join], last) = try SQLQueries.timed(plan.repeats, warmup: 1) { _ in try join() }
        results.join = last[0]
        return (figures, results)
    }

    /// The median seconds of `body(i)` for `i` in `0..<count`, and what each returned.
    private static func timed(_ count: Int, warmup: Int,
                              _ body: (Int) throws -> [[SQLValue]]) throws -> (Double, [[[SQLValue]]]) {
        for i in 0..<min(warmup, count) { _ = try body(i) }
        var seconds: [Double] = [], results: [[[SQLValue]]] = []
        seconds.reserveCapacity(count)
        results.reserveCapacity(count)
        for i in 0..<count {
            var rows: [[SQLValue]] = []
            seconds.append(try Measure.seconds { rows = try body(i) })
            results.append(rows)
        }
        return (Measure.median(seconds), results)
    }
}

/// The ToonDB side of `sql`: the load, then every query, through `executeSQL`.
struct SQLToonBenchmark {
    let plan: SQLPlan
    let workload: SQLWorkload
    let scratch: Scratch

    func measure() throws -> (SQLFigures, SQLResults) {
        let db = try Database.open(try scratch.fresh("toondb-sql"), config: DatabaseConfig(syncMode: .normal))
        defer { try? db.close() }
        for statement in SQLWorkload.schema { try db.executeSQL(statement) }
        let inserts = workload.inserts
        let load = try Measure.seconds { for sql in inserts { try db.executeSQL(sql) } }
        // Reads go to segment files, as SQLite's go to its checkpointed database file.
        try db.checkpoint()
        let w = workload
        let queries = SQLQueries(point: { try db.executeSQL(w.pointSQL[$0]).values },
                                 range: { try db.executeSQL(w.rangeSQL[$0]).values },
                                 groupBy: { try db.executeSQL(SQLWorkload.groupBySQL).values },
                                 join: { try db.executeSQL(SQLWorkload.joinSQL).values })
        var (figures, results) = try queries.measure(plan)
        figures[.insert] = load / Double(inserts.count)
        return (figures, results)
    }
}

/// The SQLite side of `sql`: `journal_mode=WAL`, `synchronous=NORMAL`, a
/// 64 MiB page cache, autocommit. Each statement is the same SQL text ToonDB
/// runs, prepared, stepped and finalised on every call (ToonDB has no
/// prepared statements yet). The second set of figures reuses one prepared
/// statement per query shape with bound parameters, loading a second database.
struct SQLiteSQLBenchmark {
    let plan: SQLPlan
    let workload: SQLWorkload
    let scratch: Scratch

    func measure() throws -> (text: SQLFigures, reused: SQLFigures, results: SQLResults) {
        let db = try open(try scratch.fresh("sqlite-sql") + "/sql.db")
        defer { db.close() }
        let inserts = workload.inserts
        let load = try Measure.seconds { for sql in inserts { _ = try db.query(sql) } }
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let w = workload
        let queries = SQLQueries(point: { try db.query(w.pointSQL[$0]) },
                                 range: { try db.query(w.rangeSQL[$0]) },
                                 groupBy: { try db.query(SQLWorkload.groupBySQL) },
                                 join: { try db.query(SQLWorkload.joinSQL) })
        var (text, results) = try queries.measure(plan)
        text[.insert] = load / Double(inserts.count)

        let point = try db.prepare(SQLWorkload.pointTemplate), range = try db.prepare(SQLWorkload.rangeTemplate)
        let groupBy = try db.prepare(SQLWorkload.groupBySQL), join = try db.prepare(SQLWorkload.joinSQL)
        let reusedQueries = SQLQueries(
            point: { try point.rows(.integer(w.pointIDs[$0])) },
            range: { try range.rows(.integer(w.rangeBounds[$0].low), .integer(w.rangeBounds[$0].high)) },
            groupBy: { try groupBy.rows() },
            join: { try join.rows() })
        var (reused, reusedResults) = try reusedQueries.measure(plan)
        try SQLCheck.compare("SQLite, reused statements", reusedResults, "SQLite", results, workload)
        reused[.insert] = try preparedLoad()
        return (text, reused, results)
    }

    /// Seconds per row of the load through two reused prepared INSERTs, into a database of its own.
    private func preparedLoad() throws -> Double {
        let db = try open(try scratch.fresh("sqlite-sql-prepared") + "/sql.db")
        defer { db.close() }
        let users = try db.prepare(SQLWorkload.insertUserTemplate)
        let orders = try db.prepare(SQLWorkload.insertOrderTemplate)
        let w = workload
        let seconds = try Measure.seconds {
            for u in w.users { _ = try users.rows(.integer(u.id), .text(u.name), .integer(u.age), .text(u.city)) }
            for o in w.orders {
                _ = try orders.rows(.integer(o.id), .integer(o.userID), .real(o.amount), .text(o.status))
            }
        }
        return seconds / Double(w.users.count + w.orders.count)
    }

    private func open(_ path: String) throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536")
        for statement in SQLWorkload.schema { try db.execute(statement) }
        return db
    }
}
