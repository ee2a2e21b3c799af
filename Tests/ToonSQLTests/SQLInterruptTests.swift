import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport

/// `interruptSQL()` stops a running statement from another thread, which
/// then changes nothing; later statements run.
@Suite struct SQLInterruptTests {
    @Test func aLongStatementStopsWhenInterrupted() throws {
        let dir = TemporaryDirectory("interrupt")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(x INTEGER)")
        try db.executeSQL("INSERT INTO t VALUES " + (0..<400).map { "(\($0))" }.joined(separator: ","))
        try db.executeSQL("CREATE TABLE out(n INTEGER)")
        let outcome = Mutex<Result<SQLQueryResult, Error>?>(nil)
        let started = Date()
        let worker = Thread {
            // 64 million rows: minutes of work unless interrupted.
            let r = Result { try db.executeSQL("INSERT INTO out SELECT count(*) FROM t a, t b, t c") }
            outcome.withLock { $0 = r }
        }
        worker.stackSize = 8 << 20
        worker.start()
        Thread.sleep(forTimeInterval: 0.3)
        db.interruptSQL()
        while outcome.withLock({ $0 == nil }) && Date().timeIntervalSince(started) < 120 { Thread.sleep(forTimeInterval: 0.01) }
        let result = try #require(outcome.withLock { $0 })
        guard case .failure(let e as ToonDBError) = result else {
            Issue.record("the statement was not interrupted: \(result)")
            return
        }
        #expect(e.code == .interrupted)
        #expect(try db.executeSQL("SELECT count(*) AS n FROM out").rows.first?["n"] == .integer(0), "it changed nothing")
        // The interrupt does not stick: the next statement runs.
        #expect(try db.executeSQL("SELECT count(*) AS n FROM t a, t b").rows.first?["n"] == .integer(160_000))
        try db.close()
    }

    @Test func aTransactionsInterruptStopsOnlyItsOwnStatements() throws {
        let dir = TemporaryDirectory("interrupt-txn")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(x INTEGER)")
        try db.executeSQL("INSERT INTO t VALUES " + (0..<400).map { "(\($0))" }.joined(separator: ","))
        let mine = try db.beginTransaction()
        try mine.executeSQL("INSERT INTO t VALUES (1000)")
        let other = try db.beginTransaction()
        let outcomes = Mutex<[String: Result<SQLQueryResult, Error>]>([:])
        for (name, txn) in [("mine", mine), ("other", other)] {
            let worker = Thread {
                let r = Result { try txn.executeSQL("SELECT count(*) FROM t a, t b, t c WHERE a.x = b.x + c.x + 10000") }
                outcomes.withLock { $0[name] = r }
            }
            worker.stackSize = 8 << 20
            worker.start()
        }
        Thread.sleep(forTimeInterval: 0.3)
        mine.interruptSQL()
        let started = Date()
        while outcomes.withLock({ $0["mine"] == nil }) && Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.01) }
        guard case .failure(let e as ToonDBError)? = outcomes.withLock({ $0["mine"] }) else {
            Issue.record("the transaction's statement was not interrupted")
            return
        }
        #expect(e.code == .interrupted)
        #expect(outcomes.withLock { $0["other"] } == nil, "the other transaction's statement runs on")
        db.interruptSQL()
        while outcomes.withLock({ $0["other"] == nil }) && Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.01) }
        // The transaction stays open and usable, with its earlier write.
        #expect(try mine.executeSQL("SELECT count(*) AS n FROM t").rows.first?["n"] == .integer(401))
        try mine.commit()
        other.abort()
        try db.close()
    }
}
