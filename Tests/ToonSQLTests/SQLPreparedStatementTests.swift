import Testing
import ToonDB
@testable import ToonSQL
import ToonTestSupport

/// Prepared statements: reuse, streaming cursors, the statement cache, and
/// plans made again after schema changes.
@Suite struct SQLPreparedStatementTests {
    func database(_ name: String, rows: Int = 5) throws -> (TemporaryDirectory, Database) {
        let dir = TemporaryDirectory(name)
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, b INTEGER, c TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?)")
        try db.executeSQL("BEGIN")
        for i in 1...rows { _ = try insert.execute(arguments: [i, i % 3, "row \(i)"]) }
        try db.executeSQL("COMMIT")
        return (dir, db)
    }

    func all(_ cursor: SQLRowCursor) throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        try cursor.forEach { rows.append($0.values) }
        return rows
    }

    @Test func reusedWithOtherArguments() throws {
        let (dir, db) = try database("prepared-reuse")
        defer { withExtendedLifetime(dir) {} }
        let byB = try db.prepare("SELECT id, c AS label FROM t WHERE b = :b ORDER BY id")
        #expect(byB.columns == ["id", "label"])
        #expect(byB.parameterCount == 1)
        #expect(try all(byB.execute(arguments: ["b": 1])) == [[1, "row 1"], [4, "row 4"]])
        #expect(try all(byB.execute(arguments: ["b": 2])) == [[2, "row 2"], [5, "row 5"]])
        // A subquery that reads no outer row is computed again for each execution's arguments.
        let above = try db.prepare("SELECT count(*) FROM t WHERE id IN (SELECT id FROM t WHERE id > ?)")
        #expect(try all(above.execute(arguments: [1])) == [[4]])
        #expect(try all(above.execute(arguments: [3])) == [[2]])
        // Statements that change data report the rows they changed.
        let update = try db.prepare("UPDATE t SET c = ? WHERE id = ?")
        #expect(try update.execute(arguments: ["changed", 2]).rowsAffected == 1)
        #expect(try update.execute(arguments: ["changed", 99]).rowsAffected == 0)
        #expect(try db.executeSQL("SELECT c FROM t WHERE id = 2").values == [["changed"]])
        _ = #expect(throws: ToonDBError.self) { try byB.execute(arguments: [1, 2]) }
    }

    @Test func prepareRefusesWhatCannotRun() throws {
        let (dir, db) = try database("prepared-refused")
        defer { withExtendedLifetime(dir) {} }
        let two = #expect(throws: ToonDBError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(two?.code == .invalidArgument)
        let missing = #expect(throws: ToonDBError.self) { try db.prepare("SELECT nosuch FROM t WHERE id = ?") }
        #expect(missing?.code == .sqlSemantic)
    }

    @Test func rowsStreamAsTheyAreRead() throws {
        let (dir, db) = try database("prepared-stream", rows: 300)
        defer { withExtendedLifetime(dir) {} }
        // Row 250 makes abs() fail: a cursor that reads rows as it is advanced
        // returns the rows before it first.
        try db.executeSQL("UPDATE t SET b = -9223372036854775808 WHERE id = 250")
        let cursor = try db.prepare("SELECT id, abs(b) FROM t WHERE id > ?").execute(arguments: [10])
        for expected in 11...249 { #expect(try cursor.next()?[0] == .integer(Int64(expected))) }
        let overflow = #expect(throws: ToonDBError.self) { try cursor.next() }
        #expect(overflow?.message.contains("overflow") == true)
        #expect(try cursor.next() == nil)
        // LIMIT and OFFSET on a stream; a rowid range; a query that is computed whole.
        let page = try db.prepare("SELECT id FROM t WHERE b = 0 AND id < ? LIMIT ? OFFSET ?")
        #expect(try all(page.execute(arguments: [100, 3, 2])) == [[9], [12], [15]])
        #expect(try all(db.prepare("SELECT id FROM t WHERE id BETWEEN ? AND ?").execute(arguments: [5, 7])) == [[5], [6], [7]])
        #expect(try all(db.prepare("SELECT b, count(*) FROM t WHERE id <= ? GROUP BY b ORDER BY b").execute(arguments: [6]))
            == [[0, 2], [1, 2], [2, 2]])
    }

    @Test func cursorReadsTheOpenTransaction() throws {
        let (dir, db) = try database("prepared-session")
        defer { withExtendedLifetime(dir) {} }
        let count = try db.prepare("SELECT count(*) FROM t")
        try db.executeSQL("BEGIN")
        try db.executeSQL("DELETE FROM t WHERE id > ?", arguments: [2])
        #expect(try all(count.execute()) == [[2]])
        try db.executeSQL("ROLLBACK")
        #expect(try all(count.execute()) == [[5]])
    }

    @Test func schemaChangesMakePlansAgain() throws {
        let (dir, db) = try database("prepared-schema")
        defer { withExtendedLifetime(dir) {} }
        try db.executeSQL("CREATE INDEX t_b ON t(b)")
        let select = try db.prepare("SELECT * FROM t WHERE b = ? ORDER BY id")
        #expect(try all(select.execute(arguments: [2])) == [[2, 2, "row 2"], [5, 2, "row 5"]])
        try db.executeSQL("ALTER TABLE t ADD COLUMN d INTEGER DEFAULT 7")
        #expect(try all(select.execute(arguments: [2])) == [[2, 2, "row 2", 7], [5, 2, "row 5", 7]])
        #expect(select.columns == ["id", "b", "c", "d"])
        try db.executeSQL("DROP INDEX t_b")
        try db.executeSQL("INSERT INTO t VALUES (6, 2, 'row 6', 8)")
        #expect(try all(select.execute(arguments: [2])) == [[2, 2, "row 2", 7], [5, 2, "row 5", 7], [6, 2, "row 6", 8]])
        // A dropped table: the statement fails as running its text would.
        try db.executeSQL("DROP TABLE t")
        let gone = #expect(throws: ToonDBError.self) { try select.execute(arguments: [2]) }
        #expect(gone?.code == .sqlSemantic)
    }

    @Test func statementCacheKeysByText() throws {
        let engine = SQLEngine()
        let first = try engine.compile("SELECT ?; SELECT 2")
        #expect(first.count == 2)
        #expect(try engine.compile("SELECT ?; SELECT 2")[0] === first[0])
        #expect(try engine.compile("SELECT ?;  SELECT 2")[0] !== first[0])
        // Past its capacity the least recently used text goes.
        for i in 0..<StatementCache.capacity { _ = try engine.compile("SELECT \(i)") }
        #expect(try engine.compile("SELECT ?; SELECT 2")[0] !== first[0])
    }
}
