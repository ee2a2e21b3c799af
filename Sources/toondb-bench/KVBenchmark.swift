import ToonDB

/// The ToonDB side of `kv`: every ``Metric`` measured through the public API.
struct KVBenchmark {
    let plan: Plan
    let workload: Workload
    let scratch: Scratch

    /// One pass over the key-value figures: load, gets, scan, size, reopen, then the `.full` puts.
    func measure() throws -> Figures {
        var figures = Figures()
        var db = try Database.open(try scratch.fresh("toondb"), config: DatabaseConfig(syncMode: .normal))
        figures[.putsNormal] = try Measure.rate(plan.keys) {
            for i in 0..<plan.keys { try db.put(workload.keys[i], workload.values[i]) }
        }
        if db.stats().flushes == 0 { figures[.getsMemtable] = try gets(db) }
        try db.checkpoint()
        figures[.getsSegments] = try gets(db)
        figures[.scan] = try scan(db)
        figures[.diskBytes] = Double(try Scratch.bytes(in: db.path))
        try db.close()
        figures[.reopen] = try Measure.seconds {
            db = try Database.open(db.path, config: DatabaseConfig(syncMode: .normal))
            _ = try db.get(workload.keys[0])
        }
        try db.close()
        figures[.putsFull] = try fullPuts(writers: 1)
        figures[.putsFullConcurrent] = try fullPuts(writers: plan.writers)
        return figures
    }

    /// Builds the listing tree once (sync `.off`, 8-byte values, then a
    /// checkpoint) and measures the median time of two listings.
    func listings() throws -> Figures {
        let db = try Database.open(try scratch.fresh("toondb-tree"), config: DatabaseConfig(syncMode: .off))
        defer { try? db.close() }
        let value = [UInt8](repeating: UInt8(ascii: "v"), count: 8)
        for i in 0..<plan.treeKeys { try db.putPath(Workload.treePath(i, fanout: plan.fanout), value) }
        try db.checkpoint()
        return [.listRoot: try list(db, "tree/", expecting: min(plan.fanout, plan.treeKeys)),
                .listChild: try list(db, "tree/\(plan.listedChild)/", expecting: plan.listedChildCount)]
    }

    /// Gets per second over the workload's random read order.
    private func gets(_ db: Database) throws -> Double {
        var missing = 0
        let rate = try Measure.rate(workload.getOrder.count) {
            for i in workload.getOrder where try db.get(workload.keys[i]) == nil { missing += 1 }
        }
        if missing > 0 { throw BenchError("ToonDB: get found no value for \(missing) keys that were put") }
        return rate
    }

    /// Keys per second of one scan over the whole database.
    private func scan(_ db: Database) throws -> Double {
        var count = 0
        let seconds = try Measure.seconds { try db.scan(from: [UInt8]()).forEach { _ in count += 1 } }
        if count != plan.keys { throw BenchError("ToonDB: the full scan returned \(count) keys, not \(plan.keys)") }
        return Double(count) / seconds
    }

    /// Puts per second of `plan.fullKeys` puts with sync `.full`, split over `writers` threads.
    private func fullPuts(writers: Int) throws -> Double {
        let db = try Database.open(try scratch.fresh("toondb-full"), config: DatabaseConfig(syncMode: .full))
        defer { try? db.close() }
        let n = plan.fullKeys, keys = workload.keys, values = workload.values
        return try Measure.rate(n) {
            try Measure.onThreads(writers) { t in
                for i in (t * n / writers)..<((t + 1) * n / writers) { try db.put(keys[i], values[i]) }
            }
        }
    }

    /// Median seconds of `listChildren(path)`, checking the number of children.
    private func list(_ db: Database, _ path: String, expecting count: Int) throws -> Double {
        try Measure.median(plan.runs) {
            var children: [PathChild] = []
            let seconds = try Measure.seconds { children = try db.listChildren(path) }
            if children.count != count {
                throw BenchError("ToonDB: listChildren(\"\(path)\") returned \(children.count) children, not \(count)")
            }
            return seconds
        }
    }
}
