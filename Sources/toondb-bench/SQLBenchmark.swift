import CSQLite
import Foundation
import ToonConnect
import ToonDB
import ToonEtcd

/// One row of the `sql` report.
enum SQLQueryKind: CaseIterable {
    case insert, point, range, groupBy, join, insertBatch, update

    /// The rows of the first table: SQL text on both engines.
    static let textRows: [SQLQueryKind] = [.insert, .point, .range, .groupBy, .join]
    /// The rows of the second table: bound parameters on both engines.
    static let boundRows: [SQLQueryKind] = [.point, .range, .groupBy, .join, .insertBatch, .update]

    func label(_ plan: SQLPlan) -> String {
        switch self {
        case .insert: "INSERT, 1 row per statement, autocommit (\(plan.users + plan.orders) rows)"
        case .point: "point SELECT by id (median of \(plan.points))"
        case .range: "id BETWEEN, \(plan.rangeWidth) ids, ORDER BY age DESC LIMIT 10 (median of \(plan.ranges))"
        case .groupBy: "GROUP BY city, count(*), avg(age) (median of \(plan.repeats))"
        case .join: "JOIN orders ON user_id (indexed), age > \(SQLWorkload.joinMinAge), GROUP BY (median of \(plan.repeats))"
        case .insertBatch: "INSERT, \(groupedDigits(plan.batchRows)) rows in one transaction"
        case .update: "UPDATE users SET age WHERE id, autocommit (median of \(plan.points))"
        }
    }

    var unit: String {
        switch self {
        case .insert, .insertBatch: "rows/s"
        case .point, .range, .update: "µs"
        case .groupBy, .join: "ms"
        }
    }

    /// The most ToonDB's latency may be, as a multiple of SQLite's, in the first table.
    var target: Double { self == .point ? 2 : 3 }

    /// The most ToonDB's latency with a prepared statement may be, as a
    /// multiple of SQLite's with a reused statement (issue 14's targets).
    var boundTarget: Double {
        switch self {
        case .point, .insert, .insertBatch, .update: 1
        case .range, .groupBy, .join: 1.5
        }
    }

