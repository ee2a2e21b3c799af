import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// `toondb verify` (toondb(1), VERIFY): a sound database reports its figures
/// and `ok`; a damaged block is a one-line `corruption` error.
@Suite struct VerifyCommandTests {
    /// A database with keys and a collection with hybrid search, saved to segment files.
    static func build(_ path: String) throws {
        let db = try Database.open(path, config: DatabaseConfig(createIfMissing: true))
        for i in 0..<2_000 { try db.put("key/\(i)", String(repeating: "value \(i) ", count: 8)) }
        let ns = try db.createNamespace("t")
        let col = try ns.createCollection(CollectionConfig(name: "p", dimension: 4, metric: .euclidean,
                                                           enableHybridSearch: true))
        try col.insertBatch((0..<300).map { i in
            CollectionDocument(id: "d\(i)", vector: [Float(i), Float(i % 7), Float(i % 13), 1],
                               content: "document number \(i) about \(i % 5 == 0 ? "cats" : "dogs")")
        })
        try db.checkpoint()
        try db.compact()
        try db.close()
    }

    @Test func aSoundDatabaseReportsItsFiguresAndOk() throws {
        try withDatabase { db throws in
            try Self.build(db)
            let r = try CLI.run(["verify", db])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("entries: ") == true, "\(r.stdout)")
            #expect(lines.contains { $0.hasPrefix("collection t/p: 300 documents, 300 vectors, graph of ") }, "\(r.stdout)")
            #expect(lines.contains { $0.contains("text index: 300 documents") }, "\(r.stdout)")
            #expect(lines.last == "ok")
            #expect(r.stderr.isEmpty)
        }
    }

    @Test func theDemoDatabaseReportsItsSQLIndexesAndGraph() throws {
        try withDatabase("demo") { db throws in
            let created = try CLI.run(["demo", db, "--no-open"])
            #expect(created.status == 0, "\(created.stderr)")
            let index = try CLI.run(["sql", db, "CREATE INDEX books_year ON books (year)"])
            #expect(index.status == 0, "\(index.stderr)")
            let r = try CLI.run(["verify", db])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("sql index books_year on books: ") && $0.hasSuffix(" entries, one for each row") }, "\(r.stdout)")
            #expect(lines.contains { $0.hasPrefix("graph ") && $0.hasSuffix("edges, both adjacency lists agree") }, "\(r.stdout)")
            #expect(lines.last == "ok")
        }
    }

    @Test func aFlippedByteInASegmentIsACorruptionError() throws {
        try withDatabase { db throws in
            try Self.build(db)
            func size(_ name: String) -> Int {
                ((try? FileManager.default.attributesOfItem(atPath: db + "/" + name))?[.size] as? Int) ?? 0
            }
            let segments = try FileManager.default.contentsOfDirectory(atPath: db).filter { $0.hasSuffix(".seg") }
            let largest = try #require(segments.max { size($0) < size($1) })
            let url = URL(fileURLWithPath: db + "/" + largest)
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count / 3] ^= 0x5A
            try bytes.write(to: url)
            expectOneLineError(try CLI.run(["verify", db]), "corruption")
        }
    }

    @Test func aMissingDatabaseIsNotFound() throws {
        try withDatabase { db throws in
            expectOneLineError(try CLI.run(["verify", db]), "notFound", db)
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }
}
