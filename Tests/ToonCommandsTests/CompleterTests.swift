import Testing
import ToonDB
@testable import ToonCommands

@Suite struct CompleterTests {
    @Test func keywordsTablesColumnsAndDotCommands() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE users(id INTEGER, name TEXT);")
        let c = Completer(source: h.session.source)
        #expect(c.candidates(word: "SEL", linePrefix: "") == ["SELECT"])
        #expect(c.candidates(word: "sel", linePrefix: "") == ["select"])
        #expect(c.candidates(word: "use", linePrefix: "SELECT * FROM ").contains("users"))
        #expect(c.candidates(word: "na", linePrefix: "SELECT ") == ["natural", "name"])
        #expect(c.candidates(word: "users.i", linePrefix: "SELECT ") == ["users.id"])
        #expect(c.candidates(word: ".sc", linePrefix: "") == [".scan", ".schema"])
        #expect(c.candidates(word: "WHE", linePrefix: "SELECT * FROM users ") == ["WHEN", "WHERE"])
        // A table made in this session, inside an open transaction, counts too.
        try h.run("BEGIN;", "CREATE TABLE later(x);")
        #expect(c.candidates(word: "lat", linePrefix: "SELECT * FROM ") == ["later"])
    }

    @Test func dotCommandArguments() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE users(id);", ".put users/alice 1", ".put users/bob 2", ".put top 3",
                  ".ns create docs", ".collection create docs/arts --dim 2")
        let c = Completer(source: h.session.source)
        #expect(c.candidates(word: "us", linePrefix: ".schema ") == ["users"])
        #expect(c.candidates(word: "", linePrefix: ".get ") == ["top", "users/"])
        #expect(c.candidates(word: "users/a", linePrefix: ".get ") == ["users/alice"])
        #expect(c.candidates(word: "d", linePrefix: ".collections ") == ["docs"])
        #expect(c.candidates(word: "docs/", linePrefix: ".search ") == ["docs/arts"])
        #expect(c.candidates(word: "d", linePrefix: ".search ") == ["docs/"])
        #expect(c.candidates(word: "--t", linePrefix: ".search docs/arts ") == ["--text"])
        #expect(c.candidates(word: "j", linePrefix: ".mode ") == ["json", "jsonl"])
        #expect(c.candidates(word: "o", linePrefix: ".timer ") == ["off", "on"])
        #expect(c.candidates(word: "eu", linePrefix: ".collection create docs/x --dim 2 --metric ") == ["euclidean"])
        #expect(c.candidates(word: "add", linePrefix: ".graph ") == ["add-edge", "add-node"])
        // In the middle of a SQL statement, a dot is not a dot-command; after FROM only tables.
        #expect(c.candidates(word: "us", linePrefix: "", pending: "SELECT * FROM\n") == ["users"])
    }
}