    /// A latency in seconds (per row for inserts) in the row's unit.
    func format(_ seconds: Double) -> String {
        switch self {
        case .insert, .insertBatch: groupedDigits(Int((1 / seconds).rounded()))
        case .point, .range, .update: String(format: "%.1f", seconds * 1e6)
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
    static func timed(_ count: Int, warmup: Int,
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

/// The ToonDB side of `sql`: the load, then every query, through
/// `executeSQL` with SQL text; then the same queries through prepared
/// statements with bound parameters, a batch INSERT and UPDATEs by id.
struct SQLToonBenchmark {
    let plan: SQLPlan
    let workload: SQLWorkload
    let scratch: Scratch
    /// An etcd cluster to keep the databases on, under its prefix (`PREFIX/NAME-RUN`), instead of directories.
    var etcd: EtcdLocation?

    func measure() throws -> (text: SQLFigures, prepared: SQLFigures, results: SQLResults) {
        let db = try open("toondb-sql")
        defer { try? db.close() }
        let inserts = workload.inserts
        let load = try Measure.seconds { for sql in inserts { try db.executeSQL(sql) } }
        // Reads go to segment files, as SQLite's go to its checkpointed database file.
        try db.checkpoint()
        let w = workload
        let queries = SQLQueries(point: { try db.executeSQL(w.pointSQL[$0]).values },
                                 range: { try db.executeSQL(w.rangeSQL[$0]).values },
                                 groupBy: { try db.executeSQL(SQLWorkload.groupBySQL).values },
                                 join: { try db.executeSQL(SQLWorkload.joinSQL).values })
        var (text, results) = try queries.measure(plan)
        text[.insert] = load / Double(inserts.count)

        let point = try db.prepare(SQLWorkload.pointTemplate), range = try db.prepare(SQLWorkload.rangeTemplate)
        let groupBy = try db.prepare(SQLWorkload.groupBySQL), join = try db.prepare(SQLWorkload.joinSQL)
        let preparedQueries = SQLQueries(
            point: { try Self.values(point.execute(arguments: [w.pointIDs[$0]])) },
            range: { try Self.values(range.execute(arguments: [w.rangeBounds[$0].low, w.rangeBounds[$0].high])) },
            groupBy: { try Self.values(groupBy.execute()) },
            join: { try Self.values(join.execute()) })
        var (prepared, preparedResults) = try preparedQueries.measure(plan)
        try SQLCheck.compare("ToonDB, prepared statements", preparedResults, "ToonDB", results, workload)
        let update = try db.prepare(SQLWorkload.updateTemplate)
        prepared[.update] = try SQLUpdates.measure(plan, workload) { age, id in
            try update.execute(arguments: [age, id]).rowsAffected
        }
        prepared[.insertBatch] = try batchLoad()
        return (text, prepared, results)
    }

    /// Seconds per row of `SQLPlan.batchRows` orders inserted through one
    /// prepared INSERT in one transaction, into a database of its own.
    private func batchLoad() throws -> Double {
        let db = try open("toondb-sql-batch")
        defer { try? db.close() }
        let insert = try db.prepare(SQLWorkload.insertOrderTemplate)
        let rows = workload.orders.prefix(plan.batchRows)
        let seconds = try Measure.seconds {
            try db.executeSQL("BEGIN")
            for o in rows { _ = try insert.execute(arguments: [o.id, o.userID, o.amount, o.status]) }
            try db.executeSQL("COMMIT")
        }
        return seconds / Double(rows.count)
    }

    private func open(_ name: String) throws -> Database {
        let db = try etcd.map { try EtcdDatabase.open("etcd://\($0.endpointList)/\($0.prefix)/\(name)-\(UUID().uuidString.prefix(8))") }
            ?? Database.open(try scratch.fresh(name), config: DatabaseConfig(syncMode: .normal))
        for statement in SQLWorkload.schema { try db.executeSQL(statement) }
        return db
    }

    /// Every row of a cursor, as `executeSQL` would return them.
    private static func values(_ cursor: SQLRowCursor) throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        try cursor.forEach { rows.append($0.values) }
        return rows
    }
}

/// `UPDATE users SET age = ? WHERE id = ?` by the point queries' ids, one
/// statement per transaction, on either engine.
enum SQLUpdates {
    /// The median seconds of one update; `run(age, id)` returns the rows it changed, which must be 1.
    static func measure(_ plan: SQLPlan, _ workload: SQLWorkload, _ run: (Int64, Int64) throws -> Int) throws -> Double {
        let (seconds, changed) = try SQLQueries.timed(plan.points, warmup: 100) { i in
            [[.integer(Int64(try run(Int64(18 + i % 73), workload.pointIDs[i])))]]
        }
        guard changed.allSatisfy({ $0 == [[.integer(1)]] }) else {
            throw BenchError("an UPDATE by id did not change exactly one row")
        }
        return seconds
    }
}

/// The SQLite side of `sql`: `journal_mode=WAL`, `synchronous=NORMAL`, a
/// 64 MiB page cache, autocommit. Each statement is the same SQL text ToonDB
/// runs, prepared, stepped and finalised on every call, as ToonDB's
/// `executeSQL` runs text. The second set of figures reuses one prepared
/// statement per query shape with bound parameters (as ToonDB's prepared
/// statements do), loading more databases of its own for the INSERTs.
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
        let update = try db.prepare(SQLWorkload.updateTemplate)
        reused[.update] = try SQLUpdates.measure(plan, workload) { age, id in
            _ = try update.rows(.integer(age), .integer(id))
            return Int(sqlite3_changes(db.handle))
        }
        reused[.insert] = try preparedLoad()
        reused[.insertBatch] = try batchLoad()
        return (text, reused, results)
    }

    /// Seconds per row of `SQLPlan.batchRows` orders inserted through one
    /// reused INSERT in one transaction, into a database of its own.
    private func batchLoad() throws -> Double {
        let db = try open(try scratch.fresh("sqlite-sql-batch") + "/sql.db")
        defer { db.close() }
        let insert = try db.prepare(SQLWorkload.insertOrderTemplate)
        let rows = workload.orders.prefix(plan.batchRows)
        let seconds = try Measure.seconds {
            try db.execute("BEGIN")
            for o in rows { _ = try insert.rows(.integer(o.id), .integer(o.userID), .real(o.amount), .text(o.status)) }
            try db.execute("COMMIT")
        }
        return seconds / Double(rows.count)
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
