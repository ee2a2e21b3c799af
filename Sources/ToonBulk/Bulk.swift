import Dispatch
import Foundation
import ToonCore
import ToonIndex

/// What ``bulkBuildIndex(input:output:dimension:m:efConstruction:metric:quantization:threads:progress:)`` did.
package struct BulkBuildStats: Sendable, Equatable, Codable {
    /// The index file written.
    package var output: String
    /// Vectors indexed (labels 0…vectors−1, the row numbers).
    package var vectors: Int
    /// Their dimension.
    package var dimension: Int
    /// The metric.
    package var metric: VectorMetric
    /// HNSW M.
    package var m: Int
    /// HNSW efConstruction.
    package var efConstruction: Int
    /// How the vectors are stored.
    package var quantization: VectorQuantization
    /// Insert threads.
    package var threads: Int
    /// Seconds spent building the graph (not reading the input or writing the file).
    package var buildSeconds: Double
    /// `vectors / buildSeconds`.
    package var vectorsPerSecond: Double
    /// Seconds spent writing the index file.
    package var writeSeconds: Double
}

/// The answer of ``bulkQueryIndex(index:query:k:efSearch:vectors:)``.
package struct BulkQueryResult: Sendable, Equatable {
    /// One list of hits per query row (labels are the row numbers of the build input).
    package var rows: [[VectorHit]]
    /// Seconds spent searching (not loading).
    package var searchSeconds: Double
}

/// What ``bulkInfo(index:)`` reports about an index file.
package struct BulkIndexInfo: Sendable, Equatable, Codable {
    /// The file.
    package var path: String
    /// Its size in bytes.
    package var fileBytes: Int
    /// Live vectors.
    package var vectors: Int
    /// Tombstoned slots.
    package var deleted: Int
    /// The construction parameters.
    package var dimension: Int
    /// The metric.
    package var metric: VectorMetric
    /// HNSW M.
    package var m: Int
    /// HNSW efConstruction.
    package var efConstruction: Int
    /// The top layer of the graph (-1 for an empty index).
    package var maxLevel: Int
    /// How the vectors are stored.
    package var quantization: VectorQuantization
    /// Bytes of one vector in the index (floats or codes).
    package var bytesPerVector: Int
    /// Bytes of the graph's links.
    package var graphBytes: Int
    /// The index's resident bytes (see ``VectorIndexStats/indexBytes``).
    package var indexBytes: Int
}

/// Builds an HNSW index over the vectors of `input` (`.npy`, `.fvecs` or raw
/// float32, told apart by extension) and writes it to `output` atomically.
/// Labels are row numbers. `progress` gets (rows done, rows in all). A
/// quantized index learns its ranges from the whole file.
package func bulkBuildIndex(input: String, output: String, dimension: Int, m: Int = 16, efConstruction: Int = 100,
                           metric: VectorMetric = .cosine, quantization: VectorQuantization = .none,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: ((Int, Int) -> Void)? = nil) throws -> BulkBuildStats {
    let parameters = HNSWParameters(dimension: dimension, metric: metric, m: m, efConstruction: efConstruction,
                                    quantization: quantization)
    try parameters.validate()
    guard threads >= 1 else {
        throw ToonDBError(.invalidArgument, "thread count \(threads) is not positive", remediation: "pass --threads 1 or more")
    }
    let matrix = try VectorFile.read(path: input, dimension: dimension)
    guard matrix.rows > 0 else {
        throw ToonDBError(.invalidArgument, "\(input) holds no vectors", remediation: "check the input file")
    }
    let index = try HNSWIndex(parameters, capacity: matrix.rows)
    let labels = (0..<matrix.rows).map { UInt64($0) }
    let start = DispatchTime.now().uptimeNanoseconds
    try matrix.values.withUnsafeBufferPointer {
        try index.insert(rows: $0, labels: labels, threads: threads, progress: progress.map { p in { p($0, matrix.rows) } })
    }
    let built = DispatchTime.now().uptimeNanoseconds
    try index.write(to: output)
    let written = DispatchTime.now().uptimeNanoseconds
    let seconds = Double(built - start) / 1e9
    return BulkBuildStats(output: output, vectors: matrix.rows, dimension: dimension, metric: metric, m: m,
                          efConstruction: efConstruction, quantization: quantization, threads: threads, buildSeconds: seconds,
                          vectorsPerSecond: Double(matrix.rows) / max(seconds, 1e-9),
                          writeSeconds: Double(written - built) / 1e9)
}

/// Answers every row of the vector file `query` (its dimension is the
/// index's) with the `k` nearest labels of the index file `index`. For a
/// quantized index, `vectors` (the file the index was built from: label `i`
/// is its row `i`) supplies the full-precision vectors its candidates are
/// re-ranked with; without it the distances are those of the codes.
package func bulkQueryIndex(index: String, query: String, k: Int, efSearch: Int? = nil,
                           vectors: String? = nil) throws -> BulkQueryResult {
    let hnsw = try HNSWIndex.load(from: index)
    let matrix = try VectorFile.read(path: query, dimension: hnsw.parameters.dimension)
    let base = try vectors.map { try VectorFile.read(path: $0, dimension: hnsw.parameters.dimension) }
    let lookup: HNSWIndex.VectorLookup? = base.map { base in
        { label, out in
            guard label < UInt64(base.rows) else { return false }
            let start = Int(label) * base.dimension
            for i in 0..<base.dimension { out[i] = base.values[start + i] }
            return true
        }
    }
    let start = DispatchTime.now().uptimeNanoseconds
    var rows: [[VectorHit]] = []
    rows.reserveCapacity(matrix.rows)
    for r in 0..<matrix.rows {
        let v = Array(matrix.values[(r * matrix.dimension)..<((r + 1) * matrix.dimension)])
        do {
            rows.append(try hnsw.search(v, k: k, efSearch: efSearch, vectors: lookup))
        } catch let error as ToonDBError {
            throw ToonDBError(error.code, "query row \(r) of \(query): \(error.message)", remediation: error.remediation)
        }
    }
    return BulkQueryResult(rows: rows, searchSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// Reads an index file and describes it.
package func bulkInfo(index: String) throws -> BulkIndexInfo {
    let hnsw = try HNSWIndex.load(from: index)
    let size = (try? FileManager.default.attributesOfItem(atPath: index)[.size] as? Int) ?? 0
    let p = hnsw.parameters
    let stats = hnsw.stats
    return BulkIndexInfo(path: index, fileBytes: size, vectors: stats.elements, deleted: stats.tombstones,
                         dimension: p.dimension, metric: p.metric, m: p.m, efConstruction: p.efConstruction,
                         maxLevel: hnsw.topLevel, quantization: p.quantization, bytesPerVector: stats.bytesPerVector,
                         graphBytes: stats.graphBytes, indexBytes: stats.indexBytes)
}

/// Converts a vector file to another format; returns the matrix converted.
@discardableResult
package func bulkConvert(input: String, output: String, to format: VectorFileFormat, dimension: Int?) throws -> VectorMatrix {
    let matrix = try VectorFile.read(path: input, dimension: dimension)
    try VectorFile.write(matrix, to: output, format: format)
    return matrix
}
