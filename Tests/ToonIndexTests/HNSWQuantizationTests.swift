import Foundation
import Testing
import ToonCore
import ToonIndex
import ToonTestSupport

/// 8-bit scalar quantization: recall within 0.01 of full precision once the
/// candidates are re-ranked with the full-precision vectors, a quarter of the
/// vector bytes, and files that round-trip (and older ones that still load).
@Suite struct HNSWQuantizationTests {
    static let data = VectorTestData(count: 4000, dimension: 48, queries: 60, seed: 11)

    static func index(_ data: VectorTestData, _ metric: VectorMetric, _ quantization: VectorQuantization) throws -> HNSWIndex {
        let index = try HNSWIndex(HNSWParameters(dimension: data.rows[0].count, metric: metric, m: 12, efConstruction: 64,
                                                 quantization: quantization))
        try data.rows.flatMap { $0 }.withUnsafeBufferPointer {
            try index.insert(rows: $0, labels: (0..<data.rows.count).map(UInt64.init), threads: 2, progress: nil)
        }
        return index
    }

    /// The full-precision rows, as a quantized index's re-ranking reads them.
    static func lookup(_ data: VectorTestData) -> HNSWIndex.VectorLookup {
        { label, out in
            guard Int(label) < data.rows.count else { return false }
            for (i, x) in data.rows[Int(label)].enumerated() { out[i] = x }
            return true
        }
    }

    /// Mean recall@10 of `search` against the exact answer of the full-precision index.
    static func recall(truth: HNSWIndex, _ search: ([Float]) throws -> [VectorHit]) throws -> Double {
        var found = 0
        for q in data.queries {
            let exact = Set(try truth.exactSearch(q, k: 10).map(\.label))
            found += try search(q).filter { exact.contains($0.label) }.count
        }
        return Double(found) / Double(10 * data.queries.count)
    }

