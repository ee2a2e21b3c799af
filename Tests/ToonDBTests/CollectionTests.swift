import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Collections (README.md, "From Swift"): documents, HNSW search with filters, multi-vector
/// documents, persistence, crash safety and bad input.
@Suite struct CollectionTests {
    /// `n` Gaussian-mixture vectors of `dim` dimensions, from a fixed seed.
    static func vectors(_ n: Int, dim: Int, seed: UInt64) -> [[Float]] {
        var rng = SeededRandom(seed: seed)
        func gaussian() -> Float {
            let u = Double(rng.next() % 1_000_000 + 1) / 1_000_001, v = Double(rng.next() % 1_000_000) / 1_000_000
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let centres = (0..<10).map { _ in (0..<dim).map { _ in gaussian() * 3 } }
        return (0..<n).map { i in centres[i % 10].map { $0 + gaussian() } }
    }

    static func open(_ dir: TemporaryDirectory) throws -> (Database, Namespace) {
        let db = try Database.open(dir.path)
        return (db, try db.namespaceCreatingIfMissing("t"))
    }

    @Test func documentsCanBeInsertedReadReplacedAndDeleted() throws {
        let dir = TemporaryDirectory("col-crud")
        let (db, ns) = try Self.open(dir)
        let col = try ns.createCollection(CollectionConfig(name: "docs", dimension: 3, metric: .cosine))
        try col.insert(id: "a", vector: [1, 0, 0], metadata: ["title": "Guide", "year": 2024], content: "ToonDB is fast")
        try col.insert(id: "b", vector: [0, 1, 0])
        #expect(col.count == 2)
        let a = try #require(try col.get("a"))
        #expect(a.vector == [1, 0, 0])
        #expect(a.metadata["title"] == "Guide")
        #expect(a.content == "ToonDB is fast")
        let dup = #expect(throws: ToonDBError.self) { try col.insert(id: "a", vector: [0, 0, 1]) }
        #expect(dup?.code == .alreadyExists)
        try col.upsert(id: "a", vector: [0, 0, 1], metadata: ["title": "New"])
        #expect(try col.get("a")?.vector == [0, 0, 1])
        #expect(col.count == 2)
        let hit = try col.search(vector: [0, 0, 1], k: 1)
        #expect(hit.map(\.id) == ["a"])
        #expect(abs(hit[0].score - 1) < 1e-5 && abs(hit[0].distance) < 1e-5)
        #expect(hit[0].metadata["title"] == "New")
        #expect(try col.delete("a"))
        #expect(try !col.delete("a"))
        #expect(try col.get("a") == nil)
        #expect(try col.search(vector: [0, 0, 1], k: 5).map(\.id) == ["b"])
        // Names and configs.
        try ns.createCollection(CollectionConfig(name: "other", dimension: 2, metric: .euclidean))
        #expect(try ns.listCollections().map(\.name) == ["docs", "other"])
        #expect(try ns.collection("docs").config == CollectionConfig(name: "docs", dimension: 3, metric: .cosine))
        let again = #expect(throws: ToonDBError.self) { try ns.createCollection(CollectionConfig(name: "docs", dimension: 9)) }
        #expect(again?.code == .alreadyExists)
        try ns.deleteCollection("other")
        #expect(try ns.listCollections().map(\.name) == ["docs"])
        let gone = #expect(throws: ToonDBError.self) { try ns.collection("other") }
        #expect(gone?.code == .notFound)
        try db.close()
    }

    @Test func searchFindsTheExactNeighboursForEveryMetric() throws {
        let dir = TemporaryDirectory("col-recall")
        let (db, ns) = try Self.open(dir)
        let data = Self.vectors(2_000, dim: 16, seed: 7)
        let queries = Self.vectors(50, dim: 16, seed: 8)
        for metric in [VectorMetric.cosine, .euclidean, .dotProduct] {
            let col = try ns.createCollection(CollectionConfig(name: "r-\(metric.rawValue)", dimension: 16, metric: metric,
                                                               m: 16, efConstruction: 100))
            try col.insertBatch(data.enumerated().map { CollectionDocument(id: "d\($0.offset)", vector: $0.element) })
            var found = 0
            for q in queries {
                let approx = Set(try col.search(vector: q, k: 10, efSearch: 100).map(\.id))
                let exact = try col.exactSearch(vector: q, k: 10)
                found += exact.filter { approx.contains($0.id) }.count
                #expect(exact.map(\.score) == exact.map(\.score).sorted(by: >), "best first")
            }
            let recall = Double(found) / Double(queries.count * 10)
            #expect(recall >= 0.95, "recall@10 of \(metric) is \(recall)")
        }
        try db.close()
    }

    @Test func filtersApplyDuringTheSearch() throws {
        let dir = TemporaryDirectory("col-filter")
        let (db, ns) = try Self.open(dir)
        let col = try ns.createCollection(CollectionConfig(name: "f", dimension: 8, metric: .euclidean))
        let data = Self.vectors(3_000, dim: 8, seed: 3)
        try col.insertBatch(data.enumerated().map { i, v in
            CollectionDocument(id: "d\(i)", vector: v,
                               metadata: ["lang": i % 100 == 0 ? "fr" : "en", "year": .int(Int64(2000 + i % 30))])
        })
        // 1% of documents match: still k hits, all matching.
        let fr = try col.search(vector: data[5], k: 10, filter: ["lang": "fr"])
        #expect(fr.count == 10)
        #expect(fr.allSatisfy { $0.metadata["lang"] == "fr" })
        let exactFr = try col.exactSearch(vector: data[5], k: 10, filter: ["lang": "fr"])
        #expect(Set(fr.map(\.id)) == Set(exactFr.map(\.id)))
        // Ranges and combinations.
        let ranged = try col.search(vector: data[1], k: 20, filter: ["year": .between(2010, 2012), "lang": "en"])
        #expect(ranged.count == 20)
        #expect(ranged.allSatisfy { (2010...2012).contains($0.metadata["year"]?.intValue ?? 0) })
        #expect(try col.search(vector: data[1], k: 5, filter: ["year": .greaterThan(2028)]).allSatisfy {
            $0.metadata["year"] == 2029
        })
        // Fewer matches than k: all of them.
        #expect(try col.search(vector: data[1], k: 50, filter: ["lang": "fr", "year": 2000]).count == 10)
        #expect(try col.search(vector: data[1], k: 5, filter: ["missing": "x"]).isEmpty)
        try db.close()
    }

    @Test func multiVectorDocumentsAggregateTheirFields() throws {
        let dir = TemporaryDirectory("col-multi")
        let (db, ns) = try Self.open(dir)
        let col = try ns.createCollection(CollectionConfig(name: "m", dimension: 2, metric: .cosine))
        try col.insertMultiVector(id: "title-match", vectors: ["title": [1, 0], "content": [0, 1]])
        try col.insertMultiVector(id: "content-match", vectors: ["title": [0, 1], "content": [1, 0.1]])
        try col.insertMultiVector(id: "both", vectors: ["title": [0.9, 0.1], "content": [0.9, 0.2]])
        let q: [String: [Float]] = ["title": [1, 0], "content": [1, 0]]
        let maxed = try col.multiVectorSearch(queryVectors: q, k: 3, aggregation: .maxPooling)
        #expect(maxed.first?.id == "title-match")
        let mean = try col.multiVectorSearch(queryVectors: q, k: 3, aggregation: .meanPooling)
        #expect(mean.first?.id == "both")
        let weighted = try col.multiVectorSearch(queryVectors: q, k: 3, aggregation: .weightedSum(["content": 1]))
        #expect(weighted.first?.id == "content-match")
        #expect(weighted.count == 3)
        // A plain search sees each document once.
        #expect(try col.search(vector: [1, 0], k: 3).map(\.id).count == 3)
        #expect(try col.get("both")?.vectors["content"] == [0.9, 0.2])
        try db.close()
    }

    @Test func badInputIsRefusedClearly() throws {
        let dir = TemporaryDirectory("col-bad")
        let (db, ns) = try Self.open(dir)
        let col = try ns.createCollection(CollectionConfig(name: "b", dimension: 4))
        let cases: [([Float], ErrorCode)] = [([1, 2, 3], .dimensionMismatch), ([], .invalidArgument),
                                             ([1, .nan, 0, 0], .invalidArgument), ([.infinity, 0, 0, 0], .invalidArgument),
                                             ([0, 0, 0, 0], .invalidArgument)]
        for (v, code) in cases {
            let e = #expect(throws: ToonDBError.self) { try col.insert(id: "x", vector: v) }
            #expect(e?.code == code, "\(v)")
            let s = #expect(throws: ToonDBError.self) { try col.search(vector: v, k: 1) }
            #expect(s?.code == code)
        }
        #expect(col.count == 0)
        for k in [0, -1] {
            let e = #expect(throws: ToonDBError.self) { try col.search(vector: [1, 0, 0, 0], k: k) }
            #expect(e?.code == .invalidArgument)
        }
        let badBatch = #expect(throws: ToonDBError.self) {
            try col.insertBatch([CollectionDocument(id: "ok", vector: [1, 0, 0, 0]), CollectionDocument(id: "bad", vector: [1])])
        }
        #expect(badBatch?.code == .dimensionMismatch)
        #expect(col.count == 0, "a failed batch inserts nothing")
        #expect(throws: ToonDBError.self) { try col.insert(id: "", vector: [1, 0, 0, 0]) }
        for config in [CollectionConfig(name: "z", dimension: 0), CollectionConfig(name: "z", dimension: 4, m: 1),
                       CollectionConfig(name: "../x", dimension: 4), CollectionConfig(name: "z", dimension: 4, efConstruction: 0)] {
            let e = #expect(throws: ToonDBError.self) { try ns.createCollection(config) }
            #expect(e?.code == .invalidArgument)
        }
        let unknown = #expect(throws: ToonDBError.self) { try ns.collection("nope") }
        #expect(unknown?.code == .notFound)
        try db.close()
    }

    @Test func indexesPersistAndDamageIsRebuiltFromTheDocuments() throws {
        let dir = TemporaryDirectory("col-persist")
        let data = Self.vectors(500, dim: 8, seed: 11)
        var before: [[String]] = []
        do {
            let (db, ns) = try Self.open(dir)
            let col = try ns.createCollection(CollectionConfig(name: "p", dimension: 8, metric: .euclidean))
            try col.insertBatch(data.enumerated().map { CollectionDocument(id: "d\($0.offset)", vector: $0.element) })
            before = try data.prefix(20).map { try col.search(vector: $0, k: 5).map(\.id) }
            try db.close()
        }
        let file = dir.path + "/vectors/t/p.hnsw"
        #expect(FileManager.default.fileExists(atPath: file))
        do {
            let (db, ns) = try Self.open(dir)
            let col = try ns.collection("p")
            #expect(col.indexStatus.hasPrefix("loaded"), "\(col.indexStatus)")
            #expect(try data.prefix(20).map { try col.search(vector: $0, k: 5).map(\.id) } == before)
            // Inserts after the last save are replayed from the documents.
            try col.insert(id: "late", vector: data[0].map { $0 + 100 })
            try db.close()
        }
        // Flip a byte in the middle of the index file.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: file))
        let (db, ns) = try Self.open(dir)
        let col = try ns.collection("p")
        #expect(col.indexStatus.contains("rebuilt"), "\(col.indexStatus)")
        #expect(col.count == 501)
        #expect(try col.search(vector: data[0].map { $0 + 100 }, k: 1).first?.id == "late")
        #expect(try col.search(vector: data[3], k: 1).first?.id == "d3")
        try db.close()
    }

    /// A flipped byte in a vector leaves the links sound, so only the
    /// checksum, computed while the documents are read, finds it: the
    /// collection is rebuilt from its documents before it is used.
    @Test func aChecksumMismatchFoundInTheBackgroundRebuildsTheIndex() throws {
        let dir = TemporaryDirectory("col-checksum")
        let data = Self.vectors(300, dim: 8, seed: 5)
        do {
            let (db, ns) = try Self.open(dir)
            let col = try ns.createCollection(CollectionConfig(name: "p", dimension: 8, metric: .euclidean))
            try col.insertBatch(data.enumerated().map { CollectionDocument(id: "d\($0.offset)", vector: $0.element) })
            try db.close()
        }
        let file = dir.path + "/vectors/t/p.hnsw"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        // Slot 10's vector (M 16, 8 floats: 192-byte records, the vector at 144; FORMAT.md).
        bytes[72 + 10 * 192 + 144 + 1] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: file))
        let (db, ns) = try Self.open(dir)
        let col = try ns.collection("p")
        #expect(col.indexStatus.hasPrefix("rebuilt from the documents"), "\(col.indexStatus)")
        #expect(col.indexStatus.contains(file) && col.indexStatus.contains("checksum mismatch"), "\(col.indexStatus)")
        #expect(col.count == 300)
        #expect(try col.search(vector: data[10], k: 1).first?.id == "d10")
        try db.close()
    }

    @Test func aSIGKILLLosesNoAcknowledgedInsert() throws {
        let dir = TemporaryDirectory("col-crash")
        var present = Set<String>(), absent = Set<String>()
        for round in 0..<6 {
            let lines = try CrashTests.runAndKill(db: dir.path, seed: round, mode: "full", memtable: 64 * 1024,
                                                  count: 150 + round * 40, extra: ["vectors"])
            for line in lines {
                if line.hasPrefix("VEC ") { present.insert(String(line.dropFirst(4))) }
                else if line.hasPrefix("WILL-DEL ") { present.remove(String(line.dropFirst(9))) }
                else if line.hasPrefix("DEL ") { absent.insert(String(line.dropFirst(4))) }
            }
            let db = try Database.open(dir.path)
            let col = try db.namespace("crash").collection("c")
            for id in present {
                let doc = try #require(try col.get(id), "round \(round): \(id) survives")
                // Exact search reads every vector in the index: the document's own is there.
                let hit = try col.exactSearch(vector: doc.vector!, k: 1)
                #expect(hit.first?.distance == 0, "round \(round): \(id) is in the index")
            }
            for id in absent { #expect(try col.get(id) == nil, "round \(round): deleted \(id) stays deleted") }
            for hit in try col.search(vector: [Float](repeating: 500, count: 8), k: 50) {
                #expect(!absent.contains(hit.id), "no deleted document in results")
            }
            try db.close()
        }
        #expect(present.count > 500)
    }

    @Test func deletingTheNamespaceRemovesItsCollections() throws {
        let dir = TemporaryDirectory("col-nsdel")
        let db = try Database.open(dir.path)
        let ns = try db.createNamespace("gone")
        let col = try ns.createCollection(CollectionConfig(name: "c", dimension: 2, metric: .euclidean))
        try col.insert(id: "x", vector: [1, 2])
        try db.checkpoint()
        #expect(FileManager.default.fileExists(atPath: dir.path + "/vectors/gone/c.hnsw"))
        try db.deleteNamespace("gone", force: true)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/vectors/gone"))
        let again = try db.createNamespace("gone")
        #expect(try again.listCollections().isEmpty)
        let e = #expect(throws: ToonDBError.self) { try col.search(vector: [1, 2], k: 1) }
        #expect(e?.code == .notFound)
        try db.close()
    }
}
