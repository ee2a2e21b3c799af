import Testing
import ToonDB
import ToonTestSupport
@testable import ToonCommands

/// `.parameter set|list|unset|clear` and the values it binds to SQL typed in the console.
@Suite struct ParameterCommandTests {
    @Test func keptValuesBindToStatements() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);")
        try h.run(".parameter set :name 'alice'", ".parameter set @id 40 + 2", ".parameter set ?3 x'00ff'",
                  ".parameter set $word not valid sql")
        try h.run(".mode csv")
        #expect(try h.run(".parameter list") == "name,value\r\n$word,not valid sql\r\n:name,alice\r\n?3,x'00ff'\r\n@id,42\r\n")
        try h.run("INSERT INTO t VALUES (@id, :name);")
        #expect(try h.run("SELECT id, name, typeof(?3), $word, :unset FROM t WHERE name = :name;")
            == "id,name,typeof(?3),$word,:unset\r\n42,alice,blob,not valid sql,\r\n")
        // A statement's `?` is named by its number.
        try h.run(".parameter set ?1 7")
        #expect(try h.run("SELECT ?;") == "?\r\n7\r\n")
        try h.run(".parameter unset ?1")
        #expect(try h.run("SELECT ? IS NULL;") == "? IS NULL\r\n1\r\n")
        try h.run(".parameter clear")
        #expect(try h.run(".parameter list") == "")
        #expect(h.session.parameters.isEmpty)
    }

    @Test func badUsesAreRefused() throws {
        let h = try SessionHarness()
        for line in [".parameter", ".parameter set name 1", ".parameter set ?0 1", ".parameter set :x", ".parameter drop",
                     ".parameter list extra"] {
            let error = #expect(throws: ToonDBError.self, "\(line)") { try h.run(line) }
            #expect(error?.code == .invalidArgument)
        }
    }
}
