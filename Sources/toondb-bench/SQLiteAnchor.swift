/// The SQLite side of `kv`, the anchor the targets compare against: the same
/// workload on the system SQLite through its C API.
///
/// Table `kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID` (clustered on the key,
/// like ToonDB's sorted files), `journal_mode=WAL`, a 64 MiB page cache (the
/// size of ToonDB's default block cache), one autocommit `INSERT OR REPLACE`
/// per put from a prepared statement. Concurrent writers use a connection each
/// with a busy timeout; SQLite serialises them on its write lock.
struct SQLiteAnchor {
    let plan: Plan
    let workload: Workload
    let scratch: Scratch

    /// One pass: load, lookups, scan, size, reopen, then the `synchronous=FULL` inserts.
    func measure() throws -> Figures {
        var figures = Figures()
        let path = try scratch.fresh("sqlite") + "/kv.db"
        var db = try open(path, synchronous: "NORMAL")
        try db.execute("CREATE TABLE kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID")
        figures[.putsNormal] = try Measure.rate(plan.keys) { try insert(db, 0..<plan.keys) }
        // The counterpart of ToonDB's checkpoint: move the log into the database file.
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        figures[.getsSegments] = try gets(db)
        figures[.scan] = try scan(db)
        figures[.diskBytes] = Double(try Scratch.bytes(in: scratch.root + "/sqlite"))
        db.close()
        figures[.reopen] = try Measure.seconds {
            db = try open(path, synchronous: "NORMAL")
            try db.prepare("SELECT v FROM kv WHERE k=?").run(workload.keys[0])
        }
        db.close()
        figures[.putsFull] = try fullInserts(connections: 1)
        figures[.putsFullConcurrent] = try fullInserts(connections: plan.writers)
        return figures
    }

    private func open(_ path: String, synchronous: String) throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=\(synchronous); " +
                       "PRAGMA cache_size=-65536; PRAGMA busy_timeout=60000")
        return db
    }

    private func insert(_ db: SQLiteConnection, _ range: Range<Int>) throws {
        let statement = try db.prepare("INSERT OR REPLACE INTO kv(k, v) VALUES(?, ?)")
        for i in range { try statement.run(workload.keys[i], workload.values[i]) }
    }

    /// Primary-key lookups per second over the workload's random read order.
    private func gets(_ db: SQLiteConnection) throws -> Double {
        let select = try db.prepare("SELECT v FROM kv WHERE k=?")
        var found = 0
        let rate = try Measure.rate(workload.getOrder.count) {
            for i in workload.getOrder {
                try select.run(workload.keys[i]) { row in
                    if row.blob(0).count == plan.valueSize { found += 1 }
                }
            }
        }
        if found != workload.getOrder.count { throw BenchError("SQLite: lookups found \(found) rows") }
        return rate
    }

    /// Rows per second of one ordered scan of the table, copying keys and values out as ToonDB does.
    private func scan(_ db: SQLiteConnection) throws -> Double {
        let select = try db.prepare("SELECT k, v FROM kv ORDER BY k")
        var count = 0
        let seconds = try Measure.seconds {
            try select.run { row in
                let key = row.blob(0), value = row.blob(1)
                if !key.isEmpty && value.count == plan.valueSize { count += 1 }
            }
        }
        if count != plan.keys { throw BenchError("SQLite: the scan returned \(count) rows, not \(plan.keys)") }
        return Double(count) / seconds
    }

    /// Inserts per second of `plan.fullKeys` rows with `synchronous=FULL`, split over `connections` threads.
    private func fullInserts(connections: Int) throws -> Double {
        let path = try scratch.fresh("sqlite-full") + "/kv.db"
        let writers = try (0..<connections).map { _ in try open(path, synchronous: "FULL") }
        try writers[0].execute("CREATE TABLE kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID")
        let n = plan.fullKeys, workload = self.workload
        return try Measure.rate(n) {
            try Measure.onThreads(connections) { t in
                let statement = try writers[t].prepare("INSERT OR REPLACE INTO kv(k, v) VALUES(?, ?)")
                for i in (t * n / connections)..<((t + 1) * n / connections) {
                    try statement.run(workload.keys[i], workload.values[i])
                }
            }
        }
    }
}
