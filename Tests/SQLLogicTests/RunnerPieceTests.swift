import Foundation
import Testing
import ToonSLT

/// The runner's pieces, without any SQL engine.
@Suite struct ParserTests {
    @Test func statementsQueriesAndConditions() throws {
        let script = """
            # a comment
            hash-threshold 4

            statement ok
            CREATE TABLE t1(a INTEGER,
            # a comment inside a record does not split it
              b TEXT)

            skipif mysql # not compatible
            onlyif sqlite
            query IT rowsort label-abc
            SELECT a, b
              FROM t1
            ----
            1
            x

            statement error
            DROP TABLE nope

            query R
            SELECT 1.5

            halt
            """
        let records = ScriptParser.parse(script)
        try #require(records.count == 6)
        #expect(records[0].kind == .hashThreshold(4))
        #expect(records[0].line == 2)
        #expect(records[1].kind == .statement(expectError: false, sql: "CREATE TABLE t1(a INTEGER,\n  b TEXT)"))
        #expect(records[2].conditions == [Condition(.skipif, "mysql"), Condition(.onlyif, "sqlite")])
        #expect(records[2].kind == .query(types: "IT", sort: .rowsort, label: "label-abc",
                                          sql: "SELECT a, b\n  FROM t1", expected: ["1", "x"]))
        #expect(records[2].line == 9)
        #expect(!records[2].isSkipped(engineNamed: "sqlite"))
        #expect(records[2].isSkipped(engineNamed: "mysql"))
        #expect(records[2].isSkipped(engineNamed: "postgresql"))
        #expect(records[3].kind == .statement(expectError: true, sql: "DROP TABLE nope"))
        #expect(records[4].kind == .query(types: "R", sort: .nosort, label: nil, sql: "SELECT 1.5", expected: []))
        #expect(records[5].kind == .halt)
    }

    @Test func crlfAndWhitespaceOnlyLines() throws {
        let script = "statement ok\r\nCREATE TABLE t(x)\r\n  \r\nquery I valuesort\r\nSELECT x FROM t\r\n----\r\n3\r\n"
        let records = ScriptParser.parse(script)
        try #require(records.count == 2)
        #expect(records[0].kind == .statement(expectError: false, sql: "CREATE TABLE t(x)"))
        #expect(records[1].kind == .query(types: "I", sort: .valuesort, label: nil, sql: "SELECT x FROM t", expected: ["3"]))
    }

    @Test func conditionsAreCaseInsensitiveAndGuardHalt() {
        let records = ScriptParser.parse("skipif SQLite\nhalt\n\nonlyif MySQL\nhalt\n")
        #expect(records[0].isSkipped(engineNamed: "sqlite"))
        #expect(records[1].isSkipped(engineNamed: "sqlite"))
        #expect(!records[1].isSkipped(engineNamed: "mysql"))
    }

    @Test func badRecords() {
        let records = ScriptParser.parse("statement maybe\nSELECT 1\n\nfrobnicate\n")
        guard case .invalid(_, "SELECT 1", false) = records[0].kind else {
            Issue.record("\(records[0].kind)")
            return
        }
        guard case .invalid(_, _, true) = records[1].kind else {
            Issue.record("\(records[1].kind)")
            return
        }
    }
}

@Suite struct RenderTests {
    @Test func integerColumn() {
        #expect(SLTRender.render(.integer(42), type: "I") == "42")
        #expect(SLTRender.render(.integer(-7), type: "I") == "-7")
        #expect(SLTRender.render(.real(2.9), type: "I") == "2")
        #expect(SLTRender.render(.real(-2.9), type: "I") == "-2")
        #expect(SLTRender.render(.text("12abc"), type: "I") == "12")
        #expect(SLTRender.render(.text("  -3.7"), type: "I") == "-3")
        #expect(SLTRender.render(.text("abc"), type: "I") == "0")
        #expect(SLTRender.render(.null, type: "I") == "NULL")
        #expect(SLTRender.render(.integer(4_294_967_297), type: "I") == "1")      // 32-bit C int
        #expect(SLTRender.render(.integer(2_147_483_648), type: "I") == "-2147483648")
        #expect(SLTRender.render(.real(1e30), type: "I") == "-1")                 // Int64.max, then 32 bits
        #expect(SLTRender.render(.text("99999999999999999999"), type: "I") == "-1")
    }

