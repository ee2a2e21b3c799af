import Testing
import ToonDB
@testable import ToonCommands

@Suite struct SQLCompletionContextTests {
    @Test func tokensCoverTheTextAndForgiveHalfTypedSQL() {
        let text = "SELECT a.x, 'it''s' -- note\nFROM t /* open"
        let tokens = SQLTokenizer.tokens(text)
        #expect(tokens.map(\.text).joined() == text)
        let kinds = tokens.filter(\.isSignificant).map(\.kind)
        #expect(kinds == [.keyword, .identifier, .symbol, .identifier, .symbol, .string, .keyword, .identifier])
        #expect(tokens.contains { $0.kind == .comment && $0.text == "-- note" })
        #expect(tokens.last == SQLToken(kind: .comment, text: "/* open", offset: text.count - 7, length: 7))
        #expect(SQLTokenizer.tokens("'open").map(\.kind) == [.string])
        #expect(SQLTokenizer.tokens("1.5e3 0x1F .5 ?2 :name x'00' \"q\"\"d\" [b c]").filter(\.isSignificant).map(\.kind)
                == [.number, .number, .number, .parameter, .parameter, .string, .quotedIdentifier, .quotedIdentifier])
    }

    @Test func tablesAliasesAndWhatTheCursorExpects() {
        var c = SQLCompletionContext(before: "SELECT ", after: " FROM users u JOIN books AS b ON b.id = u.id")
        #expect(c.tables == ["users", "books"])
        #expect(c.table(named: "U") == "users" && c.table(named: "b") == "books" && c.table(named: "books") == "books")
        #expect(c.expecting == .expression)
        c = SQLCompletionContext(before: "SELECT * FROM ", after: "")
        #expect(c.expecting == .table)
        c = SQLCompletionContext(before: "SELECT * FROM a, ", after: " WHERE x")
        #expect(c.expecting == .table && c.tables == ["a"])
        c = SQLCompletionContext(before: "SELECT f(a, ", after: ") FROM t")
        #expect(c.expecting == .expression && c.tables == ["t"])
        c = SQLCompletionContext(before: "SELECT 1 FROM old; UPDATE t SET ", after: "; SELECT * FROM later")
        #expect(c.tables == ["t"])
        c = SQLCompletionContext(before: "INSERT INTO \"My T\" (", after: "")
        #expect(c.tables == ["My T"])
    }

    @Test func columnsOfTheTablesInFromComeFirst() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE users(id INTEGER, name TEXT, nickname TEXT);", "CREATE TABLE notes(nid INTEGER, body TEXT);")
        let c = Completer(source: h.session.source)
        // The FROM after the cursor counts: users' columns, not notes'.
        #expect(c.candidates(word: "n", linePrefix: "SELECT ", following: " FROM users") .prefix(2) == ["name", "nickname"])
        #expect(!c.candidates(word: "n", linePrefix: "SELECT ", following: " FROM users").contains("nid"))
        #expect(c.candidates(word: "b", linePrefix: "SELECT * FROM notes WHERE ").first == "body")
        // An alias reaches its table's columns.
        #expect(c.candidates(word: "x.n", linePrefix: "SELECT ", following: " FROM notes x") == ["x.nid"])
        // After FROM only tables.
        #expect(c.candidates(word: "n", linePrefix: "SELECT * FROM ") == ["notes"])
        #expect(c.candidates(word: "", linePrefix: "SELECT * FROM notes, ") == ["notes", "users"])
        // Without a FROM every table's columns are offered, after the keywords.
        #expect(c.candidates(word: "ni", linePrefix: "SELECT ") == ["nickname", "nid"])
    }
}
