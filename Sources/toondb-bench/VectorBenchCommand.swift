import ArgumentParser
import Foundation
import ToonIndex

/// `toondb-bench vectors`: ToonDB's side of `../shared/bench/vectors.py --ours`.
/// Reads the generated set (`{set}_base.npy`, `{set}_queries.npy`,
/// `{set}_truth.npy`), builds an index with the given parameters on
/// `--threads` threads, then answers every query on one thread at efSearch
/// 32, 64 and 128, and prints one JSON object: build seconds, threads, the
/// distance kernels in use, and recall@10 and queries per second for each ef.
struct VectorBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors", abstract: "Build and query an HNSW index on a data set of ../shared/bench/vectors.py.")

    @Option(help: "Directory holding {set}_base.npy, {set}_queries.npy and {set}_truth.npy.")
    var data: String
    @Option(help: "The data set: v1 (euclidean) or v2 (cosine).")
    var set: String
    @Option(help: "HNSW M: links per element.")
    var m = 16
    @Option(help: "HNSW efConstruction: candidates per insert.")
    var efConstruction = 100
    @Option(help: "Build threads (default: every processor).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "The efSearch values to measure, comma-separated.")
    var ef = "32,64,128"

    func validate() throws {
        guard ["v1", "v2"].contains(set) else { throw ValidationError("--set must be v1 or v2") }
        guard threads > 0, m >= 2, efConstruction > 0 else { throw ValidationError("counts must be positive") }
    }

    func run() throws {
        let base = try VectorFile.read(path: "\(data)/\(set)_base.npy", dimension: nil)
        let queries = try VectorFile.read(path: "\(data)/\(set)_queries.npy", dimension: base.dimension)
        let truthArray = try NumpyArray.read(path: "\(data)/\(set)_truth.npy")
        let truth = try truthArray.integers()
        let truthWidth = truthArray.shape.last ?? 1
        let metric: VectorMetric = set == "v1" ? .euclidean : .cosine
        let index = try HNSWIndex(HNSWParameters(dimension: base.dimension, metric: metric, m: m,
                                                 efConstruction: efConstruction), capacity: base.rows)
        let labels = (0..<base.rows).map { UInt64($0) }
        let start = DispatchTime.now().uptimeNanoseconds
        try base.values.withUnsafeBufferPointer { try index.insert(rows: $0, labels: labels, threads: threads, progress: nil) }
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var results: [String] = []
        let rows = (0..<queries.rows).map { Array(queries.values[($0 * queries.dimension)..<(($0 + 1) * queries.dimension)]) }
        for ef in self.ef.split(separator: ",").compactMap({ Int($0) }) {
            var found: [[VectorHit]] = []
            found.reserveCapacity(rows.count)
            let t = DispatchTime.now().uptimeNanoseconds
            for q in rows { found.append(try index.search(q, k: 10, efSearch: ef)) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
            var hits = 0
            for (i, f) in found.enumerated() {
                let expected = Set(truth[(i * truthWidth)..<(i * truthWidth + 10)])
                hits += f.filter { expected.contains(Int($0.label)) }.count
            }
            let recall = Double(hits) / Double(10 * rows.count)
            results.append("{\"ef\": \(ef), \"recall_at_10\": \(recall), \"qps\": \(Double(rows.count) / seconds)}")
        }
        print("{\"build_seconds\": \(buildSeconds), \"threads\": \(threads), \"kernels\": \"\(HNSWIndex.distanceKernels)\", \"results\": [\(results.joined(separator: ", "))]}")
    }
}
