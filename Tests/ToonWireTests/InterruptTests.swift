import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonWire

/// A client that interrupts its request ends the connection, and the server
/// stops the statement nobody waits for instead of running it to the end.
@Suite struct InterruptTests {
    /// A statement that runs for many seconds unless it is stopped: 100⁴ joined rows.
    static let slowSQL = "SELECT count(*) FROM t a, t b, t c, t d WHERE a.x + b.x + c.x + d.x = -1"

    static func harnessWithTable() throws -> ServerHarness {
        let h = try ServerHarness()
        try h.db.executeSQL("CREATE TABLE t (x INTEGER)")
        try h.db.transaction { txn in
            for i in 0..<100 { try txn.executeSQL("INSERT INTO t VALUES (?)", arguments: [i]) }
        }
        return h
    }

    @Test func anInterruptedStatementStopsOnTheServer() throws {
        let h = try Self.harnessWithTable()
        let c = try h.client()
        let thrown = Mutex<ErrorCode?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { _ = try c.executeSQL(Self.slowSQL) } catch { thrown.withLock { $0 = (error as? ToonDBError)?.code } }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.4)
        #expect(h.server.stats.activeConnections == 1, "the statement is running")
        let asked = ContinuousClock.now
        c.interrupt()
        #expect(c.wasInterrupted)
        #expect(done.wait(timeout: .now() + 5) == .success, "the waiting call returns at once")
        #expect(thrown.withLock { $0 } == .interrupted)
        h.waitForActive(0)
        #expect(h.server.stats.activeConnections == 0, "the server's connection thread is free: the statement stopped")
        #expect(ContinuousClock.now - asked < .seconds(3))
        #expect(throws: ToonDBError.self) { try c.ping() }
        let fresh = try h.client()
        #expect(try fresh.executeSQL("SELECT count(*) FROM t").values == [[.integer(100)]], "nothing was changed")
    }
}
