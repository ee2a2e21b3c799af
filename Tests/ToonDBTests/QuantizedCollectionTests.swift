import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Collections with `quantization: .scalar8`: searches re-ranked with the
/// documents' vectors answer as a full-precision collection does, the
/// configuration and the ranges survive a reopen, `stats()` states the
/// index's memory, and filtered searches keep their recall at 1 %, 10 % and
/// 50 % selectivity.
@Suite struct QuantizedCollectionTests {
    static let data = CollectionTests.vectors(2_000, dim: 32, seed: 5)

    static func documents() -> [CollectionDocument] {
        data.enumerated().map { i, v in
            CollectionDocument(id: "d\(i)", vector: v,
                               metadata: ["one": i % 100 == 0, "ten": i % 10 == 3, "half": i % 2 == 1])
        }
    }

    @Test func aQuantizedCollectionRanksWithTheDocumentsVectors() throws {
        let dir = TemporaryDirectory("col-sq8")
        let queries = CollectionTests.vectors(30, dim: 32, seed: 99)
        var answers: [[String]] = []
        do {
            let (db, ns) = try CollectionTests.open(dir)
            let full = try ns.createCollection(CollectionConfig(name: "full", dimension: 32, metric: .euclidean))
            let sq8 = try ns.createCollection(CollectionConfig(name: "sq8", dimension: 32, metric: .euclidean,
                                                               quantization: .scalar8))
            try full.insertBatch(Self.documents())
            try sq8.insertBatch(Self.documents())
            var found = 0, foundFull = 0
            for q in queries {
                let truth = Set(try full.exactSearch(vector: q, k: 10).map(\.id))
                let hits = try sq8.search(vector: q, k: 10)
                found += hits.filter { truth.contains($0.id) }.count
                foundFull += try full.search(vector: q, k: 10).filter { truth.contains($0.id) }.count
                // The distances are the full-precision ones.
                let exact = try full.exactSearch(vector: q, k: 10)
                if hits.map(\.id) == exact.map(\.id) {
                    for (a, b) in zip(hits, exact) { #expect(abs(a.distance - b.distance) <= 1e-4 * max(1, b.distance)) }
                }
                answers.append(hits.map(\.id))
            }
            #expect(Double(found) >= Double(foundFull) - 0.01 * Double(10 * queries.count),
                    "sq8 found \(found), full precision \(foundFull) of \(10 * queries.count)")
            #expect(try sq8.exactSearch(vector: queries[0], k: 10).map(\.id) == (try full.exactSearch(vector: queries[0], k: 10).map(\.id)))
            let stats = try sq8.stats()
            #expect(stats.quantization == .scalar8 && stats.bytesPerVector == 32 && stats.elements == 2_000)
            #expect(try full.stats().bytesPerVector == 128)
            #expect(stats.indexBytes < (try full.stats().indexBytes))
            #expect(try sq8.delete("d7"))
            #expect(try sq8.stats().tombstones == 1)
            try db.close()
        }
        let (db, ns) = try CollectionTests.open(dir)
        let sq8 = try ns.collection("sq8")
        #expect(sq8.config.quantization == .scalar8)
        #expect(sq8.indexStatus.hasPrefix("loaded"), "\(sq8.indexStatus)")
        #expect(try sq8.stats().bytesPerVector == 32)
        // d7 is gone; the rest answer as before the reopen.
        for (q, before) in zip(queries, answers) where !before.contains("d7") {
            #expect(try sq8.search(vector: q, k: 10).map(\.id) == before)
        }
        try db.close()
        // Without its file the index is rebuilt (and retrained) from the documents.
        try FileManager.default.removeItem(atPath: dir.path + "/vectors/t/sq8.hnsw")
        let (db2, ns2) = try CollectionTests.open(dir)
        let rebuilt = try ns2.collection("sq8")
        #expect(rebuilt.indexStatus.contains("built from the documents"), "\(rebuilt.indexStatus)")
        #expect(try rebuilt.stats().bytesPerVector == 32 && (try rebuilt.stats().elements) == 1_999)
        #expect(try rebuilt.search(vector: Self.data[3], k: 1).first?.id == "d3")
        try db2.close()
    }

    @Test(arguments: ["one", "ten", "half"])
    func filteredSearchesKeepTheirRecall(field: String) throws {
        let dir = TemporaryDirectory("col-filtered")
        let (db, ns) = try CollectionTests.open(dir)
        let col = try ns.createCollection(CollectionConfig(name: "f", dimension: 32, metric: .euclidean))
        try col.insertBatch(Self.documents())
        let queries = CollectionTests.vectors(30, dim: 32, seed: 77)
        var found = 0, wanted = 0
        for q in queries {
            let truth = Set(try col.exactSearch(vector: q, k: 10, filter: [field: true]).map(\.id))
            // The half filter accepts 5 of the data's 10 clusters: a query in a rejected
            // cluster finds its answers elsewhere (the walk hands it to an exact scan).
            let hits = try col.search(vector: q, k: 10, filter: [field: true], efSearch: 16)
            #expect(hits.count == 10 && hits.allSatisfy { $0.metadata[field] == true })
            found += hits.filter { truth.contains($0.id) }.count
            wanted += truth.count
        }
        #expect(Double(found) / Double(wanted) >= 0.95, "\(field): \(found) of \(wanted)")
        try db.close()
    }
}
