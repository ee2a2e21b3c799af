import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Recovery keeps order, deletions and transaction outcomes (DESIGN failures 1–3).
@Suite struct RecoveryTests {
    @Test func recoveryReplaysInCommitOrder() throws {
        let root = TemporaryDirectory("order")
        let live = root.file("live")
        let db = try Database.open(live)
        for round in 0..<50 { try db.put("hot", "v\(round)") }
        try db.transaction { try $0.put("hot", "txn") }
        try db.put("hot", "final")
        try crashImage(of: live, into: root.file("image"))
        let image = try Database.open(root.file("image"))
        #expect(try image.getString("hot") == "final")
        try image.close()
        try db.close()
    }

    @Test func transactionIDsAreNotReusedAfterReopen() throws {
        let dir = TemporaryDirectory("ids")
        var seen = Set<UInt64>()
        for _ in 0..<4 {
            let db = try Database.open(dir.path)
            for _ in 0..<5 {
                let t = try db.beginTransaction()
                #expect(seen.insert(t.id).inserted, "id \(t.id) is new")
                t.abort()
            }
            try db.close()
        }
    }

    @Test func commitLSNsIncreaseAcrossReopen() throws {
        let dir = TemporaryDirectory("lsn")
        var last: UInt64 = 0
        for round in 0..<3 {
            let db = try Database.open(dir.path)
            let t = try db.beginTransaction()
            try t.put("k\(round)", "v")
            let lsn = try t.commit()
            #expect(lsn > last)
            last = lsn
            try db.close()
        }
    }

    @Test func deletedKeysDoNotComeBackAfterRecovery() throws {
        let root = TemporaryDirectory("deleted")
        let live = root.file("live")
        let db = try Database.open(live, config: DatabaseConfig(memtableSizeBytes: 64 * 1024))
        for i in 0..<300 { try db.put("k\(i)", "v\(i)") }
        try db.checkpoint()
        for i in 0..<300 where i % 3 == 0 { try db.delete("k\(i)") }
        // A crash with the deletes only in the log.
        try crashImage(of: live, into: root.file("crash1"))
        // And after they were flushed and compacted.
        try db.compact()
        try crashImage(of: live, into: root.file("crash2"))
        try db.close()
        for image in ["crash1", "crash2", "live"] {
            let r = try Database.open(root.file(image))
            for i in 0..<300 {
                let v = try r.get("k\(i)")
                #expect((v == nil) == (i % 3 == 0), "\(image): k\(i)")
            }
            #expect(try r.scanPrefix("k").toArray().count == 200, "\(image): no empty values in scans")
            try r.close()
        }
    }

    @Test func aConflictingTransactionIsNotReplayedAfterACrash() throws {
        let root = TemporaryDirectory("loser")
        let live = root.file("live")
        let db = try Database.open(live)
        try db.put("x", "0")
        let loser = try db.beginTransaction()
        try loser.put("x", "loser")
        try loser.put("y", "loser")
        try db.put("x", "winner")
        #expect(throws: ToonDBError.self) { try loser.commit() }
        try crashImage(of: live, into: root.file("image"))
        try db.close()
        let r = try Database.open(root.file("image"))
        #expect(try r.getString("x") == "winner")
        #expect(try r.get("y") == nil)
    }

    @Test func withoutAWriteAheadLogCloseStillPersists() throws {
        let dir = TemporaryDirectory("nowal")
        let db = try Database.open(dir.path, config: DatabaseConfig(walEnabled: false))
        try db.put("a", "1")
        try db.close()
        #expect(files(in: dir.path, suffix: ".log").isEmpty)
        let r = try Database.open(dir.path, config: DatabaseConfig(walEnabled: false))
        #expect(try r.getString("a") == "1")
    }

    @Test(arguments: [SyncMode.full, .normal, .off])
    func everySyncModePersistsOnClose(mode: SyncMode) throws {
        let dir = TemporaryDirectory("mode")
        let db = try Database.open(dir.path, config: DatabaseConfig(syncMode: mode))
        for i in 0..<100 { try db.put("k\(i)", "v\(i)") }
        try db.close()
        let r = try Database.open(dir.path)
        #expect(try r.scanPrefix("k").toArray().count == 100)
    }

    @Test func checkpointEmptiesTheLog() throws {
        let dir = TemporaryDirectory("checkpoint")
        let db = try Database.open(dir.path)
        for i in 0..<100 { try db.put("k\(i)", "v\(i)") }
        #expect(db.stats().walBytes > 0)
        try db.checkpoint()
        #expect(db.stats().walBytes == 0)
        #expect(db.stats().segmentFilesPerLevel.reduce(0, +) >= 1)
        #expect(try db.getString("k5") == "v5")
    }
}
