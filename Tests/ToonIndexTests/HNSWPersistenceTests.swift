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

    /// A byte of a vector flipped: the links are sound, so a load with the
    /// checksum in the background returns, and the check then fails every
    /// change, save and search with `corruption` naming the file.
    @Test func aChecksumCheckedInTheBackgroundFailsWhatFollows() throws {
        let dir = TemporaryDirectory("toondb-hnsw")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("index.hnsw")
        let index = try Self.data.index(.euclidean, m: 6, efConstruction: 30)
        try index.write(to: path)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        let recordSize = 176, vectorOffset = 64  // m 6, 24 floats (FORMAT.md)
        bytes[72 + 10 * recordSize + vectorOffset + 1] ^= 0x5A
        let damaged = dir.file("damaged.hnsw")
        try bytes.write(to: URL(fileURLWithPath: damaged))
        expectCorruption(damaged, "checksum")
        let loaded = try HNSWIndex.load(from: damaged, checksum: .inBackground)
        func expectChecksumError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
            let e = #expect(throws: ToonDBError.self, sourceLocation: sourceLocation) { try body() }
            #expect(e?.code == .corruption, sourceLocation: sourceLocation)
            #expect(e?.message.contains(damaged) == true && e?.message.contains("checksum mismatch") == true,
                    "\(String(describing: e))", sourceLocation: sourceLocation)
        }
        expectChecksumError { try loaded.waitForLoadChecks() }
        expectChecksumError { _ = try loaded.search(Self.data.queries[0], k: 3) }
        expectChecksumError { try loaded.insert(Self.data.queries[0], label: 99_999) }
        expectChecksumError { try loaded.write(to: dir.file("copy.hnsw")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("copy.hnsw")))
        expectChecksumError { _ = try loaded.verify() }
    }

    /// A sound file loaded with the checksum in the background answers as
    /// the eager load does; changes leave the mapped file as it was.
    @Test func aMappedIndexChangesItsCopyNotTheFile() throws {
        let dir = TemporaryDirectory("toondb-hnsw")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("index.hnsw")
        let index = try Self.data.index(.cosine, m: 8, efConstruction: 40)
        for label in stride(from: UInt64(0), to: 1500, by: 11) { index.remove(label: label) }
        try index.write(to: path)
        let original = try #require(FileManager.default.contents(atPath: path))
        let eager = try HNSWIndex.load(from: path)
        let mapped = try HNSWIndex.load(from: path, checksum: .inBackground)
        for q in Self.data.queries.prefix(10) {
            #expect(try mapped.search(q, k: 10) == (try eager.search(q, k: 10)))
        }
        try mapped.waitForLoadChecks()
        #expect(try mapped.verify().live == index.count)
        // Removals, then inserts that consolidate the tombstones in place and outgrow the mapping.
        for label in stride(from: UInt64(1), to: 1500, by: 13) { mapped.remove(label: label) }
        let extra = (0..<400).map { i in Self.data.rows[i].map { $0 + 0.01 } }
        try extra.flatMap { $0 }.withUnsafeBufferPointer {
            try mapped.insert(rows: $0, labels: (0..<400).map { UInt64(10_000 + $0) }, threads: 2, progress: nil)
        }
        #expect(FileManager.default.contents(atPath: path) == original)
        #expect(try mapped.search(extra[7], k: 1).first?.label == 10_007)
        try mapped.verify()
        // The same through a file system that cannot map (a copy is read).
        let memory = MemoryFileSystem()
        try memory.createDirectory("/m")
        try mapped.write(to: "/m/index.hnsw", fileSystem: memory)
        let copy = try HNSWIndex.load(from: "/m/index.hnsw", fileSystem: memory, checksum: .inBackground)
        try copy.waitForLoadChecks()
        #expect(copy.labels == mapped.labels)
        #expect(try copy.search(extra[7], k: 5) == (try mapped.search(extra[7], k: 5)))
    }
}