    @Test func realColumn() {
        #expect(SLTRender.render(.integer(2), type: "R") == "2.000")
        #expect(SLTRender.render(.real(-0.5), type: "R") == "-0.500")
        #expect(SLTRender.render(.real(1.0 / 3.0), type: "R") == "0.333")
        #expect(SLTRender.render(.real(-0.0), type: "R") == "0.000")
        #expect(SLTRender.render(.real(-0.0001), type: "R") == "-0.000")
        #expect(SLTRender.render(.text("1.5e1x"), type: "R") == "15.000")
        #expect(SLTRender.render(.text("x"), type: "R") == "0.000")
        #expect(SLTRender.render(.text(".5"), type: "R") == "0.500")
        #expect(SLTRender.render(.null, type: "R") == "NULL")
        #expect(SLTRender.render(.real(1e20), type: "R") == "100000000000000000000.000")
        // SQLite's printf keeps 16 significant digits.
        #expect(SLTRender.render(.integer(123_456_789_012_345_678), type: "R") == "123456789012345700.000")
    }

    @Test func textColumn() {
        #expect(SLTRender.render(.text(""), type: "T") == "(empty)")
        #expect(SLTRender.render(.text("a\tb\nc"), type: "T") == "a@b@c")
        #expect(SLTRender.render(.text("é"), type: "T") == "@@")
        #expect(SLTRender.render(.integer(5), type: "T") == "5")
        #expect(SLTRender.render(.real(2), type: "T") == "2.0")
        #expect(SLTRender.render(.real(0.1), type: "T") == "0.1")
        #expect(SLTRender.render(.real(1e20), type: "T") == "1.0e+20")
        #expect(SLTRender.render(.null, type: "T") == "NULL")
        #expect(SLTRender.render(.blob([0x41, 0x00]), type: "T") == "A@")
        #expect(SLTRender.render(.integer(1), type: "X") == nil)
    }

    @Test func sorting() {
        let values = ["9", "b", "10", "a", "NULL", "1"]
        #expect(SLTRender.sort(values, width: 2, mode: .nosort) == values)
        #expect(SLTRender.sort(values, width: 2, mode: .valuesort) == ["1", "10", "9", "NULL", "a", "b"])
        // Rows (9,b) (10,a) (NULL,1): "10" < "9" < "NULL" byte-wise.
        #expect(SLTRender.sort(values, width: 2, mode: .rowsort) == ["10", "a", "9", "b", "NULL", "1"])
        #expect(SLTRender.sort(["x", "2", "x", "1"], width: 2, mode: .rowsort) == ["x", "1", "x", "2"])
    }
}

@Suite struct HashTests {
    @Test(arguments: [
        ([], "d41d8cd98f00b204e9800998ecf8427e"),
        (["1", "2", "3"], "c0710d6b4f15dfa88f600b0e6b624077"),
        (["abc"], "0bee89b07a248e27c83fc3d5951213c1"),
    ] as [([String], String)])
    func theHashIsTheMD5OfEveryValueAndANewline(values: [String], digest: String) {
        #expect(SLTRender.hash(values) == digest)
    }

