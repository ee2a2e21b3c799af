import Testing
import ToonCore
import ToonFormat

/// `ResultSet.rendered(as:)` in every format.
@Suite struct ResultSetTests {
    static let rs = ResultSet(columns: ["id", "name", "score"],
                              rows: [[1, "ann", 1.5], [2, "b,o", nil], [3, "quote\"d", .double(3)]])

    @Test func table() {
        #expect(Self.rs.rendered(as: .table) == """
            id  name     score
            --  -------  -----
            1   ann      1.5
            2   b,o      NULL
            3   quote"d  3.0

            """)
    }

    @Test func box() {
        #expect(Self.rs.rendered(as: .box) == """
            ┌────┬─────────┬───────┐
            │ id │ name    │ score │
            ├────┼─────────┼───────┤
            │  1 │ ann     │   1.5 │
            │  2 │ b,o     │  NULL │
            │  3 │ quote"d │   3.0 │
            └────┴─────────┴───────┘

            """)
    }

    @Test func jsonJsonlCsv() {
        #expect(Self.rs.rendered(as: .json) == #"[{"id":1,"name":"ann","score":1.5},{"id":2,"name":"b,o","score":null},{"id":3,"name":"quote\"d","score":3.0}]"# + "\n")
        #expect(Self.rs.rendered(as: .jsonl) == #"{"id":1,"name":"ann","score":1.5}"# + "\n" + #"{"id":2,"name":"b,o","score":null}"# + "\n"
                + #"{"id":3,"name":"quote\"d","score":3.0}"# + "\n")
        #expect(Self.rs.rendered(as: .csv) == "id,name,score\r\n1,ann,1.5\r\n2,\"b,o\",\r\n3,\"quote\"\"d\",3.0\r\n")
        let multiline = ResultSet(columns: ["a"], rows: [["x\ny"]])
        #expect(multiline.rendered(as: .csv) == "a\r\n\"x\ny\"\r\n")
    }

    @Test func toonAndCompactReadBack() throws {
        let toon = Self.rs.rendered(as: .toon)
        #expect(toon == "result[3]{id,name,score}:\n  1,ann,1.5\n  2,\"b,o\",null\n  3,\"quote\\\"d\",3\n")
        #expect(try ToonDecoder().decode(toon)["result"]?.arrayValue?.count == 3)
        #expect(ResultSet(columns: ["a b"], rows: [], name: "empty").rendered(as: .toon) == "empty[0]{\"a b\"}:\n")
        let compact = Self.rs.rendered(as: .compact)
        #expect(compact == #"result[3]{id,name,score}:1,ann,1.5;2,"b,o",null;3,"quote\"d",3.0"# + "\n")
        #expect(try ToonCompact.decode(compact).records == Self.rs.records)
    }

    @Test func line() {
        #expect(ResultSet(columns: ["id", "title"], rows: [[1, "a"], [2, nil]]).rendered(as: .line)
                == "   id = 1\ntitle = a\n\n   id = 2\ntitle = NULL\n")
    }

    @Test func wideCharactersAlignByDisplayWidth() {
        let rs = ResultSet(columns: ["k", "v"], rows: [["日本語", 1], ["ab", 2], ["e\u{301}e\u{301}", 3]])
        let lines = rs.rendered(as: .table).split(separator: "\n")
        #expect(lines[0] == "k       v")
        #expect(lines[2] == "日本語  1")
        #expect(lines[3] == "ab      2")
        #expect(lines[4] == "e\u{301}e\u{301}      3")
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func truncationNeverSplitsAGrapheme() {
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("日本語テキスト", to: 6) == "日本…")
        #expect(DisplayWidth.truncate("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", to: 5) == "👨‍👩‍👧👨‍👩‍👧…")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
        #expect(DisplayWidth.truncate("short", to: 5) == "short")
        let rs = ResultSet(columns: ["text"], rows: [["a long piece of text"]])
        #expect(rs.rendered(as: .table, options: .init(maximumCellWidth: 6)) == "text\n------\na lon…\n")
    }

    @Test func controlCharactersAreVisibleInGrids() {
        let rs = ResultSet(columns: ["t"], rows: [["a\nb\tc\u{1}"]])
        #expect(rs.rendered(as: .table) == "t\n-----------\na\\nb\\tc\\x01\n")
    }

    @Test func recordsWithDifferentKeys() {
        let rs = ResultSet(records: [["a": 1], ["b": 2, "a": 3]])
        #expect(rs.columns == ["a", "b"])
        #expect(rs.rows == [[1, nil], [3, 2]])
        #expect(ResultSet(columns: [], rows: []).rendered(as: .json) == "")
    }
}
