import Foundation
import ToonDB
import ToonIndex

/// BM25 through the real storage: a database in `path`, each transaction
/// writing `batch` documents (under one prefix) and their postings (under
/// another), then one read transaction per query.
struct TextBenchmark {
    let workload: TextWorkload
    let batch: Int
    let path: String

    static let documentPrefix = Array("\0n/bench/docs/".utf8)
    static let indexPrefix = Array("\0n/bench/text/".utf8)

    struct Figures {
        var writeSeconds: Double
        var preloadSeconds: Double
        var preloaded: Int
        /// Writing the documents and postings, then preloading the cache.
        var indexSeconds: Double { writeSeconds + preloadSeconds }
        var latenciesMs: [Double]
        var uncachedMs: [Double]
        var top: [[TextHit]]
        var stats: TextIndexStats
        var bytes: Int

        func percentile(_ p: Double, of values: [Double]? = nil) -> Double {
            let sorted = (values ?? latenciesMs).sorted()
            guard !sorted.isEmpty else { return 0 }
            // Linear interpolation between closest ranks, as numpy.percentile.
            let x = p / 100 * Double(sorted.count - 1)
            let lo = Int(x), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - Double(lo))
        }
    }

    func run() throws -> Figures {
        let db = try Database.open(path, config: DatabaseConfig(syncMode: .normal))
        defer { try? db.close() }
        let n = workload.texts.count
        let start = DispatchTime.now().uptimeNanoseconds
        var first = 0
        while first < n {
            let last = min(n, first + batch)
            let txn = try db.beginTransaction()
            let store = StorageIndexStore(txn, prefix: Self.indexPrefix)
            var documents: [(docID: UInt64, text: String)] = []
            documents.reserveCapacity(last - first)
            for i in first..<last {
                var key = Self.documentPrefix
                withUnsafeBytes(of: UInt64(i).bigEndian) { key.append(contentsOf: $0) }
                try store.transaction.put(key, Array(workload.texts[i].utf8))
                documents.append((UInt64(i), workload.texts[i]))
            }
            try BM25Index(store: store).add(documents)
            try txn.commit()
            first = last
        }
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Load the decoded postings of frequent terms into the cache, as a
        // collection does after it is opened or bulk-loaded; counted in the build.
        let cache = TextIndexCache()
        let preloadStart = DispatchTime.now().uptimeNanoseconds
        let loader = try db.beginTransaction()
        let preloaded = try BM25Index(store: StorageIndexStore(loader, prefix: Self.indexPrefix), cache: cache).preload()
        loader.abort()
        let preloadSeconds = Double(DispatchTime.now().uptimeNanoseconds - preloadStart) / 1e9

        // One pass with the cache, one pass without any cache.
        var latencies: [Double] = [], uncached: [Double] = []
        var top: [[TextHit]] = []
        for (pass, query) in (workload.queries.map { (0, $0) } + workload.queries.map { (1, $0) }) {
            let t = DispatchTime.now().uptimeNanoseconds
            let txn = try db.beginTransaction()
            let store = StorageIndexStore(txn, prefix: Self.indexPrefix)
            let hits = try BM25Index(store: store, cache: pass == 0 ? cache : nil).search(query, k: 10)
            txn.abort()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
            if pass == 0 {
                latencies.append(ms)
                top.append(hits)
            } else {
                uncached.append(ms)
                guard hits == top[uncached.count - 1] else { throw BenchError("cached and uncached searches disagree on \(query)") }
            }
        }
        let reader = try db.beginTransaction()
        let stats = try BM25Index(store: StorageIndexStore(reader, prefix: Self.indexPrefix)).stats()
        reader.abort()
        try db.checkpoint()
        return Figures(writeSeconds: writeSeconds, preloadSeconds: preloadSeconds, preloaded: preloaded, latenciesMs: latencies, uncachedMs: uncached, top: top, stats: stats,
                       bytes: try Scratch.bytes(in: path))
    }
}