    @Test func hashLine() {
        #expect(SLTRender.hash(["1", "2", "3"]) == "c0710d6b4f15dfa88f600b0e6b624077")
        #expect(SLTRender.hashLine(count: 3, hash: SLTRender.hash(["1", "2", "3"]))
                == "3 values hashing to c0710d6b4f15dfa88f600b0e6b624077")
        #expect(SLTRunner.expectedHash(["3 values hashing to c0710d6b4f15dfa88f600b0e6b624077"])
                == "c0710d6b4f15dfa88f600b0e6b624077")
        #expect(SLTRunner.expectedHash(["1", "2", "3"]) == "c0710d6b4f15dfa88f600b0e6b624077")
    }

    @Test func checkUsesThresholdAndSortsBeforeHashing() {
        let output = SLTResult(columnCount: 1, rows: [[.text("NULL")], [.integer(9)], [.integer(10)]])
        let hash = "8734f49773d90b2783e8cac06ff04f88"                       // "10\n9\nNULL\n"
        #expect(SLTRunner.check(types: "T", sort: .valuesort, output: output,
                                expected: ["3 values hashing to \(hash)"], threshold: 2) == .success(hash: hash))
        #expect(SLTRunner.check(types: "T", sort: .valuesort, output: output,
                                expected: ["10", "9", "NULL"], threshold: 8) == .success(hash: hash))
        #expect(SLTRunner.check(types: "T", sort: .valuesort, output: output,
                                expected: ["10", "9", "NULL"], threshold: 0) == .success(hash: hash))
        // Listed values when the count is at the threshold; a wrong count fails even with the right hash.
        #expect(SLTRunner.check(types: "T", sort: .valuesort, output: output,
                                expected: ["3 values hashing to \(hash)"], threshold: 3) != .success(hash: hash))
        #expect(SLTRunner.check(types: "T", sort: .valuesort, output: output,
                                expected: ["4 values hashing to \(hash)"], threshold: 2) != .success(hash: hash))
        // Column count must match the type string.
        #expect(SLTRunner.check(types: "TT", sort: .nosort, output: output,
                                expected: [], threshold: 8) != .success(hash: hash))
    }
}

/// A scripted fake engine: answers from a table of SQL → result, throws for anything else.
final class FakeEngine: SQLLogicEngine {
    let answers: [String: SLTResult]
    init(_ answers: [String: SLTResult]) { self.answers = answers }
    struct Unknown: Error {}
    func execute(_ sql: String) throws -> SLTResult {
        guard let a = answers[sql] else { throw Unknown() }
        return a
    }
}

@Suite struct RunnerTests {
    @Test func countsLabelsAndHalt() {
        let script = """
            statement ok
            OK

            statement error
            BAD

            statement ok
            BAD

            query I nosort label-1
            ONE
            ----
            1

            onlyif mysql
            query I nosort label-2
            MYSQL-ONLY
            ----
            2

            query I nosort label-2
            ONE
            ----
            1

            query I nosort label-1
            TWO
            ----
            2

            skipif sqlite
            halt

            onlyif mysql
            halt

            query I
            ONE
            ----
            1

            halt

            query I
            ONE
            ----
            1
            """
        let engine = FakeEngine([
            "OK": SLTResult(columnCount: 0, rows: []),
            "ONE": SLTResult(columnCount: 1, rows: [[.integer(1)]]),
            "TWO": SLTResult(columnCount: 1, rows: [[.integer(2)]]),
        ])
        let r = SLTRunner().run(records: ScriptParser.parse(script), engineFactory: { engine })
        #expect(r.run == 7)
        #expect(r.skipped == 1)
        #expect(r.halted)
        // Failures: `statement ok BAD`, label-2 (skipped query registered 2, got 1), label-1 (1 then 2).
        #expect(r.failed == 3)
        #expect(r.passed == 4)
        #expect(r.failures.map(\.line) == [7, 21, 26])
    }

    @Test func maxRecordsTruncates() {
        let script = (1...10).map { _ in "statement ok\nOK" }.joined(separator: "\n\n")
        let engine = FakeEngine(["OK": SLTResult(columnCount: 0, rows: [])])
        let r = SLTRunner(maxRecords: 4).run(records: ScriptParser.parse(script), engineFactory: { engine })
        #expect(r.run == 4 && r.passed == 4 && r.truncated)
    }

    @Test func engineThatCannotStart() {
        struct NoEngine: Error {}
        let r = SLTRunner().run(records: [], engineFactory: { throw NoEngine() })
        #expect(r.error != nil)
    }
}
