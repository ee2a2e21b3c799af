import Testing
import ToonDB
@testable import ToonCommands

@Suite struct StatementBufferTests {
    @Test func multiLineStatementCompletesAtTheSemicolon() {
        var b = StatementBuffer()
        #expect(b.append("SELECT 1,", line: 1).isEmpty)
        #expect(!b.isEmpty)
        let units = b.append("  2;", line: 2)
        #expect(units == [StatementBuffer.Unit(text: "SELECT 1,\n  2;", line: 1, isDotCommand: false)])
        #expect(b.isEmpty)
    }

    @Test func semicolonsInsideStringsCommentsAndQuotedNamesDoNotEnd() {
        #expect(!StatementBuffer.isComplete("SELECT 'a;b"))
        #expect(StatementBuffer.isComplete("SELECT 'a;b';"))
        #expect(StatementBuffer.isComplete("SELECT 'it''s;';"))
        #expect(!StatementBuffer.isComplete("SELECT \"x;"))
        #expect(!StatementBuffer.isComplete("SELECT 1 /* ; */"))
        #expect(!StatementBuffer.isComplete("SELECT 1 -- ;"))
        #expect(StatementBuffer.isComplete("SELECT [a;b] FROM t;"))
    }

    @Test func triggerBodiesKeepTheirSemicolons() {
        var b = StatementBuffer()
        #expect(b.append("CREATE TRIGGER tr AFTER INSERT ON t BEGIN", line: 1).isEmpty)
        #expect(b.append("  INSERT INTO log VALUES (1);", line: 2).isEmpty)
        let units = b.append("END;", line: 3)
        #expect(units.count == 1 && units[0].text.hasSuffix("END;"))
    }

    @Test func dotCommandsOnlyAtTheStartOfAStatement() {
        var b = StatementBuffer()
        #expect(b.append("  .tables", line: 1) == [StatementBuffer.Unit(text: ".tables", line: 1, isDotCommand: true)])
        _ = b.append("SELECT", line: 2)
        #expect(b.append(".5;", line: 3).map(\.isDotCommand) == [false])
    }

    @Test func severalStatementsOnOneLineAndLineNumbers() {
        var b = StatementBuffer()
        #expect(b.append("", line: 1).isEmpty)
        let units = b.append("SELECT 1; SELECT 2;", line: 2)
        #expect(units.map(\.text) == ["SELECT 1;", "SELECT 2;"])
        #expect(units.map(\.line) == [2, 2])
        #expect(StatementBuffer.statements("SELECT 1;\n\nSELECT 2") == ["SELECT 1;", "SELECT 2"])
    }

    @Test func commentOnlyLinesLeaveTheBufferEmpty() {
        var b = StatementBuffer()
        #expect(b.append("-- a comment", line: 1).isEmpty)
        #expect(b.isEmpty)
        #expect(b.append(";", line: 2).isEmpty)
    }

    @Test func finishReportsWhyAStatementIsUnfinished() {
        var b = StatementBuffer()
        _ = b.append("SELECT 'abc", line: 4)
        let end = b.finish()
        #expect(end?.unfinished == .quote("'"))
        #expect(end?.unit.line == 4)
        var c = StatementBuffer()
        _ = c.append("SELECT 1", line: 1)
        #expect(c.finish()?.unfinished == .semicolon)
        var d = StatementBuffer()
        _ = d.append("SELECT 1 /* x", line: 1)
        #expect(d.finish()?.unfinished == .comment)
        #expect(StatementBuffer().isEmpty)
    }
}

@Suite struct ArgumentTokenizerTests {
    @Test func quotesAndBrackets() throws {
        #expect(try ArgumentTokenizer.split(#"a "b c" 'd e'"#) == ["a", "b c", "d e"])
        #expect(try ArgumentTokenizer.split(#"--vector [1, 2, 3] --text "x y""#) == ["--vector", "[1, 2, 3]", "--text", "x y"])
        #expect(try ArgumentTokenizer.split(#"{"a": "b c", "d": [1, 2]}"#) == [#"{"a": "b c", "d": [1, 2]}"#])
        #expect(try ArgumentTokenizer.split(#""a\"b""#) == [#"a"b"#])
    }

    @Test func restOfLine() throws {
        #expect(try ArgumentTokenizer.split("key hello  world ", restAfter: 1) == ["key", "hello  world"])
        #expect(try ArgumentTokenizer.split(#"key "quoted value""#, restAfter: 1) == ["key", "quoted value"])
        #expect(try ArgumentTokenizer.split(#"key "a" "b""#, restAfter: 1) == ["key", #""a" "b""#])
    }

    @Test func unterminatedInputIsAnError() {
        #expect(throws: ToonDBError.self) { try ArgumentTokenizer.split(#"a "b"#) }
        #expect(throws: ToonDBError.self) { try ArgumentTokenizer.split("[1, 2") }
    }
}

@Suite struct CommandRegistryTests {
    @Test func namesMatchTheCommands() {
        #expect(CommandRegistry.names == CommandRegistry.all.map(\.name))
        #expect(Set(CommandRegistry.names).count == CommandRegistry.names.count)
    }

    @Test func everySpecCommandIsRegistered() {
        for name in [".help", ".tables", ".schema", ".namespaces", ".collections", ".get", ".put", ".del", ".scan", ".tree",
                     ".search", ".graph", ".stats", ".checkpoint", ".begin", ".commit", ".abort", ".mode", ".timer",
                     ".read", ".output", ".open", ".quit", ".ns", ".collection", ".insert"] {
            #expect(CommandRegistry.command(name) != nil, "\(name) is missing")
        }
    }

    @Test func closestSuggestsTypos() {
        #expect(CommandRegistry.closest(to: ".tabels")?.name == ".tables")
        #expect(CommandRegistry.closest(to: ".grpah")?.name == ".graph")
        #expect(CommandRegistry.closest(to: ".sch")?.name == ".schema")
        #expect(CommandRegistry.closest(to: ".zzzzzzzzzz") == nil)
    }

    @Test func helpTextHasUsageAndWrappedDescription() {
        let text = CommandRegistry.command(".scan")!.helpText()
        #expect(text.hasPrefix(".scan PREFIX [LIMIT]\n\n  List the keys"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
    }
}
