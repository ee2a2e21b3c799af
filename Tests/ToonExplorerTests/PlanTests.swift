import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct PlanTests {
    /// x in the results shows the plan of the editor's statement as a tree;
    /// running EXPLAIN QUERY PLAN does the same.
    @Test func xShowsTheQueryPlanAsATree() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("SELECT b.title, a.name FROM books b JOIN authors a ON a.id = b.author_id WHERE b.id > 5 ORDER BY b.title;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        f.keys(.char("x"))
        f.explorer.waitForQuery()
        let out = try #require(f.explorer.state.query.output)
        #expect(out.columns == ["QUERY PLAN"])
        let lines = out.rows.map { $0.first.map(QueryPane.cellText) ?? "" }
        #expect(lines.first == "|--SEARCH books AS b USING INTEGER PRIMARY KEY (rowid>?)", "\(lines)")
        #expect(lines.last == "`--USE TEMP B-TREE FOR ORDER BY")
        #expect(f.screen().contains("|--SEARCH books AS b USING INTEGER PRIMARY KEY (rowid>?)"))
        #expect(f.explorer.state.query.ranText?.hasPrefix("EXPLAIN QUERY PLAN SELECT b.title") == true)
        // Only the last statement of several is explained, and nothing runs.
        f.keys(.char("i"))
        f.explorer.state.query.editor.set("DELETE FROM books; SELECT * FROM authors WHERE id = 1")
        f.keys(.escape, .char("x"))
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.output?.rows == [[.string("`--SEARCH authors USING INTEGER PRIMARY KEY (rowid=?)")]])
        #expect(try f.database.executeSQL("SELECT count(*) FROM books").values == [[.integer(9)]])
    }
}
