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
}
