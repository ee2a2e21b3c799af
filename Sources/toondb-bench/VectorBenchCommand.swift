import ArgumentParser
import Foundation
import ToonBulk
import ToonCore
import ToonIndex

/// `toondb-bench vectors`: ToonDB's side of `../shared/bench/vectors.py --ours`.
/// Reads the generated set (`{set}_base.npy`, `{set}_queries.npy`,
/// `{set}_truth.npy`), builds an index with the given parameters and
/// quantization on `--threads` threads, then answers every query on one
/// thread at efSearch 32, 64 and 128, and prints one JSON object: build
/// seconds, threads, the distance kernels in use, the index's bytes per
/// vector and per element, and recall@10 and queries per second for each ef.
/// A quantized index re-ranks with the base vectors the benchmark holds
/// (as a collection does with its documents'); they are not counted in the
/// index's bytes.
///
/// `--filter 1,10,50` adds filtered cases: a filter accepting that share of
/// the labels (by a hash), measured against the exact filtered answer, at
/// each ef, beside the brute-force scan of the accepted vectors.
///
/// `--open DIR` measures opening instead (``VectorOpenBenchmark``): a
/// database in `DIR` holding the base vectors as a collection's documents,
/// built on the first run, is opened three times.
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
    @Option(help: "none, sq8 (8-bit codes) or binary (1-bit codes); codes are re-ranked with the base vectors.")
    var quantization = "none"
    @Option(help: "Candidates re-ranked at full precision by a quantized index (default 4·k).")
    var rerank: Int?
    @Option(help: "Filter selectivities to measure, in percent, comma-separated (e.g. 1,10,50).")
    var filter = ""
    @Option(help: "Time opening a saved collection of the base vectors in this database directory (built on the first run) instead.")
    var open: String?

    func validate() throws {
        guard ["v1", "v2"].contains(set) else { throw ValidationError("--set must be v1 or v2") }
        guard threads > 0, m >= 2, efConstruction > 0 else { throw ValidationError("counts must be positive") }
        guard VectorQuantization(rawValue: quantization == "sq8" ? "scalar8" : quantization) != nil else {
            throw ValidationError("--quantization must be none, sq8 or binary")
        }
    }

    func run() throws {
        let metric: VectorMetric = set == "v1" ? .euclidean : .cosine
        let mode = VectorQuantization(rawValue: quantization == "sq8" ? "scalar8" : quantization) ?? .none
        if let open {
            let queries = try? VectorFile.read(path: "\(data)/\(set)_queries.npy", dimension: nil)
            let bench = VectorOpenBenchmark(directory: open, basePath: "\(data)/\(set)_base.npy", metric: metric, m: m,
                                            efConstruction: efConstruction, quantization: mode, rounds: 3)
            print(try bench.run(query: queries.map { Array($0.values.prefix($0.dimension)) }))
            return
        }
        let base = try VectorFile.read(path: "\(data)/\(set)_base.npy", dimension: nil)
        let queries = try VectorFile.read(path: "\(data)/\(set)_queries.npy", dimension: base.dimension)
        let truthArray = try NumpyArray.read(path: "\(data)/\(set)_truth.npy")
        let truth = try truthArray.integers()
        let truthWidth = truthArray.shape.last ?? 1
        let index = try HNSWIndex(HNSWParameters(dimension: base.dimension, metric: metric, m: m,
                                                 efConstruction: efConstruction, quantization: mode), capacity: base.rows)
        let vectors: HNSWIndex.VectorLookup? = mode == .none ? nil : { label, out in
            let start = Int(label) * base.dimension
            base.values.withUnsafeBufferPointer { v in
                _ = out.update(fromContentsOf: UnsafeBufferPointer(rebasing: v[start..<(start + base.dimension)]))
            }
            return true
        }
        let labels = (0..<base.rows).map { UInt64($0) }
        let start = DispatchTime.now().uptimeNanoseconds
        try base.values.withUnsafeBufferPointer { try index.insert(rows: $0, labels: labels, threads: threads, progress: nil) }
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var results: [String] = []
        let rows = (0..<queries.rows).map { Array(queries.values[($0 * queries.dimension)..<(($0 + 1) * queries.dimension)]) }
        let efs = self.ef.split(separator: ",").compactMap { Int($0) }
        for ef in efs {
            var found: [[VectorHit]] = []
            found.reserveCapacity(rows.count)
            let t = DispatchTime.now().uptimeNanoseconds
            for q in rows { found.append(try index.search(q, k: 10, efSearch: ef, rerank: rerank, vectors: vectors)) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
            var hits = 0
            for (i, f) in found.enumerated() {
                let expected = Set(truth[(i * truthWidth)..<(i * truthWidth + 10)])
                hits += f.filter { expected.contains(Int($0.label)) }.count
            }
            let recall = Double(hits) / Double(10 * rows.count)
            results.append("{\"ef\": \(ef), \"recall_at_10\": \(recall), \"qps\": \(Double(rows.count) / seconds)}")
        }
        var filtered: [String] = []
        for percent in filter.split(separator: ",").compactMap({ UInt64($0) }) {
            let accepts: (UInt64) -> Bool = { SplitMix64.mix($0 &+ 0x1234) % 100 < percent }
            let t = DispatchTime.now().uptimeNanoseconds
            let exact = try rows.map { try Set(index.exactSearch($0, k: 10, filter: accepts, vectors: vectors).map(\.label)) }
            let bruteQPS = Double(rows.count) / (Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            filtered.append("{\"percent\": \(percent), \"brute_force_qps\": \(bruteQPS)}")
            for ef in efs {
                let t = DispatchTime.now().uptimeNanoseconds
                let found = try rows.map {
                    try index.search($0, k: 10, efSearch: ef, filter: accepts, rerank: rerank, vectors: vectors)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
                let hits = zip(found, exact).reduce(0) { sum, pair in sum + pair.0.filter { pair.1.contains($0.label) }.count }
                let wanted = exact.reduce(0) { $0 + $1.count }
                filtered.append("{\"percent\": \(percent), \"ef\": \(ef), \"recall_at_10\": \(Double(hits) / Double(max(wanted, 1))), " +
                                "\"qps\": \(Double(rows.count) / seconds)}")
            }
        }
        let stats = index.stats
        print("{\"build_seconds\": \(buildSeconds), \"threads\": \(threads), \"kernels\": \"\(HNSWIndex.distanceKernels)\", " +
              "\"quantization\": \"\(mode.rawValue)\", \"bytes_per_vector\": \(stats.bytesPerVector), " +
              "\"index_bytes_per_element\": \(stats.bytesPerElement), \"graph_bytes\": \(stats.graphBytes), " +
              "\"results\": [\(results.joined(separator: ", "))], \"filtered\": [\(filtered.joined(separator: ", "))]}")
    }
}
