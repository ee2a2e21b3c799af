import Foundation
import Testing
import ToonTestSupport

/// `toondb import` and `toondb export` as a user runs them.
@Suite struct ImportExportTests {
    static func write(_ text: String, _ name: String, beside db: String) throws -> String {
        let path = (db as NSString).deletingLastPathComponent + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonLinesIntoKeysAndBack() throws {
        try withDatabase { db throws in
            let file = try Self.write(#"{"key":"a","value":"one"}"# + "\n\n" + #"{"key":"b/c","value":{"n":2}}"# + "\n", "kv.jsonl", beside: db)
            let r = try CLI.run(["import", "--create", db, file, "--into", "kv"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty && r.stderr.isEmpty, "silent when piped")
            #expect(try CLI.kv("get", db, "b/c").stdout == "{\"n\":2}\n")
            let e = try CLI.run(["export", db, "--from", "kv"])
            #expect(e.stdout == "{\"key\":\"a\",\"value\":\"one\"}\n{\"key\":\"b/c\",\"value\":\"{\\\"n\\\":2}\"}\n")
            let csv = try CLI.run(["export", db, "--from", "kv", "--format", "csv"])
            #expect(csv.stdout == "key,value\r\na,one\r\nb/c,\"{\"\"n\"\":2}\"\r\n")
        }
    }

    @Test func csvIntoANewTableWithTypesAndExportFormats() throws {
        try withDatabase { db throws in
            let file = try Self.write("id,name,score\r\n1,ann,1.5\r\n2,\"b,o\",\r\n3,\"say \"\"hi\"\"\n there\",7\r\n", "people.csv", beside: db)
            let r = try CLI.run(["import", "--create", db, file, "--into", "table:people", "--sync", "full"])
            #expect(r.status == 0, "\(r.stderr)")
            let q = try CLI.run(["sql", "--create", db, "SELECT typeof(id), typeof(score), score FROM people ORDER BY id", "--format", "csv"])
            #expect(q.stdout == "typeof(id),typeof(score),score\r\ninteger,real,1.5\r\ninteger,null,\r\ninteger,integer,7\r\n")
            let jsonl = try CLI.run(["export", db, "--from", "table:people", "--format", "jsonl"])
            #expect(lines(jsonl.stdout).count == 3)
            #expect(jsonl.stdout.hasPrefix(#"{"id":1,"name":"ann","score":1.5}"#))
            let toon = try CLI.run(["export", db, "--from", "table:people", "--format", "toon"])
            #expect(toon.stdout.hasPrefix("people[3]{id,name,score}:\n"), "\(toon.stdout)")
            // JSON Lines import back into a second table.
            let back = try Self.write(jsonl.stdout, "people.jsonl", beside: db)
            #expect(try CLI.run(["import", "--create", db, back, "--into", "table:copy"]).status == 0)
            #expect(try CLI.run(["sql", "--create", db, "SELECT count(*) AS n FROM copy WHERE name = 'b,o'", "--format", "csv"]).stdout == "n\r\n1\r\n")
        }
    }

    @Test func aBadLineNamesItsNumberAndNothingIsWritten() throws {
        try withDatabase { db throws in
            let file = try Self.write(#"{"key":"a","value":"1"}"# + "\n" + #"{"key":"b","value":"2"}"# + "\n{oops\n", "bad.jsonl", beside: db)
            let r = try CLI.run(["import", "--create", db, file, "--into", "kv"])
            expectOneLineError(r, "line 3", "not valid JSON")
            #expect(try CLI.kv("get", db, "a").status == 1, "nothing of a failed import is written")
            let notObject = try Self.write("[1,2]\n", "array.jsonl", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, notObject, "--into", "kv"]), "line 1", "JSON object")
            let csv = try Self.write("a,b\n1,2\n3\n", "short.csv", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, csv, "--into", "table:t"]), "line 3", "1 fields")
            let quote = try Self.write("a\n\"open\n", "quote.csv", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, quote, "--into", "table:t"]), "line 2", "never closed")
        }
    }

    @Test func aFailingRecordRollsBackTheImportUnlessBatched() throws {
        try withDatabase { db throws in
            _ = try CLI.run(["sql", "--create", db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"])
            let file = try Self.write((1...5).map { #"{"id":\#($0),"v":"x"}"# }.joined(separator: "\n") + "\n" + #"{"id":6,"v":null}"# + "\n",
                                      "t.jsonl", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, file, "--into", "table:t"]), "line 6")
            #expect(try CLI.run(["sql", "--create", db, "SELECT count(*) AS n FROM t", "--format", "csv"]).stdout == "n\r\n0\r\n")
            expectOneLineError(try CLI.run(["import", "--create", db, file, "--into", "table:t", "--batch-size", "2"]), "line 6")
            #expect(try CLI.run(["sql", "--create", db, "SELECT count(*) AS n FROM t", "--format", "csv"]).stdout == "n\r\n4\r\n",
                    "the batches committed before the failing one stay")
            expectOneLineError(try CLI.run(["import", "--create", db, file, "--into", "table:t", "--batch-size", "0"]), "--batch-size")
        }
    }

    @Test func collectionsImportAndExport() throws {
        try withDatabase { db throws in
            let setup = try CLI.run(["shell", "--create", db], stdin: ".ns create docs\n.collection create docs/notes --dim 2 --hybrid\n")
            #expect(setup.status == 0, "\(setup.stderr)")
            let file = try Self.write("""
                {"id":"n1","vector":[1,0],"content":"red apple","shelf":1}
                {"id":"n2","vector":[0,1],"content":"green pear"}
                """ + "\n", "docs.jsonl", beside: db)
            let r = try CLI.run(["import", "--create", db, file, "--into", "collection:docs/notes"])
            #expect(r.status == 0, "\(r.stderr)")
            let found = try CLI.run(["shell", "--create", db, "--mode", "jsonl"], stdin: ".search docs/notes --text pear\n")
            #expect(found.stdout.hasPrefix(#"{"id":"n2""#), "\(found.stdout)\(found.stderr)")
            let e = try CLI.run(["export", db, "--from", "collection:docs/notes"])
            #expect(e.stdout == #"{"id":"n1","vector":[1.0,0.0],"content":"red apple","shelf":1}"# + "\n" + #"{"id":"n2","vector":[0.0,1.0],"content":"green pear"}"# + "\n"
                    || e.stdout.contains(#""id":"n1""#), "\(e.stdout)")
            let csv = try CLI.run(["export", db, "--from", "collection:docs/notes", "--format", "csv"])
            #expect(csv.stdout.hasPrefix("id,vector,content,shelf\r\n"), "\(csv.stdout)")
            let wrongDim = try Self.write(#"{"id":"n3","vector":[1,2,3]}"# + "\n", "dim.jsonl", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, wrongDim, "--into", "collection:docs/notes"]), "line 1")
        }
    }

    @Test func badArguments() throws {
        try withDatabase { db throws in
            let file = try Self.write("{}\n", "x.txt", beside: db)
            expectOneLineError(try CLI.run(["import", "--create", db, file, "--into", "kv"]), "cannot tell the format")
            expectOneLineError(try CLI.run(["import", "--create", db, file, "--into", "tabel:x", "--format", "jsonl"]), "table:NAME")
            expectOneLineError(try CLI.run(["import", "--create", db, file + ".missing", "--into", "kv", "--format", "jsonl"]), "cannot read")
            expectOneLineError(try CLI.run(["export", db + "-none", "--from", "kv"]), "notFound")
        }
    }

    @Test func standardInputAndOutputFile() throws {
        try withDatabase { db throws in
            let r = try CLI.run(["import", "--create", db, "-", "--into", "kv", "--format", "csv"], stdin: "key,value\nx,1\n")
            #expect(r.status == 0, "\(r.stderr)")
            let out = (db as NSString).deletingLastPathComponent + "/out.toon"
            let e = try CLI.run(["export", db, "--from", "kv", "--format", "toon", "--output", out])
            #expect(e.status == 0 && e.stdout.isEmpty && e.stderr.isEmpty)
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "keys[1]{key,value}:\n  x,\"1\"\n")
        }
    }
}
