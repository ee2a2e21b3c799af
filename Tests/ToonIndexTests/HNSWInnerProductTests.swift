import Foundation
import Testing
@testable import ToonIndex
import ToonTestSupport

/// Recall of ``VectorMetric/dotProduct`` on vectors that are not normalised,
/// queried from directions the data's clusters do not cover. hnswlib
/// (`space='ip'`, M 16, efConstruction 100) reaches only 0.88 / 0.90 at
/// efSearch 100 / 400 on such data, because it links the graph by the inner
/// product itself; this index links it by the lifted vectors
/// (`GraphView.lifted`), which must reach well past that.
@Suite struct HNSWInnerProductTests {
    /// 2,000 × 16 rows around 10 centres (scale 3, unit noise) and 50 queries
    /// around 10 other centres.
    static let data: (rows: [[Float]], queries: [[Float]]) = {
        var rng = SplitMix(7)
        func cloud(_ n: Int) -> [[Float]] {
            let centres = (0..<10).map { _ in (0..<16).map { _ in rng.gaussian() * 3 } }
            return (0..<n).map { i in centres[i % 10].map { $0 + rng.gaussian() } }
        }
        let rows = cloud(2000)
        return (rows, cloud(50))
    }()

    static func recall(_ index: HNSWIndex, efSearch: Int) throws -> Double {
        var found = 0
        for q in data.queries {
            let truth = Set(try index.exactSearch(q, k: 10).map(\.label))
            found += try index.search(q, k: 10, efSearch: efSearch).filter { truth.contains($0.label) }.count
        }
        return Double(found) / Double(data.queries.count * 10)
    }

    static func squaredNorm(_ v: [Float]) -> Float { v.reduce(0) { $0 + $1 * $1 } }

    @Test func unnormalisedInnerProductRecallIsHigh() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .dotProduct, m: 16, efConstruction: 100))
        for (i, row) in Self.data.rows.enumerated() { try index.insert(row, label: UInt64(i)) }
        let at100 = try Self.recall(index, efSearch: 100), at400 = try Self.recall(index, efSearch: 400)
        #expect(at100 >= 0.95, "recall@10 at efSearch 100 is \(at100)")
        #expect(at400 >= 0.98, "recall@10 at efSearch 400 is \(at400)")
    }

    @Test func recallHoldsWhenTheLargestNormKeepsGrowing() throws {
        // Rows in ascending norm: every insert raises the sphere's radius, so
        // the lift of earlier elements changes under the links already made.
        let order = Self.data.rows.indices.sorted { Self.squaredNorm(Self.data.rows[$0]) < Self.squaredNorm(Self.data.rows[$1]) }
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .dotProduct, m: 16, efConstruction: 100))
        for i in order { try index.insert(Self.data.rows[i], label: UInt64(i)) }
        let recall = try Self.recall(index, efSearch: 400)
        #expect(recall >= 0.97, "recall@10 at efSearch 400 is \(recall)")
    }

    @Test func aParallelBuildAndAReloadedIndexKeepTheRecall() throws {
        let flat = Self.data.rows.flatMap { $0 }
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .dotProduct, m: 16, efConstruction: 100))
        try flat.withUnsafeBufferPointer {
            try index.insert(rows: $0, labels: (0..<Self.data.rows.count).map(UInt64.init), threads: 2, progress: nil)
        }
        #expect(try Self.recall(index, efSearch: 400) >= 0.98)
        let largest = try #require(Self.data.rows.map(Self.squaredNorm).max())
        #expect(abs(index.maxSquaredNorm - largest) <= 1e-4 * largest)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hnsw-ip-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ip.hnsw").path
        try index.write(to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.maxSquaredNorm == index.maxSquaredNorm)
        // Inserts into the loaded index are linked by the same lifted distances.
        for (i, row) in Self.data.queries.enumerated() { try loaded.insert(row.map { $0 * 0.5 }, label: UInt64(10_000 + i)) }
        #expect(try Self.recall(loaded, efSearch: 400) >= 0.98)
    }

    @Test func searchDistancesStayThePlainNegatedInnerProduct() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .dotProduct, m: 16, efConstruction: 100))
        for (i, row) in Self.data.rows.prefix(300).enumerated() { try index.insert(row, label: UInt64(i)) }
        let q = Self.data.queries[0]
        for hit in try index.search(q, k: 10, efSearch: 100) {
            let row = Self.data.rows[Int(hit.label)]
            let dot = zip(q, row).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(hit.distance + dot) <= 1e-3 * max(1, abs(dot)))
        }
    }
}
