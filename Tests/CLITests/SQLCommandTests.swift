import Foundation
import Testing
import ToonTestSupport

/// `toondb sql PATH "STATEMENTS" [--format …]` as a user runs it.
@Suite struct SQLCommandTests {
    static func sql(_ db: String, _ statements: String, _ extra: String...) throws -> Binaries.Result {
        try CLI.run(["sql", "--create", db, statements] + extra)
    }

    static func setUp(_ db: String) throws {
        let r = try sql(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL);"
                        + "INSERT INTO t(name, score) VALUES ('ann', 1.5), ('b,o', NULL), ('quote\"d', 3)")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "statements without rows print nothing")
    }

    @Test func tableIsTheDefaultFormat() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            let r = try Self.sql(db, "SELECT id, name FROM t WHERE id < 3 ORDER BY id")
            #expect(r.status == 0)
            #expect(r.stdout == "id  name\n--  ----\n1   ann\n2   b,o\n")
        }
    }

    @Test func jsonCsvAndToon() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            let query = "SELECT id, name, score FROM t ORDER BY id"
            #expect(try Self.sql(db, query, "--format", "json").stdout
                    == #"[{"id":1,"name":"ann","score":1.5},{"id":2,"name":"b,o","score":null},{"id":3,"name":"quote\"d","score":3.0}]"# + "\n")
            #expect(try Self.sql(db, query, "--format", "csv").stdout
                    == "id,name,score\r\n1,ann,1.5\r\n2,\"b,o\",\r\n3,\"quote\"\"d\",3.0\r\n")
            // Official TOON (spec v4.0): a tabular array any TOON decoder reads; 3.0 is written canonically as 3.
            #expect(try Self.sql(db, query, "--format=toon").stdout
                    == "result[3]{id,name,score}:\n  1,ann,1.5\n  2,\"b,o\",null\n  3,\"quote\\\"d\",3\n")
            // The original's compact one-line form keeps int and double apart.
            #expect(try Self.sql(db, query, "--format=compact").stdout
                    == #"result[3]{id,name,score}:1,ann,1.5;2,"b,o",null;3,"quote\"d",3.0"# + "\n")
        }
    }

    @Test func everyStatementWithRowsPrints() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            let r = try Self.sql(db, "SELECT count(*) FROM t; SELECT max(id) FROM t", "--format", "csv")
            #expect(r.stdout == "count(*)\r\n3\r\nmax(id)\r\n3\r\n")
        }
    }

    @Test func aSyntaxErrorNamesTheTokenAndPosition() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            let r = try Self.sql(db, "SELECT *\nFROM t WHERE")
            expectOneLineError(r, "sqlSyntax", "line 2")
        }
    }

    @Test func aFailingStatementChangesNothing() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            let r = try Self.sql(db, "INSERT INTO t(id, name) VALUES (10, 'x'), (1, 'duplicate')")
            expectOneLineError(r, "constraintViolation")
            #expect(try Self.sql(db, "SELECT count(*) FROM t", "--format", "csv").stdout == "count(*)\r\n3\r\n")
        }
    }

    @Test func badFormatAndSemanticErrors() throws {
        try withDatabase { db throws in
            try Self.setUp(db)
            #expect(try Self.sql(db, "SELECT 1", "--format", "xml").status != 0)
            expectOneLineError(try Self.sql(db, "SELECT nope FROM t"), "sqlSemantic", "nope")
            expectOneLineError(try Self.sql(db, "SELECT * FROM missing"), "missing")
        }
    }
}
