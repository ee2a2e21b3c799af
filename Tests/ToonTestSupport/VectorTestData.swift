import ToonCore
import ToonIndex

/// Deterministic test data: Gaussian mixtures from a seeded generator.
package struct VectorTestData {
    package var rows: [[Float]]
    package var queries: [[Float]]

    /// `count` vectors (and `queries` queries) of `dimension` drawn around `clusters` centres.
    package init(count: Int, dimension: Int, queries queryCount: Int = 100, clusters: Int = 50, seed: UInt64 = 7) {
        var rng = SplitMix(seed)
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in rng.gaussian() * 1.5 } }
        func draw() -> [Float] {
            let c = centres[Int(rng.next() % UInt64(clusters))]
            return c.map { $0 + rng.gaussian() }
        }
        rows = (0..<count).map { _ in draw() }
        queries = (0..<queryCount).map { _ in draw() }
    }

    /// An index of the rows (labels = row numbers).
    package func index(_ metric: VectorMetric, m: Int = 16, efConstruction: Int = 100, threads: Int = 1) throws -> HNSWIndex {
        let dimension = rows[0].count
        let index = try HNSWIndex(HNSWParameters(dimension: dimension, metric: metric, m: m, efConstruction: efConstruction))
        let flat = rows.flatMap { $0 }
        try flat.withUnsafeBufferPointer {
            try index.insert(rows: $0, labels: (0..<rows.count).map(UInt64.init), threads: threads, progress: nil)
        }
        return index
    }

    /// Mean recall@k of the index's search against its exact search.
    package func recall(_ index: HNSWIndex, k: Int = 10, efSearch: Int?, filter: ((UInt64) -> Bool)? = nil) throws -> Double {
        var found = 0, wanted = 0
        for q in queries {
            let truth = Set(try index.exactSearch(q, k: k, filter: filter).map(\.label))
            let got = try index.search(q, k: k, efSearch: efSearch, filter: filter).map(\.label)
            found += got.filter { truth.contains($0) }.count
            wanted += truth.count
        }
        return Double(found) / Double(max(wanted, 1))
    }
}

/// Box–Muller normals from the shared seeded generator.
package typealias SplitMix = SplitMix64

extension SplitMix64 {
    package init(_ seed: UInt64) { self.init(seed: seed) }

    package mutating func gaussian() -> Float {
        Float((-2 * log(openUnit())).squareRoot() * cos(2 * Double.pi * openUnit()))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
