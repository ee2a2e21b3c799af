import Glibc
import Testing
import ToonCore
import ToonDB
import ToonTestSupport

/// `Database.close()` reports the failure of its final save instead of
/// swallowing it, closes anyway, and loses nothing acknowledged.
@Suite struct DatabaseCloseTests {
    @Test func aFailedFinalSaveIsThrownAndLosesNothing() throws {
        let fs = MemoryFileSystem()
        var config = DatabaseConfig(syncMode: .full)
        config.fileSystem = fs
        let db = try Database.open("/db", config: config)
        try db.put("k", "v")
        let col = try db.namespaceCreatingIfMissing("ns").createCollection(CollectionConfig(name: "c", dimension: 2))
        try col.insert(id: "d", vector: [1, 2])
        fs.setFaults(FaultPlan(at: 1, .error(ENOSPC)))
        let error = #expect(throws: ToonDBError.self) { try db.close() }
        #expect(error?.code == .ioError)
        #expect(throws: ToonDBError.self) { try db.put("after", "close") }
        try db.close()   // closing again does nothing

        fs.setFaults(FaultPlan())
        let again = try Database.open("/db", config: config)
        defer { try? again.close() }
        #expect(try again.getString("k") == "v")
        #expect(try again.namespace("ns").collection("c").get("d")?.vector == [1, 2])
    }
}
