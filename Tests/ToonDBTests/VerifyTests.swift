import Foundation
import Testing
import ToonDB
import ToonStorage
import ToonTestSupport

/// `Database.verify()` checks SQL indexes against their tables and each
/// graph's two adjacency lists against each other and its nodes; damage made
/// underneath the API, in the storage engine, is `corruption` naming it.
@Suite struct VerifyTests {
    /// A database with an indexed table (a UNIQUE column and a two-column index) and a small graph.
    static func build(_ path: String) throws {
        let db = try Database.open(path, config: DatabaseConfig(createIfMissing: true))
        try db.executeSQL("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT UNIQUE, city TEXT, age INTEGER)")
        try db.executeSQL("CREATE INDEX people_city_age ON people (city, age DESC)")
        let insert = try db.prepare("INSERT INTO people (email, city, age) VALUES (?, ?, ?)")
        for i in 0..<200 { _ = try insert.execute(arguments: ["p\(i)@example.com", "city\(i % 9)", i % 70]) }
        try db.executeSQL("DELETE FROM people WHERE age = 3")
        let graph = GraphOverlay(db, namespace: "social")
        for name in ["ann", "bob", "cy"] { try graph.addNode(name, type: "person") }
        try graph.addEdge("ann", "knows", "bob", properties: ["since": 2020])
        try graph.addEdge("bob", "knows", "cy")
        try graph.addEdge("cy", "follows", "ann")
        try db.close()
    }

    /// Changes the stored bytes directly: `body` gets the raw engine and the keys it holds.
    static func damage(_ path: String, _ body: (StorageEngine, [[UInt8]]) throws -> Void) throws {
        let engine = try StorageEngine.open(path: path)
        var keys: [[UInt8]] = []
        let it = try engine.iterator(lower: [], upper: nil)
        while let (k, _) = try it.next() { keys.append(k) }
        try body(engine, keys)
        try engine.close()
    }

    static func keys(_ keys: [[UInt8]], startingWith prefix: [UInt8]) -> [[UInt8]] {
        keys.filter { $0.starts(with: prefix) }
    }

    static func expectCorruption(_ path: String, mentioning words: [String]) throws {
        let db = try Database.open(path)
        defer { try? db.close() }
        do {
            _ = try db.verify()
            Issue.record("verify passed a damaged database")
        } catch let e as ToonDBError {
            #expect(e.code == .corruption, "\(e)")
            for word in words { #expect(e.message.contains(word), "\(e.message) does not name \(word)") }
        }
    }

    @Test func aSoundDatabaseReportsEveryIndexAndGraph() throws {
        let dir = TemporaryDirectory("verify-sound")
        try Self.build(dir.path)
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        let rows = try db.executeSQL("SELECT count(*) FROM people").rows[0].values[0]
        let report = try db.verify()
        #expect(rows == .integer(197))
        #expect(report.sqlIndexes.count == 2, "\(report.sqlIndexes)")
        #expect(report.sqlIndexes.allSatisfy { $0.table == "people" && $0.entries == 197 }, "\(report.sqlIndexes)")
        #expect(report.sqlIndexes.contains { $0.index == "people_city_age" })
        #expect(report.graphs.map { "\($0.namespace) \($0.nodes) \($0.edges)" } == ["social 3 3"])
    }

    @Test func aMissingIndexEntryNamesTheIndexAndTheRow() throws {
        let dir = TemporaryDirectory("verify-missing-entry")
        try Self.build(dir.path)
        try Self.damage(dir.path) { engine, keys in
            let entries = Self.keys(keys, startingWith: InternalKeyArea.sqlIndexes.prefix + Array("people/people_city_age/".utf8))
            #expect(entries.count == 197)
            var batch = WriteBatch()
            batch.delete(entries[50])
            _ = try engine.write(batch)
        }
        try Self.expectCorruption(dir.path, mentioning: ["people_city_age", "people", "row"])
    }

    @Test func aStrayIndexEntryIsCounted() throws {
        let dir = TemporaryDirectory("verify-stray-entry")
        try Self.build(dir.path)
        try Self.damage(dir.path) { engine, keys in
            let entries = Self.keys(keys, startingWith: InternalKeyArea.sqlIndexes.prefix + Array("people/people_city_age/".utf8))
            var batch = WriteBatch()
            batch.put(entries[10] + [0xFF], [])
            _ = try engine.write(batch)
        }
        try Self.expectCorruption(dir.path, mentioning: ["people_city_age", "198 entries for 197 rows"])
    }

    @Test func anEdgeMissingFromTheIncomingListIsNamed() throws {
        let dir = TemporaryDirectory("verify-half-edge")
        try Self.build(dir.path)
        try Self.damage(dir.path) { engine, _ in
            var batch = WriteBatch()
            // G "i/" to 00 type 00 from: the reverse copy of ann -knows-> bob.
            batch.delete(InternalKeyArea.namespaces.prefix + Array("social/g/i/bob".utf8) + [0] + Array("knows".utf8) + [0] + Array("ann".utf8))
            _ = try engine.write(batch)
        }
        try Self.expectCorruption(dir.path, mentioning: ["social", "\"ann\" -knows-> \"bob\"", "incoming"])
    }

    @Test func anEdgeToAMissingNodeIsNamed() throws {
        let dir = TemporaryDirectory("verify-dangling-edge")
        try Self.build(dir.path)
        try Self.damage(dir.path) { engine, _ in
            var batch = WriteBatch()
            batch.delete(InternalKeyArea.namespaces.prefix + Array("social/g/n/cy".utf8))
            _ = try engine.write(batch)
        }
        try Self.expectCorruption(dir.path, mentioning: ["social", "\"cy\"", "does not exist"])
    }
}
