import Foundation
import Testing
import ToonTestSupport

/// `toondb shell` driven through a pipe (batch mode), as a script or a program would.
@Suite struct ShellBatchTests {
    static func shell(_ db: String, _ input: String, _ extra: String...) throws -> Binaries.Result {
        try CLI.run(["shell", "--create", db] + extra, stdin: input)
    }

    @Test func statementsAndDotCommandsPrintResultsWithoutPrompts() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, """
                CREATE TABLE t(id INTEGER PRIMARY KEY,
                               name TEXT);
                INSERT INTO t(name) VALUES ('ann'), ('bo');
                SELECT name FROM t ORDER BY id;
                .mode csv
                SELECT * FROM t WHERE id = 2;
                .mode jsonl
                .tables
                .put greeting hello there
                .get greeting
                .scan gr
                """)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(r.stdout == "name\n----\nann\nbo\nid,name\r\n2,bo\r\n{\"name\":\"t\"}\nhello there\n{\"key\":\"greeting\",\"value\":\"hello there\"}\n")
        }
    }

    @Test func everyOutputMode() throws {
        try withDatabase { db throws in
            let expected: [(String, String)] = [
                ("table", "a  b\n-  -\n1  x\n"), ("json", "[{\"a\":1,\"b\":\"x\"}]\n"), ("jsonl", "{\"a\":1,\"b\":\"x\"}\n"),
                ("csv", "a,b\r\n1,x\r\n"), ("toon", "result[1]{a,b}:\n  1,x\n"), ("line", "a = 1\nb = x\n"),
                ("compact", "result[1]{a,b}:1,x\n"),
            ]
            for (mode, output) in expected {
                let r = try Self.shell(db, ".mode \(mode)\nSELECT 1 AS a, 'x' AS b;\n")
                #expect(r.status == 0)
                #expect(r.stdout == output, "mode \(mode)")
                let flag = try Self.shell(db, "SELECT 1 AS a, 'x' AS b;\n", "--mode", mode)
                #expect(flag.stdout == output, "--mode \(mode)")
            }
            let box = try Self.shell(db, ".mode box\nSELECT 1 AS a;\n")
            #expect(box.stdout.contains("│"))
        }
    }

    @Test func errorsGoToStderrWithTheLineNumberAndTheRestRuns() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, "SELECT 1 AS a;\n\nSELEC 2;\n.tabels\nSELECT\n  nope;\nSELECT 3 AS c;\n")
            #expect(r.status == 1)
            #expect(r.stdout == "a\n-\n1\nc\n-\n3\n")
            let errors = lines(r.stderr)
            #expect(errors.count == 3, "\(r.stderr)")
            #expect(errors[0].hasPrefix("toondb: line 3: sqlSyntax"), "\(errors)")
            #expect(errors[1].hasPrefix("toondb: line 4: invalidArgument: unknown command .tabels"))
            #expect(errors[1].contains("did you mean .tables?"))
            #expect(errors[2].hasPrefix("toondb: line 5: "), "\(errors)")
        }
    }

    @Test func bailStopsAtTheFirstError() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, "SELECT 1 AS a;\nSELECT nope;\nSELECT 2 AS b;\n", "--bail")
            #expect(r.status == 1)
            #expect(r.stdout == "a\n-\n1\n")
            #expect(lines(r.stderr).count == 1)
            #expect(r.stderr.hasPrefix("toondb: line 2: "))
        }
    }

    @Test func unfinishedInputAtEndOfFile() throws {
        try withDatabase { db throws in
            let missingSemicolon = try Self.shell(db, "SELECT 5 AS x")
            #expect(missingSemicolon.status == 0, "\(missingSemicolon.stderr)")
            #expect(missingSemicolon.stdout == "x\n-\n5\n")
            let string = try Self.shell(db, "SELECT 1 AS a;\nSELECT 'abc\n")
            #expect(string.status == 1)
            #expect(string.stdout == "a\n-\n1\n")
            #expect(string.stderr == "toondb: line 2: sqlSyntax: unterminated string literal at end of input\n")
            let comment = try Self.shell(db, "SELECT 1; /* never closed\n")
            #expect(comment.status == 1)
            #expect(comment.stderr.contains("unterminated /* comment"))
        }
    }

    @Test func binaryInputIsReportedNotFatal() throws {
        try withDatabase { db throws in
            let bytes: [UInt8] = [0xff, 0xfe, 0x00, 0x01, 0x3b, 0x0a] + Array("SELECT 7 AS ok;\n".utf8) + [0xc3, 0x28, 0x0a]
            let r = try RawProcess.run(Binaries.path("toondb"), ["shell", "--create", db], stdin: Data(bytes))
            #expect(r.status == 1)
            #expect(r.stdoutText == "ok\n--\n7\n")
            #expect(r.stderrText.hasPrefix("toondb: line 1: "), "\(r.stderrText)")
        }
    }

    @Test func transactionsWithDotCommandsAndSQL() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, """
                CREATE TABLE t(x);
                .begin
                INSERT INTO t VALUES (1);
                .put k v
                .abort
                BEGIN;
                INSERT INTO t VALUES (2);
                .put k2 v2
                .commit
                SELECT x FROM t;
                .get k2
                .get k
                """)
            #expect(r.stdout == "x\n-\n2\nv2\n")
            #expect(r.stderr == "toondb: line 12: notFound: no value for key \"k\"\n")
        }
    }

    @Test func collectionsGraphsAndListings() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, """
                .ns create docs
                .collection create docs/notes --dim 3 --hybrid
                .insert docs/notes n1 {"vector": [1, 0, 0], "content": "red apple"}
                .insert docs/notes n2 {"vector": [0, 1, 0], "content": "green pear", "shelf": 2}
                .mode jsonl
                .namespaces
                .collections docs
                .search docs/notes --vector [0, 1, 0.1] --k 1
                .search docs/notes --text apple
                .graph add-node a person
                .graph add-node b person
                .graph add-edge a likes b {"since": 2020}
                .graph a
                .stats
                .checkpoint
                """)
            #expect(r.status == 0, "\(r.stderr)")
            let out = lines(r.stdout)
            #expect(out[0] == #"{"name":"docs","display_name":"docs"}"#)
            #expect(out[1] == #"{"namespace":"docs","name":"notes","dimension":3,"metric":"cosine","hybrid":true,"documents":2}"#)
            #expect(out[2].hasPrefix(#"{"id":"n2""#) && out[2].contains(#""metadata":{"shelf":2}"#))
            #expect(out[3].hasPrefix(#"{"id":"n1""#))
            #expect(out[4] == "a" && out[5] == "  -likes-> b")
            #expect(out[6].hasPrefix(#"{"name":"keysCount""#))
        }
    }

    @Test func schemaTreeDeleteTimerHelp() throws {
        try withDatabase { db throws in
            let r = try Self.shell(db, """
                CREATE TABLE t(a INTEGER);
                .schema
                .put a/b 1
                .put a/c 2
                .del a/c
                .tree
                .timer on
                SELECT 1 AS one;
                .timer off
                .help .del
                """)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("CREATE TABLE t (a INTEGER);\na/\n  b\none\n---\n1\nTime: "), "\(r.stdout)")
            #expect(r.stdout.hasSuffix(".del KEY\n\n  Remove KEY and its value. Removing a key that has no value is not an error.\n"))
        }
    }

    @Test func readOutputOpenAndQuit() throws {
        try withDatabase { db throws in
            let dir = (db as NSString).deletingLastPathComponent
            let script = dir + "/script.sql"
            try "CREATE TABLE s(x);\nINSERT INTO s VALUES (9);\n".write(toFile: script, atomically: true, encoding: .utf8)
            let out = dir + "/out.txt"
            let other = dir + "/other"
            let r = try Self.shell(db, ".read \(script)\n.output \(out)\nSELECT x FROM s;\n.output\n.open \(other)\n.tables\n.quit\nSELECT 'not run';\n")
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "name\n----\n")
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "x\n-\n9\n")
            #expect(FileManager.default.fileExists(atPath: other + "/MANIFEST"))
        }
    }

    @Test func readOnlyRefusesWrites() throws {
        try withDatabase { db throws in
            _ = try Self.shell(db, "CREATE TABLE t(x);\n")
            let r = try Self.shell(db, "INSERT INTO t VALUES (1);\n.put k v\nSELECT count(*) AS n FROM t;\n", "--read-only")
            #expect(r.status == 1)
            #expect(r.stdout == "n\n-\n0\n")
            #expect(lines(r.stderr).count == 2 && r.stderr.contains("readOnly"))
        }
    }

    @Test func aLockedDatabaseIsAClearOneLineError() throws {
        try withDatabase { db throws in
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: Binaries.path("toondb"))
            holder.arguments = ["shell", "--create", db]
            let input = Pipe()
            holder.standardInput = input
            holder.standardOutput = Pipe()
            try holder.run()
            defer {
                try? input.fileHandleForWriting.close()
                holder.waitUntilExit()
            }
            // Wait until the holder has the database open.
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: db + "/LOCK"), Date() < deadline { usleep(20_000) }
            usleep(200_000)
            let r = try Self.shell(db, "SELECT 1;\n")
            expectOneLineError(r, "locked")
        }
    }

    @Test func resultsAreFlushedStatementByStatement() throws {
        try withDatabase { db throws in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Binaries.path("toondb"))
            p.arguments = ["shell", "--create", db, "--mode", "jsonl"]
            let input = Pipe(), output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            try p.run()
            defer { try? input.fileHandleForWriting.close(); p.waitUntilExit() }
            input.fileHandleForWriting.write(Data("SELECT 1 AS a;\n".utf8))
            // The first result arrives while the input is still open.
            let first = output.fileHandleForReading.availableData
            #expect(String(decoding: first, as: UTF8.self) == "{\"a\":1}\n")
            input.fileHandleForWriting.write(Data("SELECT 2 AS a;\n".utf8))
            let second = output.fileHandleForReading.availableData
            #expect(String(decoding: second, as: UTF8.self) == "{\"a\":2}\n")
        }
    }
}
