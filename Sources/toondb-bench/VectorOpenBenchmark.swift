import Foundation
import ToonBulk
import ToonCore
import ToonDB
import ToonIndex

/// `toondb-bench vectors --open DIR`: how long a saved collection takes to
/// open. The first run builds the database in `DIR` (a collection holding
/// every base vector as a document, index saved); later runs reuse it.
/// Each round times opening the database, then the collection (loading its
/// index file and reconciling it with the documents), and, apart from any
/// database, loading the index file alone, with its checksum checked before
/// the load returns and on a background thread (until the check is done,
/// too); the first search after each open is timed, since a mapped index
/// pays its page reads there.
struct VectorOpenBenchmark {
    static let namespace = "bench", collection = "vectors"

    let directory: String
    let basePath: String
    let metric: VectorMetric
    let m: Int
    let efConstruction: Int
    let quantization: VectorQuantization
    let rounds: Int

    var indexPath: String { "\(directory)/vectors/\(Self.namespace)/\(Self.collection).hnsw" }

    private static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Builds the database unless `directory` holds one; returns the build's seconds (nil when reused).
    private func buildIfMissing() throws -> (seconds: Double, vectors: Int)? {
        guard !FileManager.default.fileExists(atPath: indexPath) else { return nil }
        let base = try VectorFile.read(path: basePath, dimension: nil)
        let start = DispatchTime.now().uptimeNanoseconds
        let db = try Database.open(directory)
        let ns = try db.namespaceCreatingIfMissing(Self.namespace)
        let col = try ns.createCollection(CollectionConfig(name: Self.collection, dimension: base.dimension, metric: metric,
                                                           m: m, efConstruction: efConstruction, quantization: quantization))
        let batch = 20_000
        for first in stride(from: 0, to: base.rows, by: batch) {
            let documents = (first..<min(base.rows, first + batch)).map { r in
                CollectionDocument(id: "v\(r)", vector: Array(base.values[(r * base.dimension)..<((r + 1) * base.dimension)]))
            }
            try col.insertBatch(documents)
        }
        try db.checkpoint()
        try db.close()
        return (Self.seconds(since: start), base.rows)
    }

    func run(query: [Float]?) throws -> String {
        let built = try buildIfMissing()
        var rounds: [String] = []
        for _ in 0..<self.rounds {
            var t = DispatchTime.now().uptimeNanoseconds
            let db = try Database.open(directory)
            let dbSeconds = Self.seconds(since: t)
            t = DispatchTime.now().uptimeNanoseconds
            let col = try db.namespace(Self.namespace).collection(Self.collection)
            let collectionSeconds = Self.seconds(since: t)
            let stats = try col.stats()
            var firstSearch = 0.0
            if let query {
                t = DispatchTime.now().uptimeNanoseconds
                _ = try col.search(vector: query, k: 10)
                firstSearch = Self.seconds(since: t)
            }
            try db.close()
            t = DispatchTime.now().uptimeNanoseconds
            let index = try HNSWIndex.load(from: indexPath)
            let loadSeconds = Self.seconds(since: t)
            var indexSearch = 0.0
            if let query {
                t = DispatchTime.now().uptimeNanoseconds
                _ = try index.search(query, k: 10)
                indexSearch = Self.seconds(since: t)
            }
            // The checksum on a background thread, as a collection loads its index.
            t = DispatchTime.now().uptimeNanoseconds
            let deferred = try HNSWIndex.load(from: indexPath, checksum: .inBackground)
            let deferredSeconds = Self.seconds(since: t)
            try deferred.waitForLoadChecks()
            let checkedSeconds = Self.seconds(since: t)
            rounds.append("{\"database_open_seconds\": \(dbSeconds), \"collection_open_seconds\": \(collectionSeconds), " +
                          "\"first_search_seconds\": \(firstSearch), \"index_load_seconds\": \(loadSeconds), " +
                          "\"index_first_search_seconds\": \(indexSearch), " +
                          "\"index_load_checksum_in_background_seconds\": \(deferredSeconds), " +
                          "\"index_load_until_checksum_done_seconds\": \(checkedSeconds), \"vectors\": \(stats.elements)}")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: indexPath)[.size] as? Int) ?? 0
        let build = built.map { "\"build_seconds\": \($0.seconds), \"built_vectors\": \($0.vectors), " } ?? ""
        return "{\(build)\"index_file_bytes\": \(size), \"rounds\": [\(rounds.joined(separator: ", "))]}"
    }
}
