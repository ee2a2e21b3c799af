import Testing
import ToonDB
import ToonTestSupport

/// End-to-end SQL through `Database.executeSQL`.
@Suite struct SQLBasicsTests {
    func values(_ db: Database, _ sql: String) throws -> [[String]] {
        try db.executeSQL(sql).values.map { $0.map(\.description) }
    }

    @Test func createInsertSelect() throws {
        let dir = TemporaryDirectory("sql")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t1(a INTEGER, b INTEGER, c TEXT)")
        let r = try db.executeSQL("INSERT INTO t1 VALUES (1, 2, 'x'), (3, 4, 'y'), (5, NULL, 'z')")
        #expect(r.rowsAffected == 3)
        #expect(try values(db, "SELECT a, b, c FROM t1 ORDER BY a DESC") == [["5", "NULL", "z"], ["3", "4", "y"], ["1", "2", "x"]])
        #expect(try values(db, "SELECT count(*), sum(b), avg(a) FROM t1") == [["3", "6", "3.0"]])
        #expect(try values(db, "SELECT a+b*2, a/2, b/0 FROM t1 WHERE a < 4 ORDER BY 1") == [["5", "0", "NULL"], ["11", "1", "NULL"]])
        #expect(try values(db, "SELECT c FROM t1 WHERE b IS NULL") == [["z"]])
        #expect(try values(db, "SELECT a FROM t1 WHERE c LIKE 'Y'") == [["3"]])
        #expect(try values(db, "SELECT (SELECT count(*) FROM t1 AS x WHERE x.a < t1.a) FROM t1 ORDER BY a") == [["0"], ["1"], ["2"]])
        let cols = try db.executeSQL("SELECT a AS alpha, b+1 FROM t1").columns
        #expect(cols == ["alpha", "b+1"])
        // Comments after the last statement are not a statement of their own.
        #expect(try values(db, "SELECT 7; -- the answer\n/* and more */") == [["7"]])
        #expect(try values(db, "-- only a comment") == [])
    }

    /// Text becomes an integer by its integer prefix (CAST, %, bitwise
    /// operators), as in SQLite: `'1e2'` is 1 there, though 100.0 in `+`.
    @Test func textToIntegerReadsThePrefix() throws {
        let dir = TemporaryDirectory("sql-int-prefix")
        let db = try Database.open(dir.path)
        let sql = "SELECT '1e2' % 2.5, '1e2' % 3, CAST('1e2' AS INTEGER), '1e2' + 0, '2.7' % 2.5, '1e2' | 0, "
            + "CAST(' -12abc' AS INTEGER), CAST('99999999999999999999' AS INTEGER), "
            + "CAST('-99999999999999999999' AS INTEGER), CAST(x'3132' AS INTEGER), CAST('' AS INTEGER), 7 % '2e0'"
        #expect(try db.executeSQL(sql).values == ReferenceSQLite().run(sql).rows)
    }

    /// Shifts by any count agree with SQLite, the most negative one included
    /// (`x >> -9223372036854775808` once overflowed negating the count: found by fuzzing).
    @Test func shiftsByAnyCountAgreeWithSQLite() throws {
        let dir = TemporaryDirectory("sql-shifts")
        let db = try Database.open(dir.path)
        let counts = ["-9223372036854775808", "9223372036854775807", "-65", "-64", "-63", "-1", "0", "1", "62", "63", "64", "65"]
        let sql = "SELECT " + ["5", "-5", "-9223372036854775808"].flatMap { v in
            counts.flatMap { c in ["\(v) >> \(c)", "\(v) << \(c)"] }
        }.joined(separator: ", ")
        #expect(try db.executeSQL(sql).values == ReferenceSQLite().run(sql).rows)
    }

    @Test func primaryKeyAndIndexes() throws {
        let dir = TemporaryDirectory("sql-pk")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT UNIQUE, age INTEGER)")
        try db.executeSQL("INSERT INTO users(name, age) VALUES ('alice', 30), ('bob', 25)")
        #expect(try values(db, "SELECT id, name FROM users ORDER BY id") == [["1", "alice"], ["2", "bob"]])
        let dup = #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO users(name) VALUES ('alice')") }
        #expect(dup?.code == .constraintViolation)
        try db.executeSQL("CREATE INDEX users_age ON users(age)")
        #expect(try values(db, "SELECT name FROM users WHERE age = 25") == [["bob"]])
        #expect(try values(db, "SELECT name FROM users WHERE age BETWEEN 26 AND 40") == [["alice"]])
        let plan = try values(db, "EXPLAIN SELECT * FROM users WHERE id = 2").flatMap { $0 }
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(plan)")
        let plan2 = try values(db, "EXPLAIN SELECT * FROM users WHERE age = 2").flatMap { $0 }
        #expect(plan2.contains { $0.contains("INDEX users_age") }, "\(plan2)")
        try db.executeSQL("UPDATE users SET age = age + 1 WHERE name = 'bob'")
        #expect(try values(db, "SELECT age FROM users WHERE name = 'bob'") == [["26"]])
        try db.executeSQL("DELETE FROM users WHERE id = 1")
        #expect(try values(db, "SELECT count(*) FROM users") == [["1"]])
    }

    @Test func transactionsSpanSQLAndKeyValue() throws {
        let dir = TemporaryDirectory("sql-txn")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(x INTEGER)")
        let txn = try db.beginTransaction()
        try txn.executeSQL("INSERT INTO t VALUES (1)")
        try txn.put("k", "v")
        txn.abort()
        #expect(try values(db, "SELECT count(*) FROM t") == [["0"]])
        #expect(try db.get("k") == nil)
        try db.transaction { t in
            try t.executeSQL("INSERT INTO t VALUES (2)")
            try t.put("k", "v")
        }
        #expect(try values(db, "SELECT x FROM t") == [["2"]])
        try db.executeSQL("BEGIN")
        try db.executeSQL("INSERT INTO t VALUES (3)")
        #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO nowhere VALUES (1)") }
        try db.executeSQL("ROLLBACK")
        #expect(try values(db, "SELECT x FROM t") == [["2"]])
    }

    @Test func orderByWithLimitKeepsStableOrderAndOffsets() throws {
        let dir = TemporaryDirectory("sql-topk")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, s TEXT)")
        try db.executeSQL("INSERT INTO t(g, s) VALUES (3,'a'),(1,'b'),(NULL,'c'),(2,'d'),(1,'e'),(3,'f'),(NULL,'g'),(2,'h')")
        // Whole sorts and the first-k path must agree for every LIMIT/OFFSET.
        let all = try values(db, "SELECT s FROM t ORDER BY g DESC, id").flatMap { $0 }
        #expect(all == ["a", "f", "d", "h", "b", "e", "c", "g"])
        for limit in 0...8 {
            for offset in 0...3 {
                let got = try values(db, "SELECT s FROM t ORDER BY g DESC, id LIMIT \(limit) OFFSET \(offset)").flatMap { $0 }
                #expect(got == Array(all.dropFirst(offset).prefix(limit)), "LIMIT \(limit) OFFSET \(offset)")
            }
        }
        // Ties keep their scan order; NULLs sort first ascending.
        #expect(try values(db, "SELECT s FROM t ORDER BY g LIMIT 4").flatMap { $0 } == ["c", "g", "b", "e"])
        #expect(try values(db, "SELECT s FROM t WHERE id BETWEEN 2 AND 7 ORDER BY g DESC LIMIT 2").flatMap { $0 } == ["f", "d"])
    }
}
