import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonCommands

/// A session on a fresh embedded database, collecting its output.
final class SessionHarness: @unchecked Sendable {
    let dir = TemporaryDirectory("session")
    let database: Database
    let session: CommandSession
    var output = ""

    init() throws {
        database = try Database.open(dir.file("db"))
        nonisolated(unsafe) var sink: SessionHarness?
        let source = EmbeddedDataSource(database)
        let dirPath = dir.path
        session = CommandSession(source: source, standardOutput: { sink?.output += $0 },
                                 opener: { EmbeddedDataSource(try Database.open(dirPath + "/" + $0)) },
                                 closer: { try ($0 as? EmbeddedDataSource)?.database.close() })
        sink = self
    }

    /// Runs each line through a statement buffer, as the console does; returns what it printed.
    @discardableResult
    func run(_ lines: String...) throws -> String {
        output = ""
        var buffer = StatementBuffer()
        var n = 0
        for line in lines.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            for unit in buffer.append(String(line), line: n) { try session.run(unit) }
        }
        return output
    }

    deinit { try? (session.source as? EmbeddedDataSource)?.database.close() }
}

@Suite struct CommandSessionTests {
    @Test func sqlInEveryMode() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);", "INSERT INTO t(name) VALUES ('a'), ('b');")
        #expect(try h.run("SELECT * FROM t;") == "id  name\n--  ----\n1   a\n2   b\n")
        try h.run(".mode json")
        #expect(try h.run("SELECT * FROM t;") == #"[{"id":1,"name":"a"},{"id":2,"name":"b"}]"# + "\n")
        try h.run(".mode csv")
        #expect(try h.run("SELECT * FROM t WHERE id = 1;") == "id,name\r\n1,a\r\n")
        try h.run(".mode toon")
        #expect(try h.run("SELECT * FROM t WHERE id = 1;") == "result[1]{id,name}:\n  1,a\n")
        try h.run(".mode line")
        #expect(try h.run("SELECT * FROM t WHERE id = 1;") == "  id = 1\nname = a\n")
        #expect(try h.run(".mode") == "line\n")
        #expect(throws: ToonDBError.self) { try h.run(".mode xml") }
    }

    @Test func keyValueCommands() throws {
        let h = try SessionHarness()
        try h.run(".put users/alice {\"age\": 3}", ".put users/bob \"two words\"", ".put z 1")
        #expect(try h.run(".get users/alice") == "{\"age\": 3}\n")
        #expect(try h.run(".get users/bob") == "two words\n")
        try h.run(".mode jsonl")
        #expect(try h.run(".scan users/ 1") == #"{"key":"users/alice","value":"{\"age\": 3}"}"# + "\n")
        #expect(try h.run(".tree") == "users/\n  alice\n  bob\nz\n")
        try h.run(".del users/bob")
        #expect(throws: ToonDBError.self) { try h.run(".get users/bob") }
        #expect(throws: ToonDBError.self) { try h.run(".scan users/ -1") }
        #expect(throws: ToonDBError.self) { try h.run(".get") }
    }

    @Test func transactionsCoverKeyValueAndSQL() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE t(x);")
        try h.run(".begin", ".put k v", "INSERT INTO t VALUES (1);")
        #expect(h.session.source.inTransaction)
        #expect(try h.run(".get k") == "v\n")
        #expect(try h.database.get("k") == nil, "not visible outside before commit")
        try h.run(".abort")
        #expect(throws: ToonDBError.self) { try h.run(".get k") }
        #expect(try h.run("SELECT count(*) AS n FROM t;").contains("0"))
        try h.run("BEGIN;", ".put k v2", ".commit")
        #expect(try h.database.getString("k") == "v2")
        #expect(throws: ToonDBError.self) { try h.run(".commit") }
    }

    @Test func collectionsAndSearch() throws {
        let h = try SessionHarness()
        try h.run(".ns create docs")
        try h.run(".collection create docs/a --dim 2 --metric euclidean --hybrid --content-field text")
        try h.run(#".insert docs/a one {"vector": [0, 0], "text": "red apple", "colour": "red"}"#,
                  #".insert docs/a two {"vector": [5, 5], "text": "green pear"}"#)
        try h.run(".mode jsonl")
        let near = try h.run(".search docs/a --vector [0.1, 0] --k 1")
        #expect(near.hasPrefix(#"{"id":"one""#), "\(near)")
        #expect(near.contains(#""metadata":{"colour":"red"}"#))
        let text = try h.run(".search docs/a --text pear")
        #expect(text.hasPrefix(#"{"id":"two""#), "\(text)")
        let both = try h.run(".search docs/a --vector [5,5] --text apple --alpha 0.9 --k 2")
        #expect(both.hasPrefix(#"{"id":"two""#), "\(both)")
        #expect(try h.run(".collections").contains(#""documents":2"#))
        #expect(try h.run(".namespaces").contains(#""name":"docs""#))
        #expect(throws: ToonDBError.self) { try h.run(#".insert docs/a one {"vector": [1, 1]}"#) }
        #expect(throws: ToonDBError.self) { try h.run(#".insert docs/a three {"vector": [1]}"#) }
        #expect(throws: ToonDBError.self) { try h.run(".insert docs/a four [1]") }
        #expect(throws: ToonDBError.self) { try h.run(".search docs/a") }
        #expect(throws: ToonDBError.self) { try h.run(".search docs/a --text x --alpha 2") }
        #expect(throws: ToonDBError.self) { try h.run(".collection create docs/b") }
        #expect(throws: ToonDBError.self) { try h.run(".collection create nowhere --dim 2") }
        #expect(throws: ToonDBError.self) { try h.run(".search docs/a --nope 1") }
    }

    @Test func graphNeighbourhood() throws {
        let h = try SessionHarness()
        try h.run(".graph add-node alice person {\"age\": 30}", ".graph add-node bob person", ".graph add-node acme org",
                  ".graph add-edge alice knows bob", ".graph add-edge bob works_at acme")
        #expect(try h.run(".graph alice") == "alice\n  -knows-> bob\n")
        #expect(try h.run(".graph bob 2") == "bob\n  -works_at-> acme\n  <-knows- alice\n")
        try h.run(".graph add-node n1 t --ns other")
        #expect(try h.run(".graph n1 --ns other") == "n1\n  (no edges)\n")
        #expect(throws: ToonDBError.self) { try h.run(".graph alice 0") }
        #expect(throws: ToonDBError.self) { try h.run(".graph add-edge alice knows nobody") }
    }

    @Test func schemaStatsTablesHelp() throws {
        let h = try SessionHarness()
        try h.run("CREATE TABLE t(a INTEGER, b TEXT);", "CREATE INDEX ti ON t(b);")
        #expect(try h.run(".tables") == "name\n----\nt\n")
        #expect(try h.run(".schema t") == "CREATE TABLE t (a INTEGER, b TEXT);\nCREATE INDEX ti ON t (b);\n")
        #expect(throws: ToonDBError.self) { try h.run(".schema nope") }
        #expect(try h.run(".stats").contains("keysCount"))
        try h.run(".checkpoint")
        #expect(try h.run(".help .scan") == CommandRegistry.command(".scan")!.helpText())
        #expect(try h.run(".help scan") == CommandRegistry.command(".scan")!.helpText())
        let all = try h.run(".help")
        for c in CommandRegistry.all { #expect(all.contains(c.summary)) }
        #expect(throws: ToonDBError.self) { try h.run(".help nope") }
    }

    @Test func unknownCommandSuggestsTheClosest() throws {
        let h = try SessionHarness()
        do {
            try h.run(".tabels")
            Issue.record("no error")
        } catch let e as ToonDBError {
            #expect(e.message == "unknown command .tabels")
            #expect(e.remediation?.contains("did you mean .tables?") == true)
        }
    }

    @Test func timerOutputReadAndOpen() throws {
        let h = try SessionHarness()
        try h.run(".timer on")
        #expect(try h.run("SELECT 1;").contains("Time: "))
        try h.run(".timer off")
        #expect(!(try h.run("SELECT 1;").contains("Time: ")))
        let out = h.dir.file("out.txt")
        try h.run(".output \(out)", "SELECT 42 AS x;", ".output")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "x\n--\n42\n")
        let script = h.dir.file("s.sql")
        try "CREATE TABLE r(x);\nINSERT INTO r\n  VALUES (7);\nSELECT x FROM r;\n".write(toFile: script, atomically: true, encoding: .utf8)
        #expect(try h.run(".read \(script)") == "x\n-\n7\n")
        let bad = h.dir.file("bad.sql")
        try "SELECT 1;\nSELEC 2;\n".write(toFile: bad, atomically: true, encoding: .utf8)
        do { try h.run(".read \(bad)"); Issue.record("no error") } catch let e as ToonDBError {
            #expect(e.message.contains("bad.sql line 2"), "\(e.message)")
        }
        try h.run(".open other")
        #expect(h.session.source.location.hasSuffix("/other"))
        #expect(try h.run(".tables") == "name\n----\n")
        #expect(try h.session.run(".quit") == .quit)
    }
}
