import ArgumentParser
import Foundation
import ToonConnect
import ToonDB
import ToonEtcd

/// `toondb-bench etcd`: the key-value workload of a database kept on an etcd
/// cluster, beside the same requests sent raw through the same client and
/// beside the embedded engine (BENCHMARKS.md, "ToonDB on etcd").
struct EtcdBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etcd",
        abstract: "Measure ToonDB on an etcd cluster against raw etcd requests and the embedded engine.")

    @Option(help: "The cluster's client endpoints (host:port, comma-separated).")
    var endpoints: String
    @Option(help: "Keys put, then read (16-byte keys).")
    var keys = 2_000
    @Option(help: "Bytes of each value.")
    var valueSize = 100
    @Option(help: "Threads of the concurrent put run.")
    var threads = 8
    @Option(help: "Seed of the keys, values and read order.")
    var seed: UInt64 = 42

    func validate() throws {
        guard keys > 0, threads > 0, valueSize >= 0 else { throw ValidationError("counts must be positive") }
    }

    func run() throws {
        let workload = Workload(keys: keys, valueSize: valueSize, seed: seed)
        let bench = EtcdBenchmark(endpoints: endpoints, workload: workload, threads: threads)
        let client = try EtcdClient(endpoints)
        defer { client.close() }
        let members = try client.memberList().count
        print("toondb-bench etcd: \(keys) keys of 16 bytes, \(valueSize)-byte values, \(threads) threads, " +
              "\(members) member\(members == 1 ? "" : "s") at \(endpoints)")
        let rows = try bench.measure()
        print("")
        print(EtcdBenchmark.table(rows))
    }
}
