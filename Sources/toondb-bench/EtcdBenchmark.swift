import Foundation
import Synchronization
import ToonConnect
import ToonCore
import ToonDB
import ToonEtcd

/// One figure of `toondb-bench kv --backend etcd://…`: operations per second and the median
/// and 99th-percentile latency of each operation.
struct EtcdFigure {
    var opsPerSecond: Double
    var p50: Double
    var p99: Double
}

/// What `toondb-bench kv --backend etcd://…` measures: each operation on ToonDB-on-etcd, the
/// equivalent raw request through the same `EtcdClient`, and embedded ToonDB.
struct EtcdBenchmark {
    let endpoints: String
    /// The databases go under `PREFIX-RUN`, the raw keys under `PREFIX-raw-RUN/`.
    let prefix: String
    let workload: Workload
    let threads: Int

    /// One row: an operation measured three ways (embedded may be nil).
    struct Row {
        var name: String
        var onEtcd: EtcdFigure
        var raw: EtcdFigure
        var embedded: EtcdFigure?
    }

    func measure() throws -> [Row] {
        let run = UUID().uuidString.prefix(8)
        let db = try EtcdDatabase.open("etcd://\(endpoints)/\(prefix)-\(run)")
        defer { try? db.close() }
        let client = try EtcdClient(endpoints)
        defer { client.close() }
        let rawPrefix = Array("\(prefix)-raw-\(run)/".utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("toondb-bench-etcd-\(run)").path
        let embedded = try Database.open(dir, config: DatabaseConfig(syncMode: .full))
        defer {
            try? embedded.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        let keys = workload.keys, values = workload.values, n = keys.count
        var rows: [Row] = []

        rows.append(Row(name: "put, 1 thread",
                        onEtcd: try Self.timed(n) { try db.put(keys[$0], values[$0]) },
                        raw: try Self.timed(n) { try client.put(rawPrefix + keys[$0], values[$0]) },
                        embedded: try Self.timed(n) { try embedded.put(keys[$0], values[$0]) }))
        let order = workload.getOrder
        rows.append(Row(name: "get, 1 thread",
                        onEtcd: try Self.timed(n) { _ = try db.get(keys[order[$0]]) },
                        raw: try Self.timed(n) { _ = try client.range(rawPrefix + keys[order[$0]]) },
                        embedded: try Self.timed(n) { _ = try embedded.get(keys[order[$0]]) }))
        rows.append(Row(name: "put, \(threads) threads",
                        onEtcd: try Self.timed(n, threads: threads) { try db.put(keys[$0], values[$0]) },
                        raw: try Self.timed(n, threads: threads) { try client.put(rawPrefix + keys[$0], values[$0]) },
                        embedded: try Self.timed(n, threads: threads) { try embedded.put(keys[$0], values[$0]) }))
        // A transaction that reads two keys and writes both (a transfer); raw: two reads and a compare-and-swap.
        rows.append(Row(name: "read-modify-write txn",
                        onEtcd: try Self.timed(n / 2) { try Self.swap(keys[2 * $0], keys[2 * $0 + 1], in: db) },
                        raw: try Self.timed(n / 2) { i in
                            let a = rawPrefix + keys[2 * i], b = rawPrefix + keys[2 * i + 1]
                            let ra = try client.range(a), rb = try client.range(b)
                            let ma = ra.kvs.first?.modRevision ?? 0, mb = rb.kvs.first?.modRevision ?? 0
                            _ = try client.txn([.modRevision(a, .equal, ma), .modRevision(b, .equal, mb)],
                                               success: [.put(key: a, value: rb.kvs.first?.value ?? []),
                                                         .put(key: b, value: ra.kvs.first?.value ?? [])])
                        },
                        embedded: try Self.timed(n / 2) { try Self.swap(keys[2 * $0], keys[2 * $0 + 1], in: embedded) }))
        // One scan of every key, in pages; the figure is keys per second.
        rows.append(Row(name: "scan (keys/s)",
                        onEtcd: try Self.scanRate(n) { var c = 0; try db.scan(from: [UInt8]()).forEach { _ in c += 1 }; return c },
                        raw: try Self.scanRate(n) {
                            var count = 0, start = rawPrefix
                            while true {
                                let page = try client.range(start, rangeEnd: rawPrefix.prefixSuccessor, limit: 512)
                                count += page.kvs.count
                                guard page.more, let last = page.kvs.last else { break }
                                start = last.key + [0]
                            }
                            return count
                        },
                        embedded: try Self.scanRate(n) { var c = 0; try embedded.scan(from: [UInt8]()).forEach { _ in c += 1 }; return c }))
        try client.deleteRange(rawPrefix, rangeEnd: rawPrefix.prefixSuccessor)
        try client.deleteRange(Array("\(prefix)-\(run)".utf8) + [0], rangeEnd: Array("\(prefix)-\(run)".utf8) + [1])
        return rows
    }

    /// One transaction that reads `a` and `b` and writes each one's value to the other.
    static func swap(_ a: [UInt8], _ b: [UInt8], in db: Database) throws {
        let t = try db.beginTransaction()
        let va = try t.get(a) ?? [], vb = try t.get(b) ?? []
        try t.put(a, vb)
        try t.put(b, va)
        try t.commit()
    }

    /// Runs `body(i)` for `i` in `0..<count` over `threads` threads; ops/s and latency percentiles in milliseconds.
    static func timed(_ count: Int, threads: Int = 1, _ body: @escaping @Sendable (Int) throws -> Void) throws -> EtcdFigure {
        let latencies = Mutex<[Double]>([])
        let seconds = try Measure.seconds {
            try Measure.onThreads(threads) { t in
                var mine: [Double] = []
                for i in stride(from: t, to: count, by: threads) {
                    mine.append(try Measure.seconds { try body(i) } * 1000)
                }
                latencies.withLock { $0 += mine }
            }
        }
        let sorted = latencies.withLock { $0 }.sorted()
        return EtcdFigure(opsPerSecond: Double(count) / seconds, p50: sorted[sorted.count / 2],
                          p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }

    /// Keys per second of one full scan, checking that it saw `count` keys.
    static func scanRate(_ count: Int, _ body: () throws -> Int) throws -> EtcdFigure {
        var seen = 0
        let seconds = try Measure.seconds { seen = try body() }
        if seen != count { throw BenchError("a scan returned \(seen) keys, not \(count)") }
        return EtcdFigure(opsPerSecond: Double(count) / seconds, p50: 0, p99: 0)
    }

    /// The rows as a text table, with ToonDB's overhead over raw etcd.
    static func table(_ rows: [Row]) -> String {
        func f(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }
        var lines = ["| operation | ToonDB on etcd ops/s (p50 / p99 ms) | raw etcd ops/s (p50 / p99 ms) | raw ÷ ToonDB | embedded, sync full ops/s |",
                     "|---|---|---|---|---|"]
        for r in rows {
            lines.append("| \(r.name) | \(f(r.onEtcd.opsPerSecond)) (\(f(r.onEtcd.p50)) / \(f(r.onEtcd.p99))) | "
                + "\(f(r.raw.opsPerSecond)) (\(f(r.raw.p50)) / \(f(r.raw.p99))) | "
                + String(format: "%.2f×", r.raw.opsPerSecond / r.onEtcd.opsPerSecond) + " | "
                + (r.embedded.map { f($0.opsPerSecond) } ?? "–") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
