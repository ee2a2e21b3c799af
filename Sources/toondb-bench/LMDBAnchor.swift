/// The LMDB side of `kv`, the second anchor: the same workload on the system
/// LMDB (a memory-mapped copy-on-write B+tree) through its C API.
///
/// One environment per database, its unnamed database, one write transaction
/// per put (committed, as each ToonDB put and each SQLite autocommit insert
/// is). The sync normal rows use `MDB_NOSYNC` (a commit writes its pages but
/// does not flush them: a crash of the process loses nothing, one of the
/// machine may lose the last commits, as with ToonDB's `.normal`); the sync
/// full rows use LMDB's default (flush at every commit). Concurrent writers
/// share the environment; LMDB serialises them on its writer lock. Reads go
/// through the operating system's page cache (LMDB has no cache of its own).
struct LMDBAnchor {
    let plan: Plan
    let workload: Workload
    let scratch: Scratch

    /// Address space each environment reserves for its map; the file grows only with the data.
    private static let mapSize = 64 << 30

    /// One pass: load, lookups, scan, size, reopen, then the synchronous puts.
    func measure() throws -> Figures {
        var figures = Figures()
        let path = try scratch.fresh("lmdb")
        var env = try LMDBEnvironment(path: path, noSync: true, mapSize: LMDBAnchor.mapSize)
        figures[.putsNormal] = try Measure.rate(plan.keys) {
            for i in 0..<plan.keys { try env.put(workload.keys[i], workload.values[i]) }
        }
        // The counterpart of ToonDB's checkpoint: the written pages flushed to disk.
        try env.sync()
        figures[.getsSegments] = try gets(env)
        figures[.scan] = try scan(env)
        figures[.diskBytes] = Double(try Scratch.bytes(in: path))
        env.close()
        figures[.reopen] = try Measure.seconds {
            env = try LMDBEnvironment(path: path, noSync: true, mapSize: LMDBAnchor.mapSize)
            _ = try env.reader().get(workload.keys[0])
        }
        env.close()
        figures[.putsFull] = try fullPuts(writers: 1)
        figures[.putsFullConcurrent] = try fullPuts(writers: plan.writers)
        return figures
    }

    /// Gets per second over the workload's random read order, each in a read transaction of its own.
    private func gets(_ env: LMDBEnvironment) throws -> Double {
        let reader = try env.reader()
        var missing = 0
        let rate = try Measure.rate(workload.getOrder.count) {
            for i in workload.getOrder where try reader.get(workload.keys[i])?.count != plan.valueSize { missing += 1 }
        }
        if missing > 0 { throw BenchError("LMDB: get found no value for \(missing) keys that were put") }
        return rate
    }

    /// Keys per second of one cursor walk over the whole database, copying keys and values out as ToonDB does.
    private func scan(_ env: LMDBEnvironment) throws -> Double {
        let reader = try env.reader()
        var count = 0
        let seconds = try Measure.seconds {
            try reader.forEach { key, value in
                if !key.isEmpty && value.count == plan.valueSize { count += 1 }
            }
        }
        if count != plan.keys { throw BenchError("LMDB: the scan returned \(count) keys, not \(plan.keys)") }
        return Double(count) / seconds
    }

    /// Puts per second of `plan.fullKeys` puts with LMDB's default sync, split over `writers` threads.
    private func fullPuts(writers: Int) throws -> Double {
        let env = try LMDBEnvironment(path: try scratch.fresh("lmdb-full"), noSync: false, mapSize: LMDBAnchor.mapSize)
        defer { env.close() }
        let n = plan.fullKeys, keys = workload.keys, values = workload.values
        return try Measure.rate(n) {
            try Measure.onThreads(writers) { t in
                for i in (t * n / writers)..<((t + 1) * n / writers) { try env.put(keys[i], values[i]) }
            }
        }
    }
}
