import Foundation
import Testing
import ToonCore
import ToonDB
import ToonTestSupport

/// Stops the machine after every file-system call of a scripted workload in
/// turn (``MemoryFileSystem`` with a crash ``FaultPlan``), then reopens what
/// the disk holds and checks the promise of `SyncMode.full`: every
/// acknowledged write is there, a transaction is all there or not at all,
/// SQL indexes agree with their tables, and ``Database/verify()`` passes
/// (vector index and documents agree). An open may only fail with a
/// `corruption` naming a file; none is expected.
@Suite struct CrashPointWalkTests {
    /// What the workload saw acknowledged before the crash.
    final class Acknowledged {
        var keys: [String: String] = [:]
        var transaction = false
        var rows: [Int] = []
        var collection = false
        var documents: [String: [Float]] = [:]
        /// Whether `backup(to: "/backup")` returned.
        var backup = false
    }

    static let config = DatabaseConfig(syncMode: .full)

    static func vector(_ i: Int) -> [Float] { [Float(i % 7) + 1, Float(i / 7) + 1, Float(i % 3), 1] }

    /// The workload: puts, a transaction, SQL DDL and DML, a collection
    /// insert, a checkpoint (which saves the index), more puts, a compaction,
    /// a backup to `/backup`.
    /// Stops at the first error, which it returns with the error of one more
    /// write tried after it (nil when that write succeeded).
    @discardableResult
    static func workload(_ fs: MemoryFileSystem, _ ack: Acknowledged) -> (first: Error, after: Error?)? {
        var config = Self.config
        config.fileSystem = fs
        let db: Database
        do { db = try Database.open("/db", config: config) } catch { return (error, nil) }
        defer { try? db.close() }
        do {
            for i in 0..<4 {
                try db.put("k\(i)", "v\(i)")
                ack.keys["k\(i)"] = "v\(i)"
            }
            try db.transaction { tx in
                for i in 0..<3 { try tx.put("tx\(i)", "t\(i)") }
            }
            ack.transaction = true
            _ = try db.executeSQL("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            _ = try db.executeSQL("CREATE INDEX t_name ON t (name)")
            for i in 1...3 {
                _ = try db.executeSQL("INSERT INTO t VALUES (\(i), 'n\(i)')")
                ack.rows.append(i)
            }
            let col = try db.namespaceCreatingIfMissing("ns")
                .createCollection(CollectionConfig(name: "c", dimension: 4, metric: .euclidean, m: 4))
            ack.collection = true
            for i in 0..<12 {
                try col.insert(id: "d\(i)", vector: vector(i))
                ack.documents["d\(i)"] = vector(i)
            }
            try db.checkpoint()
            for i in 4..<6 {
                try db.put("k\(i)", "v\(i)")
                ack.keys["k\(i)"] = "v\(i)"
            }
            try db.compact()
            try db.backup(to: "/backup")
            ack.backup = true
        } catch {
            do { try db.put("after", "1") } catch let after { return (error, after) }
            return (error, nil)
        }
        return nil
    }

    /// Reopens the disk after a crash and checks what was acknowledged: in
    /// the database, and in the backup once `backup(to:)` returned (it was
    /// the last step, so the copy must hold everything). An unfinished
    /// backup may be missing or refused, but never opens with less.
    static func check(_ fs: MemoryFileSystem, _ ack: Acknowledged, point: Int) throws {
        try check(fs, "/db", ack, point: point)
        if ack.backup {
            try check(fs, "/backup", ack, point: point)
        } else if fs.fileExists("/backup/MANIFEST") {
            var config = Self.config
            config.fileSystem = fs
            if let copy = try? Database.open("/backup", config: config) {
                // A copy whose MANIFEST made it to the disk is whole.
                try? copy.close()
                let full = Acknowledged()
                full.keys = Dictionary(uniqueKeysWithValues: (0..<6).map { ("k\($0)", "v\($0)") })
                full.transaction = true
                full.rows = [1, 2, 3]
                full.collection = true
                full.documents = Dictionary(uniqueKeysWithValues: (0..<12).map { ("d\($0)", vector($0)) })
                try check(fs, "/backup", full, point: point)
            }
        }
    }

    static func check(_ fs: MemoryFileSystem, _ path: String, _ ack: Acknowledged, point: Int) throws {
        var config = Self.config
        config.fileSystem = fs
        let db: Database
        do {
            db = try Database.open(path, config: config)
        } catch let e as ToonDBError {
            Issue.record("crash point \(point): open of \(path) failed: \(e)")
            return
        }
        defer { try? db.close() }
        for (k, v) in ack.keys {
            #expect(try db.getString(k) == v, "crash point \(point): acknowledged \(k) lost")
        }
        let tx = try (0..<3).map { try db.getString("tx\($0)") }
        if ack.transaction {
            #expect(tx == ["t0", "t1", "t2"], "crash point \(point): committed transaction lost")
        } else {
            #expect(tx == [nil, nil, nil] || tx == ["t0", "t1", "t2"], "crash point \(point): half a transaction: \(tx)")
        }
        if !ack.rows.isEmpty {
            let all = try db.executeSQL("SELECT id, name FROM t ORDER BY id").rows.map { "\($0.values[0])|\($0.values[1])" }
            for r in ack.rows { #expect(all.contains("\(r)|n\(r)"), "crash point \(point): row \(r) lost") }
            for r in 1...3 {
                let viaIndex = try db.executeSQL("SELECT id FROM t WHERE name = 'n\(r)'").rows.count
                #expect(viaIndex == (all.contains("\(r)|n\(r)") ? 1 : 0), "crash point \(point): index disagrees for n\(r)")
            }
        }
        if ack.collection {
            let col = try db.namespace("ns").collection("c")
            for (id, v) in ack.documents {
                #expect(try col.get(id)?.vector == v, "crash point \(point): document \(id) lost")
                #expect(try col.search(vector: v, k: 1).first?.id == id, "crash point \(point): \(id) not found by search")
            }
        }
        _ = try db.verify()
    }

    @Test func everyCrashPointKeepsWhatWasAcknowledged() throws {
        let clean = MemoryFileSystem()
        let full = Acknowledged()
        Self.workload(clean, full)
        #expect(full.keys.count == 6 && full.documents.count == 12 && full.backup, "the workload runs through without faults")
        let points = clean.calls
        #expect(points > 50)
        var walked = 0
        for point in 1...points {
            let fs = MemoryFileSystem()
            fs.setFaults(FaultPlan(at: point, .crash(tornBytes: point % 3 == 0 ? 7 : 0)))
            let ack = Acknowledged()
            Self.workload(fs, ack)
            #expect(fs.crashed, "crash point \(point) was reached")
            // What reached the disk of the unsynced writes varies with the point.
            let disk = fs.afterCrash(keepingUnsynced: [0, 0.5, 1][point % 3])
            try Self.check(disk, ack, point: point)
            walked += 1
        }
        print("crash points walked: \(walked)")
    }

    @Test func anIOErrorAtAnyCallIsACodedErrorAndLosesNothing() throws {
        let clean = MemoryFileSystem()
        Self.workload(clean, Acknowledged())
        for point in 1...clean.calls {
            let fs = MemoryFileSystem()
            let errno = point % 2 == 0 ? EIO : ENOSPC
            fs.setFaults(FaultPlan(at: point, point % 5 == 0 ? .shortWrite(bytes: 3, errno: errno) : .error(errno)))
            let ack = Acknowledged()
            if let failure = Self.workload(fs, ack) {
                // The error reaches the caller coded; so does a later write's refusal, if any.
                #expect((failure.first as? ToonDBError) != nil, "call \(point): uncoded error \(failure.first)")
                if let after = failure.after {
                    #expect((after as? ToonDBError) != nil, "call \(point): uncoded error \(after)")
                }
            }
            // The disk works again: reopening finds everything acknowledged.
            fs.setFaults(FaultPlan())
            try Self.check(fs, ack, point: point)
        }
    }
}