    @Test(arguments: VectorMetric.allCases)
    func scalar8RecallIsWithinOnePointOfFullPrecision(metric: VectorMetric) throws {
        let full = try Self.index(Self.data, metric, .none)
        let sq8 = try Self.index(Self.data, metric, .scalar8)
        let lookup = Self.lookup(Self.data)
        let fullRecall = try Self.recall(truth: full) { try full.search($0, k: 10, efSearch: 64) }
        let sq8Recall = try Self.recall(truth: full) { try sq8.search($0, k: 10, efSearch: 64, vectors: lookup) }
        #expect(sq8Recall >= fullRecall - 0.01, "\(metric): full \(fullRecall), sq8 \(sq8Recall)")
        // Re-ranked distances are the full-precision ones.
        let q = Self.data.queries[0]
        let hits = try sq8.search(q, k: 5, vectors: lookup)
        let exact = try full.distances(q, labels: hits.map(\.label))
        for (hit, d) in zip(hits, exact) { #expect(abs(hit.distance - (d ?? .nan)) <= 1e-4 * max(1, abs(hit.distance))) }
        // The exact search with the vectors is the full-precision one.
        #expect(try sq8.exactSearch(q, k: 10, vectors: lookup).map(\.label) == (try full.exactSearch(q, k: 10).map(\.label)))
    }

    @Test func codesHoldAQuarterOfTheBytesAndDecodeCloseToTheVectors() throws {
        let full = try Self.index(Self.data, .euclidean, .none)
        let sq8 = try Self.index(Self.data, .euclidean, .scalar8)
        #expect(full.stats.bytesPerVector == 4 * 48 && sq8.stats.bytesPerVector == 48)
        #expect(sq8.stats.quantization == .scalar8 && sq8.stats.elements == 4000 && sq8.stats.tombstones == 0)
        #expect(sq8.stats.graphBytes == full.stats.graphBytes)
        #expect(sq8.stats.indexBytes < full.stats.indexBytes)
        // Each component decodes within half a step of the range the first batch spans.
        var lo = [Float](repeating: .infinity, count: 48), hi = [Float](repeating: -.infinity, count: 48)
        for row in Self.data.rows {
            for i in 0..<48 { lo[i] = min(lo[i], row[i]); hi[i] = max(hi[i], row[i]) }
        }
        for label in [0, 17, 3999] {
            let decoded = try #require(sq8.vector(label: UInt64(label)))
            for i in 0..<48 {
                #expect(abs(decoded[i] - Self.data.rows[label][i]) <= (hi[i] - lo[i]) / 255 / 2 * 1.001)
            }
        }
        sq8.remove(label: 5)
        #expect(sq8.stats.tombstones == 1 && sq8.stats.elements == 3999)
    }

    @Test func aQuantizedIndexSearchesWithoutTheVectorsOnItsCodes() throws {
        let sq8 = try Self.index(Self.data, .cosine, .scalar8)
        let full = try Self.index(Self.data, .cosine, .none)
        let coded = try Self.recall(truth: full) { try sq8.search($0, k: 10, efSearch: 64) }
        #expect(coded >= 0.8, "recall on codes alone \(coded)")
        #expect(throws: ToonDBError.self) { try sq8.search(Self.data.queries[0], k: 10, rerank: 0) }
    }

    @Test func aQuantizedIndexRoundTripsAndKeepsItsRanges() throws {
        let dir = TemporaryDirectory("toondb-hnsw-sq8")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sq8.hnsw")
        let index = try Self.index(Self.data, .dotProduct, .scalar8)
        for label in stride(from: UInt64(0), to: 4000, by: 9) { index.remove(label: label) }
        try index.write(to: path, fileSystem: PosixFileSystem())
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes[8] == 3 && bytes[28] == 1, "version 3, quantization scalar8")
        let loaded = try HNSWIndex.load(from: path, fileSystem: PosixFileSystem())
        #expect(loaded.parameters == index.parameters && loaded.count == index.count)
        #expect(loaded.vector(label: 10) == index.vector(label: 10))
        let lookup = Self.lookup(Self.data)
        for q in Self.data.queries.prefix(20) {
            #expect(try loaded.search(q, k: 10, vectors: lookup) == (try index.search(q, k: 10, vectors: lookup)))
            #expect(try loaded.search(q, k: 10) == (try index.search(q, k: 10)))
        }
        // Later inserts use the saved ranges (no retraining): they decode as close as before.
        try loaded.insert(Self.data.rows[9], label: 9)
        try index.insert(Self.data.rows[9], label: 9)
        #expect(loaded.vector(label: 9) != nil && loaded.vector(label: 9) == index.vector(label: 9))
        #expect(try loaded.search(Self.data.rows[9], k: 1, vectors: lookup).first?.label == 9)
        // A damaged range is corruption.
        var damaged = bytes
        damaged[72 + 8 + 4 * 48 + 3] = 0xFF  // the first scale's high byte: a NaN
        let end = damaged.count - 4
        let crc = CRC32C.mask(CRC32C.checksum(Array(damaged[0..<end])))
        withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { damaged[end + i] = $0[i] } }
        try Data(damaged).write(to: URL(fileURLWithPath: dir.file("bad.hnsw")))
        #expect(throws: ToonDBError.self) { _ = try HNSWIndex.load(from: dir.file("bad.hnsw")) }
    }

    /// Binary codes (1 bit per component) on 256 dimensions: recall@10 after
    /// re-ranking 4·k and 10·k candidates, a 32nd of the vector bytes, a
    /// round trip, and fewer than 256 dimensions refused.
    @Test(arguments: [VectorMetric.cosine, .euclidean])
    func binaryCodesFindTheNeighboursAfterReranking(metric: VectorMetric) throws {
        let data = VectorTestData(count: 2000, dimension: 256, queries: 30, seed: 4)
        let full = try Self.index(data, metric, .none)
        let binary = try Self.index(data, metric, .binary)
        #expect(binary.stats.bytesPerVector == 32 && binary.stats.quantization == .binary)
        let lookup = Self.lookup(data)
        func recall(_ search: ([Float]) throws -> [VectorHit]) throws -> Double {
            var found = 0
            for q in data.queries {
                let exact = Set(try full.exactSearch(q, k: 10).map(\.label))
                found += try search(q).filter { exact.contains($0.label) }.count
            }
            return Double(found) / Double(10 * data.queries.count)
        }
        let fullRecall = try recall { try full.search($0, k: 10, efSearch: 64) }
        let rerank4 = try recall { try binary.search($0, k: 10, efSearch: 64, vectors: lookup) }
        let rerank10 = try recall { try binary.search($0, k: 10, efSearch: 100, rerank: 100, vectors: lookup) }
        #expect(rerank4 >= 0.85, "\(metric): binary, 4·k re-ranked: \(rerank4) (full precision \(fullRecall))")
        #expect(rerank10 >= fullRecall - 0.01, "\(metric): binary, 10·k re-ranked: \(rerank10) (full precision \(fullRecall))")
        // Codes decode to the mean ± the mean absolute deviation: the sign pattern of the centred vector.
        let decoded = try #require(binary.vector(label: 3))
        #expect(decoded.count == 256)
        let dir = TemporaryDirectory("toondb-hnsw-binary")
        defer { withExtendedLifetime(dir) {} }
        try binary.write(to: dir.file("b.hnsw"))
        let loaded = try HNSWIndex.load(from: dir.file("b.hnsw"))
        #expect(loaded.parameters.quantization == .binary && loaded.vector(label: 3) == decoded)
        for q in data.queries.prefix(10) {
            #expect(try loaded.search(q, k: 10, vectors: lookup) == (try binary.search(q, k: 10, vectors: lookup)))
        }
        let small = #expect(throws: ToonDBError.self) {
            try HNSWIndex(HNSWParameters(dimension: 255, metric: metric, quantization: .binary))
        }
        #expect(small?.code == .invalidArgument && small?.message.contains("256") == true)
    }

    @Test func aVersionTwoFileStillLoads() throws {
        let dir = TemporaryDirectory("toondb-hnsw-v2")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("v3.hnsw")
        let index = try Self.index(VectorTestData(count: 600, dimension: 16, queries: 10, seed: 2), .euclidean, .none)
        try index.write(to: path)
        // Version 2 is version 3 without quantization: the same bytes with
        // version 2 and the reserved field 0, and its own checksum.
        var bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        #expect(bytes[8] == 3 && bytes[28] == 0)
        bytes[8] = 2
        let end = bytes.count - 4
        let crc = CRC32C.mask(CRC32C.checksum(Array(bytes[0..<end])))
        withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[end + i] = $0[i] } }
        let old = dir.file("v2.hnsw")
        try Data(bytes).write(to: URL(fileURLWithPath: old))
        let loaded = try HNSWIndex.load(from: old)
        #expect(loaded.parameters.quantization == .none && loaded.labels == index.labels)
        let q: [Float] = (0..<16).map { Float($0) / 8 }
        #expect(try loaded.search(q, k: 10) == (try index.search(q, k: 10)))
    }
}
