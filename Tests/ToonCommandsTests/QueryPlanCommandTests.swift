import Testing
import ToonDB
@testable import ToonCommands

@Suite struct QueryPlanCommandTests {
    /// The console prints a plan as sqlite3 does: a tree under QUERY PLAN in
    /// the text modes, the rows themselves in the others.
    @Test func plansPrintAsATreeInTheTextModes() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE t(id INTEGER PRIMARY KEY, x);")
        let tree = "QUERY PLAN\n|--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n`--USE TEMP B-TREE FOR ORDER BY\n"
        #expect(try h.run("EXPLAIN QUERY PLAN SELECT * FROM t WHERE id = 1 ORDER BY x;") == tree)
        try h.run(".mode box")
        #expect(try h.run("EXPLAIN QUERY PLAN SELECT * FROM t WHERE id = 1 ORDER BY x;") == tree)
        try h.run(".mode csv")
        #expect(try h.run("EXPLAIN QUERY PLAN SELECT * FROM t;") == "id,parent,notused,detail\r\n1,0,0,SCAN t\r\n")
    }
}
