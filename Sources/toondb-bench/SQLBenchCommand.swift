import ArgumentParser
import Foundation
import ToonCore
import ToonEtcd

/// `toondb-bench sql`: ToonDB's SQL engine against SQLite on the same schema,
/// data and SQL text (see BENCHMARKS.md).
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Compare ToonDB's SQL engine with SQLite's.")

    @Option(help: "Rows of users(id, name, age, city).")
    var users = 10_000
    @Option(help: "Rows of orders(id, user_id, amount, status), indexed on user_id.")
    var orders = 50_000
    @Option(help: "Point SELECTs by id per pass.")
    var points = 10_000
    @Option(help: "Range SELECTs (BETWEEN, ORDER BY age DESC LIMIT 10) per pass.")
    var ranges = 1_000
    @Option(help: "Ids each range SELECT covers.")
    var rangeWidth = 1_000
    @Option(help: "Runs of the GROUP BY and of the JOIN per pass.")
    var repeats = 20
    @Option(help: "Orders inserted in one transaction by the batch INSERT (at most --orders).")
    var batchRows = 10_000
    @Option(help: "Seed of the data and of the queried ids.")
    var seed: UInt64 = 42
    @Option(help: "Passes over both engines; medians are reported.")
    var runs = 3
    @Option(help: "Directory for the databases (kept); default: a temporary one, removed afterwards.")
    var dir: String?
    @Flag(help: "Run the passes on a thread of their own instead of the main thread.")
    var workerThread = false
    @Option(help: ArgumentHelp("Keep ToonDB's databases on this etcd cluster, under the prefix, instead of in directories (removed afterwards).",
                               valueName: "etcd://host:port,…/prefix"))
    var backend: String?

    func validate() throws {
        guard users > 0, orders > 0, points > 0, ranges > 0, repeats > 0, runs > 0, batchRows > 0,
              rangeWidth > 0, rangeWidth <= users, batchRows <= orders else {
            throw ValidationError("counts must be positive, --range-width at most --users and --batch-rows at most --orders")
        }
        if let backend { _ = try KVCommand.etcdLocation(backend) }
    }

    func run() throws {
        let etcd = try backend.map(KVCommand.etcdLocation)
        let plan = SQLPlan(users: users, orders: orders, points: points, ranges: ranges, rangeWidth: rangeWidth,
                           repeats: repeats, batchRows: batchRows, runs: runs)
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let workload = SQLWorkload(plan: plan, seed: seed)
        let passes: Passes
        if workerThread {
            let box = PassesBox()
            try Measure.onThreads(1) { [etcd] _ in box.passes = try SQLCommand.passes(plan, workload, scratch, etcd: etcd) }
            passes = box.passes!
        } else {
            passes = try SQLCommand.passes(plan, workload, scratch, etcd: etcd)
        }
        if let etcd {
            let client = try EtcdClient(etcd.endpointList)
            defer { client.close() }
            let prefix = Array((etcd.prefix + "/").utf8)
            try client.deleteRange(prefix, rangeEnd: prefix.prefixSuccessor)
        }
        print("toondb-bench sql: \(users) users, \(orders) orders, seed \(seed), median of \(runs) passes" +
              (workerThread ? ", on a worker thread" : "") + (backend.map { ", ToonDB on \($0)" } ?? ""))
        print()
        print(SQLReport(plan: plan, toon: median(passes.toon), sqlite: median(passes.sqlite),
                        toonPrepared: median(passes.prepared), sqliteReused: median(passes.reused)).render())
        print("Results: both engines returned the same rows for every query" +
              (passes.ties > 0 ? " (\(passes.ties) range queries kept or ordered rows of equal age differently, " +
                          "both the true top ten)." : "."))
    }

    /// Each engine's figures, pass by pass, and the range queries whose tied rows differed (last pass).
    private struct Passes {
        var toon: [SQLFigures] = [], sqlite: [SQLFigures] = [], prepared: [SQLFigures] = [], reused: [SQLFigures] = []
        var ties = 0
    }

    private final class PassesBox: @unchecked Sendable {
        var passes: Passes?
    }

    /// Runs the passes, alternating the engines so that drift in a noisy
    /// machine hits both alike, and checks that they agree at every pass.
    private static func passes(_ plan: SQLPlan, _ workload: SQLWorkload, _ scratch: Scratch, etcd: EtcdLocation?) throws -> Passes {
        let toon = SQLToonBenchmark(plan: plan, workload: workload, scratch: scratch, etcd: etcd)
        let sqlite = SQLiteSQLBenchmark(plan: plan, workload: workload, scratch: scratch)
        var out = Passes()
        for pass in 1...plan.runs {
            progress("pass \(pass) of \(plan.runs): ToonDB")
            let (toonFigures, prepared, toonResults) = try toon.measure()
            progress("pass \(pass) of \(plan.runs): SQLite")
            let (text, reused, sqliteResults) = try sqlite.measure()
            out.ties = try SQLCheck.compare("ToonDB", toonResults, "SQLite", sqliteResults, workload)
            out.toon.append(toonFigures)
            out.prepared.append(prepared)
            out.sqlite.append(text)
            out.reused.append(reused)
        }
        return out
    }

    /// Each query's median over the passes.
    private func median(_ passes: [SQLFigures]) -> SQLFigures {
        var out = SQLFigures()
        for q in SQLQueryKind.allCases {
            let values = passes.compactMap { $0[q] }
            if !values.isEmpty { out[q] = Measure.median(values) }
        }
        return out
    }

    private static func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
