import ArgumentParser
import Foundation
import ToonCore
import ToonEtcd

/// `toondb-bench kv --backend etcd://…`: the key-value workload of a database
/// kept on an etcd cluster, beside the same requests sent raw through the
/// same client and beside the embedded engine (BENCHMARKS.md, "ToonDB on etcd").
extension KVCommand {
    /// The cluster `backend` names, when it is an etcd location; `ValidationError` saying what is wrong otherwise.
    static func etcdLocation(_ backend: String) throws -> EtcdLocation {
        guard EtcdLocation.isLocation(backend) else {
            throw ValidationError("--backend takes an etcd location (etcd://HOST:PORT[,…]/PREFIX), not \(backend)")
        }
        do { return try EtcdLocation(backend) } catch let e as ToonDBError { throw ValidationError(e.message) }
    }

    /// Runs the workload on the cluster at `location`: `--keys` keys of `--value-size` bytes, `--writers` threads.
    func runOnEtcd(_ location: EtcdLocation) throws {
        let workload = Workload(keys: keys, valueSize: valueSize, seed: seed)
        let endpoints = location.endpointList
        let bench = EtcdBenchmark(endpoints: endpoints, prefix: location.prefix, workload: workload, threads: writers)
        let client = try EtcdClient(endpoints)
        defer { client.close() }
        let members = try client.memberList().count
        print("toondb-bench kv --backend: \(keys) keys of 16 bytes, \(valueSize)-byte values, \(writers) threads, " +
              "\(members) member\(members == 1 ? "" : "s") at \(endpoints)")
        let rows = try bench.measure()
        print("")
        print(EtcdBenchmark.table(rows))
    }
}
