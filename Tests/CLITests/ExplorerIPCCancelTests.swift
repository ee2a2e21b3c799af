import Foundation
import Testing
import ToonTestSupport

/// Ctrl-C in the explorer over `--ipc` stops the statement on the server
/// (its CPU time stops growing), and the next query runs at once on a new
/// connection.
@Suite struct ExplorerIPCCancelTests {
    @Test func ctrlCStopsTheStatementOnTheServer() throws {
        try withDatabase("ipc-cancel") { db in
            let rows = (0..<100).map { "(\($0))" }.joined(separator: ",")
            #expect(try CLI.run(["sql", db, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES \(rows)", "--create"]).status == 0)
            let socket = db + "/cancel.sock"
            let server = try ServerProcess(db: db, socket: socket)
            defer { withExtendedLifetime(server) {} }
            try #require(server.isServing, "toondb-server did not create \(socket)")
            let pid = server.process.processIdentifier
            let cpu = { ProcessStat(pid: pid)?.cpuSeconds ?? 0 }

            let t = try TmuxSession(["--ipc", socket])
            try t.waitFor("1 Keys")
            try t.keys("3")
            // 100⁴ joined rows: minutes of work unless it is stopped.
            try t.type("SELECT count(*) FROM t a, t b, t c, t d WHERE a.x + b.x + c.x + d.x = -1")
            try t.keys("\\;", "Enter")
            try t.waitFor("running…")
            // CPU seconds per second, compared with each other: the machine may be shared.
            Thread.sleep(forTimeInterval: 1)
            let busyFrom = cpu()
            Thread.sleep(forTimeInterval: 1.5)
            let busy = (cpu() - busyFrom) / 1.5
            #expect(busy > 0.1, "the server works on the statement")
            try t.keys("C-c")
            try t.waitFor("query cancelled")
            Thread.sleep(forTimeInterval: 0.5)
            let stoppedFrom = cpu()
            Thread.sleep(forTimeInterval: 1.5)
            let stopped = (cpu() - stoppedFrom) / 1.5
            #expect(stopped < busy / 4, "the server stopped the statement: \(stopped) CPU s/s after, \(busy) before")
            try t.keys("C-u")
            try t.type("SELECT 6 * 7 AS answer")
            try t.keys("\\;", "Enter")
            let s = try t.waitFor("1 row", timeout: 5)
            #expect(s.contains("42"))
            try t.keys("q")
            #expect(try t.waitForExit())
        }
    }
}
