import Testing
import ToonDB
import ToonTestSupport

/// `Database.toToon` / `Database.fromToon` (README.md, "From Swift") and SQL results as ResultSets.
@Suite struct DatabaseToonTests {
    @Test func theSpecExampleRoundTrips() throws {
        let text = Database.toToon("users", [["name": "Alice", "email": "alice@example.com"],
                                             ["name": "Bob", "email": "bob@example.com"]], fields: ["name", "email"])
        #expect(text == "users[2]{name,email}:Alice,alice@example.com;Bob,bob@example.com")
        let (table, fields, records) = try Database.fromToon(text)
        #expect(table == "users" && fields == ["name", "email"])
        #expect(records == [["name": "Alice", "email": "alice@example.com"], ["name": "Bob", "email": "bob@example.com"]])
        #expect(throws: ToonDBError.self) { try Database.fromToon("users[3]{a}:1;2") }
    }

    @Test func sqlResultsRenderThroughResultSet() throws {
        let dir = TemporaryDirectory("toon-sql")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        var last = SQLQueryResult()
        try db.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB, r REAL); INSERT INTO t(b, r) VALUES (x'00ff', 0.5); SELECT * FROM t") {
            last = $0
        }
        let rs = last.resultSet(name: "t")
        #expect(rs.rows == [[1, "x'00ff'", 0.5]])
        #expect(last.rendered(as: .toon, name: "t") == "t[1]{id,b,r}:\n  1,x'00ff',0.5\n")
    }
}
