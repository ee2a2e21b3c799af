import Testing
import ToonCore
import ToonFormat

@Suite struct QueryPlanTreeTests {
    @Test func stepsAreDrawnUnderTheirParentAsSqlite3Draws() {
        let rows: [[Value]] = [[1, 0, 0, "COMPOUND QUERY"], [2, 1, 0, "LEFT-MOST SUBQUERY"], [3, 2, 0, "SCAN a"],
                               [4, 1, 0, "UNION ALL"], [5, 4, 0, "MATERIALIZE s"], [6, 5, 0, "SCAN b"],
                               [7, 0, 0, "USE TEMP B-TREE FOR ORDER BY"]]
        let tree = ResultSet(columns: ResultSet.queryPlanColumns, rows: rows).queryPlanTree()
        #expect(tree == [
            "|--COMPOUND QUERY",
            "|  |--LEFT-MOST SUBQUERY",
            "|  |  `--SCAN a",
            "|  `--UNION ALL",
            "|     `--MATERIALIZE s",
            "|        `--SCAN b",
            "`--USE TEMP B-TREE FOR ORDER BY",
        ])
        #expect(ResultSet(columns: ["detail"], rows: [["SCAN a"]]).queryPlanTree() == nil)
        // A step that names itself as its parent is drawn once, not for ever.
        #expect(ResultSet(columns: ResultSet.queryPlanColumns, rows: [[1, 0, 0, "A"], [1, 1, 0, "A again"]]).queryPlanTree() == ["`--A"])
    }
}
