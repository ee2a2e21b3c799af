import Foundation
import Testing
import ToonCore
import ToonIndex
import ToonTestSupport

/// Saved files: identical answers after a round trip; flipped bytes and
/// truncation are reported as `corruption` naming the file and an offset.
@Suite struct HNSWPersistenceTests {
    static let data = VectorTestData(count: 1500, dimension: 24, queries: 40, seed: 3)

    @Test(arguments: VectorMetric.allCases)
    func roundTripGivesIdenticalResults(metric: VectorMetric) throws {
        let dir = TemporaryDirectory("toondb-hnsw")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("index.hnsw")
        let index = try Self.data.index(metric, m: 8, efConstruction: 50)
        for label in stride(from: UInt64(0), to: 1500, by: 7) { index.remove(label: label) }
        try index.write(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.parameters == index.parameters)
        #expect(loaded.count == index.count)
        #expect(loaded.labels == index.labels)
        #expect(loaded.vector(label: 5) == index.vector(label: 5))
        for q in Self.data.queries {
            for ef in [10, 64] {
                #expect(try loaded.search(q, k: 10, efSearch: ef) == (try index.search(q, k: 10, efSearch: ef)))
            }
        }
        // The loaded index keeps working: inserts reuse the tombstoned slots.
        try loaded.insert(Self.data.queries[0], label: 99_999)
        #expect(try loaded.search(Self.data.queries[0], k: 1).first?.label == 99_999)
    }

    @Test func emptyIndexRoundTrips() throws {
        let dir = TemporaryDirectory("toondb-hnsw")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("empty.hnsw")
        try HNSWIndex(HNSWParameters(dimension: 3, metric: .dotProduct)).write(to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == 0 && loaded.parameters.metric == .dotProduct)
        #expect(try loaded.search([1, 2, 3], k: 3).isEmpty)
    }

    func expectCorruption(_ path: String, _ fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try HNSWIndex.load(from: path)
            Issue.record("loading a damaged file succeeded", sourceLocation: sourceLocation)
        } catch let e as ToonDBError {
            #expect(e.code == .corruption, "\(e)", sourceLocation: sourceLocation)
            #expect(e.message.contains(path) && e.message.contains("offset"), "\(e)", sourceLocation: sourceLocation)
            if let fragment { #expect(e.message.contains(fragment), "\(e)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func flippedBytesAndTruncationAreCorruption() throws {
        let dir = TemporaryDirectory("toondb-hnsw")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("index.hnsw")
        try Self.data.index(.euclidean, m: 6, efConstruction: 30).write(to: path)
        let original = try #require(FileManager.default.contents(atPath: path))
        let damaged = dir.file("damaged.hnsw")
        // A byte flipped anywhere: header, records, levels, links, checksum.
        for offset in [9, 20, 100, original.count / 2, original.count - 50, original.count - 1] {
            var bytes = original
            bytes[offset] ^= 0x5A
            try bytes.write(to: URL(fileURLWithPath: damaged))
            expectCorruption(damaged)
        }
        // A huge element count in the header is refused before anything is allocated for it.
        var huge = original
        huge[51] = 0x7F
        try huge.write(to: URL(fileURLWithPath: damaged))
        expectCorruption(damaged, "truncated")
        for length in [0, 10, 80, original.count / 3, original.count - 1] {
            try original.prefix(length).write(to: URL(fileURLWithPath: damaged))
            expectCorruption(damaged, "truncated")
        }
        var longer = original
        longer.append(0)
        try longer.write(to: URL(fileURLWithPath: damaged))
        expectCorruption(damaged)
        try Data("not an index at all, just some text of a sufficient length to pass the header size".utf8)
            .write(to: URL(fileURLWithPath: damaged))
        expectCorruption(damaged, "magic")
        #expect(throws: ToonDBError.self) { _ = try HNSWIndex.load(from: dir.file("missing.hnsw")) }
    }
}
