import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// EXPLAIN QUERY PLAN: SQLite's columns (id, parent, notused, detail), steps
/// nested under the step they belong to, in SQLite's words.
@Suite struct ExplainTests {
    func plan(_ db: Database, _ sql: String) throws -> [(id: Int64, parent: Int64, detail: String)] {
        let r = try db.executeSQL(sql)
        #expect(r.columns == ["id", "parent", "notused", "detail"])
        return r.values.map { row in
            guard case .integer(let id) = row[0], case .integer(let parent) = row[1], case .text(let d) = row[3] else {
                Issue.record("unexpected row \(row)")
                return (0, 0, "")
            }
            return (id, parent, d)
        }
    }

    @Test func stepsNestAndNameTheIndexOrRowidRange() throws {
        let dir = TemporaryDirectory("explain")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        try db.executeSQL("CREATE TABLE a(id INTEGER PRIMARY KEY, x); CREATE TABLE b(id INTEGER PRIMARY KEY, y); CREATE INDEX b_y ON b(y)")
        var p = try plan(db, "EXPLAIN QUERY PLAN SELECT * FROM a WHERE id > 3 ORDER BY x")
        #expect(p.map(\.detail) == ["SEARCH a USING INTEGER PRIMARY KEY (rowid>?)", "USE TEMP B-TREE FOR ORDER BY"])
        #expect(p.allSatisfy { $0.parent == 0 })
        p = try plan(db, "EXPLAIN QUERY PLAN SELECT * FROM (SELECT * FROM b WHERE y = 1) AS s")
        #expect(p.map(\.detail) == ["MATERIALIZE s", "SEARCH b USING INDEX b_y (y=?)"])
        #expect(p[1].parent == p[0].id && p[0].parent == 0)
        p = try plan(db, "EXPLAIN QUERY PLAN SELECT x FROM a UNION ALL SELECT y FROM b")
        #expect(p.map(\.detail) == ["COMPOUND QUERY", "LEFT-MOST SUBQUERY", "SCAN a", "UNION ALL", "SCAN b"])
        #expect(p.map(\.parent) == [0, p[0].id, p[1].id, p[0].id, p[3].id])
        // Plain EXPLAIN gives the same plan.
        #expect(try plan(db, "EXPLAIN SELECT * FROM a WHERE id = 2").map(\.detail) == ["SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"])
    }
}
