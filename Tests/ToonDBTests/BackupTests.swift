import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// `Database.backup(to:)` (README.md, "Backups"): keys, SQL and collections
/// with their vector index files, copied while the database stays open.
@Suite struct DatabaseBackupTests {
    @Test func theCopyHoldsKeysTablesAndSearchableCollections() throws {
        let dir = TemporaryDirectory("db-backup")
        let db = try Database.open(dir.file("source"))
        try db.put("users/alice", "one")
        _ = try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")
        _ = try db.executeSQL("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        let col = try db.namespaceCreatingIfMissing("docs").createCollection(CollectionConfig(name: "notes", dimension: 3))
        try col.insert(id: "x", vector: [1, 0, 0])
        try col.insert(id: "y", vector: [0, 1, 0])
        try db.checkpoint()  // the index file is saved, the first writes are in segment files
        try col.insert(id: "z", vector: [0, 0, 1])  // only in the memtable and the index in memory
        try db.put("users/bob", "two")

        let report = try db.backup(to: dir.file("copy"))
        try db.put("users/carol", "after")  // not in the copy
        #expect(report.indexFiles == 1 && report.logEntries > 0 && report.linkedSegments > 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("copy/vectors/docs/notes.hnsw")))

        let copy = try Database.open(dir.file("copy"), config: DatabaseConfig(createIfMissing: false))
        #expect(try copy.getString("users/bob") == "two")
        #expect(try copy.get("users/carol") == nil)
        #expect(try copy.executeSQL("SELECT name FROM t ORDER BY id").values == [[.text("a")], [.text("b")]])
        let notes = try copy.namespace("docs").collection("notes")
        #expect(notes.count == 3)
        #expect(try notes.search(vector: [0, 0, 1], k: 1).map(\.id) == ["z"])
        let verified = try copy.verify()
        #expect(verified.collections.map(\.documents) == [3])
        try copy.close()
        try db.close()
    }
}
