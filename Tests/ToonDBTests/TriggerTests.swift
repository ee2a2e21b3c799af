import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport

/// Swift-closure table triggers (`PluginRegistry`, README.md "Triggers in Swift") fired by the SQL executor.
@Suite struct TriggerTests {
    /// Calls seen by triggers, in order.
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ s: String) { lines.withLock { $0.append(s) } }
        var all: [String] { lines.withLock { $0 } }
    }

    func open(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, score INTEGER)")
        return db
    }

    @Test func beforeInsertRewritesTheRow() throws {
        let dir = TemporaryDirectory("trig-ins")
        let db = try open(dir)
        let plugins = PluginRegistry(db)
        try plugins.before(.insert, on: "USERS", name: "normalize") { change in
            var row = change.new!
            if case .text(let e)? = row["email"] { row["email"] = .text(e.lowercased()) }
            if row["score"] == .null { row["score"] = .text("7") }   // affinity applies again: stored as integer
            return row
        }
        try db.executeSQL("INSERT INTO users (email) VALUES ('Alice@Example.COM'), ('BOB@x.org')")
        let rows = try db.executeSQL("SELECT id, email, score, typeof(score) FROM users ORDER BY id").values
        #expect(rows == [[.integer(1), .text("alice@example.com"), .integer(7), .text("integer")],
                         [.integer(2), .text("bob@x.org"), .integer(7), .text("integer")]])
        // A trigger can fill a NOT NULL column before the check.
        try plugins.before(.insert, on: "users", name: "default_email") { change in
            var row = change.new!
            if row["email"] == .null { row["email"] = .text("none@x") }
            return row
        }
        try db.executeSQL("INSERT INTO users (id) VALUES (10)")
        #expect(try db.executeSQL("SELECT email FROM users WHERE id = 10").values == [[.text("none@x")]])
        // Rewriting the INTEGER PRIMARY KEY moves the row.
        try plugins.before(.insert, on: "users", name: "shift_id") { change in
            var row = change.new!
            if case .integer(let id)? = row["id"], id == 20 { row["id"] = .integer(2000) }
            return row
        }
        try db.executeSQL("INSERT INTO users (id, email) VALUES (20, 'c')")
        #expect(try db.executeSQL("SELECT id FROM users WHERE email = 'c'").values == [[.integer(2000)]])
        #expect(plugins.triggerNames == ["normalize", "default_email", "shift_id"])
    }

    @Test func beforeTriggersAbortTheWholeStatement() throws {
        let dir = TemporaryDirectory("trig-abort")
        let db = try open(dir)
        try db.executeSQL("INSERT INTO users VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)")
        let plugins = PluginRegistry(db)
        try plugins.before(.insert, on: "users", name: "no_spam") { change in
            if case .text(let e)? = change.new?["email"], e.hasSuffix("@spam") {
                throw ToonDBError(.constraintViolation, "spam address \(e)")
            }
            return nil
        }
        try plugins.before(.update, on: "users", name: "cap") { change in
            if case .integer(let s)? = change.new?["score"], s > 100 { throw ToonDBError(.policyDenied, "score cap") }
            return nil
        }
        try plugins.before(.delete, on: "users", name: "keep_1") { change in
            if change.old?["id"] == .integer(1) { throw ToonDBError(.policyDenied, "user 1 is kept") }
            return nil
        }
        // The second row fails: the first is not inserted either.
        let e1 = #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO users VALUES (4, 'ok', 0), (5, 'x@spam', 0)") }
        #expect(e1?.code == .constraintViolation)
        // Row 3 reaches 101 after rows 1 and 2 were updated: none stays updated.
        let e2 = #expect(throws: ToonDBError.self) { try db.executeSQL("UPDATE users SET score = score + 98") }
        #expect(e2?.code == .policyDenied)
        // DELETE of all rows stops at row 1: nothing is deleted.
        let e3 = #expect(throws: ToonDBError.self) { try db.executeSQL("DELETE FROM users WHERE id >= 1") }
        #expect(e3?.message == "user 1 is kept")
        #expect(try db.executeSQL("SELECT id, score FROM users ORDER BY id").values
                == [[.integer(1), .integer(1)], [.integer(2), .integer(2)], [.integer(3), .integer(3)]])
        // Inside an explicit transaction, the failing statement alone is undone.
        try db.executeSQL("BEGIN")
        try db.executeSQL("INSERT INTO users VALUES (6, 'kept', 0)")
        #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO users VALUES (7, 'y@spam', 0)") }
        try db.executeSQL("COMMIT")
        #expect(try db.executeSQL("SELECT id FROM users ORDER BY id").values.map { $0[0] } == [.integer(1), .integer(2), .integer(3), .integer(6)])
        // After removal the statement goes through.
        #expect(plugins.removeTrigger("no_spam"))
        #expect(plugins.removeTrigger("no_spam") == false)
        try db.executeSQL("INSERT INTO users VALUES (5, 'x@spam', 0)")
    }

    @Test func afterTriggersAndBatchCounts() throws {
        let dir = TemporaryDirectory("trig-after")
        let db = try open(dir)
        try db.executeSQL("CREATE TABLE other (x)")
        let log = Log()
        let plugins = PluginRegistry(db)
        try plugins.after(.insert, on: "users", name: "ai") { c in log.add("AI \(c.new!["email"]!)") }
        try plugins.after(.update, on: "users", name: "au") { c in log.add("AU \(c.old!["score"]!)->\(c.new!["score"]!)") }
        try plugins.after(.delete, on: "users", name: "ad") { c in log.add("AD \(c.old!["id"]!)") }
        try plugins.before(.update, on: "users", name: "bu") { c in log.add("BU \(c.old!["id"]!)"); return nil }
        try plugins.before(.delete, on: "users", name: "bd") { c in log.add("BD \(c.old!["id"]!)"); return nil }
        try plugins.onBatch(on: "users", name: "batch") { b in log.add("BATCH \(b.event.rawValue) \(b.rowCount)") }
        try db.executeSQL("INSERT INTO users VALUES (1, 'a', 10), (2, 'b', 20)")
        try db.executeSQL("UPDATE users SET score = score + 1 WHERE id = 2")
        try db.executeSQL("UPDATE users SET score = 0 WHERE id = 99")
        try db.executeSQL("DELETE FROM users")
        try db.executeSQL("INSERT INTO other VALUES (1)")
        #expect(log.all == ["AI a", "AI b", "BATCH INSERT 2", "BU 2", "AU 20->21", "BATCH UPDATE 1", "BATCH UPDATE 0",
                            "BD 1", "AD 1", "BD 2", "AD 2", "BATCH DELETE 2"])
        // An AFTER or ON BATCH trigger that throws also undoes its statement.
        try plugins.onBatch(on: "users", name: "cap", events: [.insert]) { b in
            if b.rowCount > 2 { throw ToonDBError(.constraintViolation, "at most 2 rows per INSERT") }
        }
        #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO users VALUES (1,'a',0),(2,'b',0),(3,'c',0)") }
        #expect(try db.executeSQL("SELECT count(*) FROM users").values == [[.integer(0)]])
        // Registrations are shared by every registry of the handle; names are unique.
        let again = PluginRegistry(db)
        #expect(again.triggerNames.contains("batch"))
        #expect((#expect(throws: ToonDBError.self) { try again.after(.insert, on: "users", name: "ai") { _ in } })?.code == .alreadyExists)
        #expect((#expect(throws: ToonDBError.self) { try again.after(.insert, on: "", name: "x") { _ in } })?.code == .invalidArgument)
    }

    @Test func sqlTriggersAndSwiftTriggersTogether() throws {
        let dir = TemporaryDirectory("trig-mixed")
        let db = try open(dir)
        try db.executeSQL("CREATE TABLE audit (what TEXT)")
        try db.executeSQL("CREATE TRIGGER t AFTER INSERT ON users BEGIN INSERT INTO audit VALUES ('sql ' || NEW.email); END")
        let log = Log()
        let plugins = PluginRegistry(db)
        try plugins.after(.insert, on: "audit", name: "seen") { c in log.add("audit \(c.new!["what"]!)") }
        try plugins.before(.insert, on: "users", name: "up") { c in
            var r = c.new!
            r["email"] = .text("X")
            return r
        }
        try db.executeSQL("INSERT INTO users (email) VALUES ('a')")
        #expect(try db.executeSQL("SELECT what FROM audit").values == [[.text("sql X")]])
        #expect(log.all == ["audit sql X"])
    }
}
