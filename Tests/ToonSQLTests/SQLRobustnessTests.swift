import Foundation
import Testing
import ToonDB
@testable import ToonSQL
import ToonTestSupport

/// No SQL input crashes the process: deep nesting, long chains, huge
/// statements and random bytes give errors or results (DESIGN failure 10).
@Suite struct SQLRobustnessTests {
    /// Runs `body` on a thread with a 512 KiB stack, as secondary threads have
    /// (times the sanitizer's frame growth in a sanitizer build).
    static func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            body()
            done.signal()
        }
        t.stackSize = 512 * 1024 * Int(StackGuard.frameScale)
        t.start()
        done.wait()
    }

    @Test func longExpressionChainsEvaluate() throws {
        let dir = TemporaryDirectory("sql-deep")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(a INTEGER)")
        try db.executeSQL("INSERT INTO t VALUES (1)")
        nonisolated(unsafe) var outcomes: [String] = []
        Self.onSmallStack {
            for n in [50, 150, 199, 400, 499, 600, 5000] {
                let chain = Array(repeating: "a", count: n).joined(separator: "+")
                let nested = String(repeating: "(", count: n) + "a" + String(repeating: ")", count: n)
                let notNot = String(repeating: "NOT ", count: n) + "a"
                let sub = String(repeating: "(SELECT ", count: min(n, 300)) + "1" + String(repeating: ")", count: min(n, 300))
                for sql in ["SELECT \(chain) FROM t", "SELECT \(nested) FROM t", "SELECT \(notNot) FROM t", "SELECT \(sub)"] {
                    do {
                        let r = try db.executeSQL(sql)
                        outcomes.append("ok \(r.values.first?.first?.description ?? "")")
                    } catch let e as ToonDBError {
                        outcomes.append("error \(e.code)")
                    } catch {
                        outcomes.append("other \(error)")
                    }
                }
            }
        }
        #expect(outcomes.count == 28)
        #expect(outcomes[0] == "ok 50", "\(outcomes)")
        #expect(!outcomes.contains { $0.hasPrefix("other") })
    }

    @Test func randomBytesAndHugeStatementsAreErrors() throws {
        let dir = TemporaryDirectory("sql-fuzz")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(a INTEGER, b TEXT)")
        var rng = SeededRandom(seed: 77)
        for _ in 0..<300 {
            let bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 128) }
            _ = try? db.executeSQL(String(decoding: bytes, as: UTF8.self))
        }
        let words = ["SELECT", "FROM", "t", "WHERE", "a", "b", "(", ")", ",", "+", "=", "IN", "NULL", "1", "'x'", "GROUP", "BY",
                     "ORDER", "JOIN", "ON", "UNION", "*", "CASE", "WHEN", "THEN", "END", "AND", "OR", "NOT", "LIMIT", "INSERT",
                     "INTO", "VALUES", "UPDATE", "SET", "DELETE", "EXISTS", "COUNT", "AS", "x", ";"]
        for _ in 0..<2000 {
            let sql = (0..<Int(1 + rng.next() % 20)).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            _ = try? db.executeSQL(sql)
        }
        let huge = "SELECT " + Array(repeating: "1", count: 200_000).joined(separator: ", ")
        let r = try db.executeSQL(huge)
        #expect(r.columns.count == 200_000)
        let e = #expect(throws: ToonDBError.self) { try db.executeSQL("SELECT 'unterminated") }
        #expect(e?.code == .sqlSyntax)
        #expect(try db.executeSQL("SELECT count(*) FROM t").values == [[.integer(0)]])
    }

    @Test func divisionByZeroIsNullAndLikeWildcardsWork() throws {
        let dir = TemporaryDirectory("sql-semantics")
        let db = try Database.open(dir.path)
        #expect(try db.executeSQL("SELECT 1/0, 1%0, 1.5/0, 7/2, -7/2, 7%-3").values
                == [[.null, .null, .null, .integer(3), .integer(-3), .integer(1)]])
        #expect(try db.executeSQL("SELECT 'abc' LIKE 'a_c', 'abc' LIKE 'A%', 'a%c' LIKE 'a\\%c' ESCAPE '\\', 'abc' LIKE 'b%'").values
                == [[.integer(1), .integer(1), .integer(1), .integer(0)]])
        #expect(try db.executeSQL("SELECT NULL = NULL, NULL IS NULL, 1 IN (NULL, 2), 3 NOT IN (1, 2)").values
                == [[.null, .integer(1), .null, .integer(1)]])
    }
}
