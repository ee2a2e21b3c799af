import ArgumentParser
import Foundation

/// `toondb-bench`: performance measurements of ToonDB against anchors.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb-bench",
        abstract: "Measure ToonDB's performance.",
        subcommands: [KVCommand.self, SQLCommand.self, VectorBenchCommand.self, TextCommand.self, GraphCommand.self,
                      ExplorerBenchCommand.self, CrashCommand.self])
}

/// `toondb-bench kv`: key-value puts, gets, scans, listings, reopen and size,
/// on ToonDB, SQLite and LMDB side by side (see BENCHMARKS.md).
struct KVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv", abstract: "Compare ToonDB's key-value operations with SQLite's and LMDB's.")

    @Option(help: "Keys loaded with sync normal, then read by gets and scans (16-byte keys).")
    var keys = 100_000
    @Option(help: "Bytes of each value.")
    var valueSize = 100
    @Option(help: "Seed of the keys, values and read order.")
    var seed: UInt64 = 42
    @Option(help: "Keys written by each sync full run.")
    var fullKeys = 20_000
    @Option(help: "Writer threads of the concurrent sync full run.")
    var writers = 4
    @Option(help: "Keys of the tree the listings read (tree/<i % 1000>/<i>).")
    var treeKeys = 1_000_000
    @Option(help: "Passes over the three engines (and runs of each listing); medians are reported.")
    var runs = 3
    @Option(help: "Directory for the databases (kept); default: a temporary one, removed afterwards.")
    var dir: String?
    @Option(help: ArgumentHelp("Run the workload (--keys, --value-size, --writers threads) on this etcd cluster, " +
                               "beside raw etcd requests and the embedded engine, instead of against SQLite.",
                               valueName: "etcd://host:port,…/prefix"))
    var backend: String?

    func validate() throws {
        if let backend {
            // On etcd only --keys, --value-size, --writers and --seed apply.
            guard keys > 0, writers > 0, valueSize >= 0 else { throw ValidationError("counts must be positive") }
            _ = try Self.etcdLocation(backend)
            return
        }
        guard keys > 0, fullKeys > 0, fullKeys <= keys, treeKeys > 0, writers > 0, runs > 0, valueSize >= 0 else {
            throw ValidationError("counts must be positive, and --full-keys at most --keys")
        }
    }

    func run() throws {
        if let backend { return try runOnEtcd(Self.etcdLocation(backend)) }
        let plan = Plan(keys: keys, valueSize: valueSize, fullKeys: fullKeys, writers: writers,
                        treeKeys: treeKeys, runs: runs)
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let workload = Workload(keys: keys, valueSize: valueSize, seed: seed)
        let toon = KVBenchmark(plan: plan, workload: workload, scratch: scratch)
        let sqlite = SQLiteAnchor(plan: plan, workload: workload, scratch: scratch)
        let lmdb = LMDBAnchor(plan: plan, workload: workload, scratch: scratch)
        // Alternate the engines pass by pass so that drift in a noisy machine hits them all alike.
        var toonPasses: [Figures] = [], sqlitePasses: [Figures] = [], lmdbPasses: [Figures] = []
        for pass in 1...runs {
            progress("pass \(pass) of \(runs): ToonDB")
            toonPasses.append(try toon.measure())
            progress("pass \(pass) of \(runs): SQLite")
            sqlitePasses.append(try sqlite.measure())
            progress("pass \(pass) of \(runs): LMDB")
            lmdbPasses.append(try lmdb.measure())
        }
        progress("ToonDB listings")
        let listings = try toon.listings()
        let toonFigures = Measure.median(toonPasses).merging(listings) { a, _ in a }
        print("toondb-bench kv: \(keys) keys of 16 bytes, \(valueSize)-byte values, seed \(seed), " +
              "median of \(runs) passes")
        print()
        print(Report(plan: plan, toon: toonFigures, sqlite: Measure.median(sqlitePasses),
                     lmdb: Measure.median(lmdbPasses)).render())
    }

    private func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
