import Foundation
import Testing
import ToonTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `toondb import` and `export` stream: memory stays bounded however large
/// the input, standard input is read once, and every export imports back.
@Suite struct ImportStreamingTests {
    /// Runs `toondb` with `arguments` (standard input from `stdin`, or /dev/null),
    /// and returns its exit status, its standard error and its peak resident set
    /// in KiB, as `wait4` reports it for this one child.
    static func runMeasured(_ arguments: [String], stdin: String = "/dev/null", in dir: String) throws -> (status: Int32, stderr: String, peakKiB: Int) {
        let errPath = dir + "/measured.stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let path = Binaries.path("toondb")
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", Int(usage.ru_maxrss))
    }

    @Test func aLargeImportRunsInBoundedMemory() throws {
        try withDatabase { db throws in
            let dir = (db as NSString).deletingLastPathComponent
            let file = dir + "/big.jsonl"
            // 90,000 records of about 3.5 kB: 318 MB.
            let filler = String(repeating: "abcdefghij", count: 350)
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: file))
            var chunk = ""
            for i in 0..<90_000 {
                chunk += #"{"key":"rec/\#(String(format: "%06d", i))","value":{"n":\#(i),"text":"\#(filler)"}}"# + "\n"
                if i % 5_000 == 4_999 {
                    handle.write(Data(chunk.utf8))
                    chunk = ""
                }
            }
            try handle.close()
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            // Holding the file and its parsed records would take about twice its size; a
            // streaming import stays well under that. The engine's memtables (64 MiB
            // each) and block cache take most of what it uses: 192 MB peak here on a
            // quiet machine, up to 490 MB while the whole suite loaded both cores
            // (flushes and compactions lag behind), so the bound is the file's size × 1.75.
            let boundKiB = size / 1024 * 175 / 100
            let r = try Self.runMeasured(["import", "--create", db, file, "--into", "kv", "--batch-size", "1000"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.peakKiB > 0 && r.peakKiB < boundKiB, "peak resident set \(r.peakKiB) KiB for a \(size)-byte file")
            #expect(try CLI.kv("get", db, "rec/089999").stdout.contains(#""n":89999"#))
            #expect(try CLI.kv("get", db, "rec/000000").status == 0)
        }
    }

    @Test func standardInputKeepsTheBatchesBeforeABadLine() throws {
        try withDatabase { db throws in
            let good = { (r: ClosedRange<Int>) in r.map { #"{"key":"k\#($0)","value":"\#($0)"}"# + "\n" }.joined() }
            let input = good(1...25) + "{oops\n" + good(26...30)
            let r = try CLI.run(["import", "--create", db, "-", "--into", "kv", "--format", "jsonl", "--batch-size", "10"], stdin: input)
            expectOneLineError(r, "line 26", "not valid JSON", "the 20 records before its batch were committed")
            #expect(try CLI.kv("get", db, "k20").stdout == "20\n")
            #expect(try CLI.kv("get", db, "k21").status == 1)
            // --atomic: all or nothing, from standard input too.
            let atomic = try CLI.run(["import", "--create", db, "-", "--into", "kv", "--format", "jsonl", "--atomic"],
                                     stdin: good(100...130) + "[]\n")
            expectOneLineError(atomic, "line 32", "JSON object")
            #expect(try CLI.kv("get", db, "k100").status == 1)
            expectOneLineError(try CLI.run(["import", "--create", db, "-", "--into", "kv", "--format", "jsonl", "--atomic", "--batch-size", "5"], stdin: ""),
                               "--atomic")
            // The same input as a file: checked first, so nothing is written.
            let file = (db as NSString).deletingLastPathComponent + "/bad.jsonl"
            try (good(200...225) + "{oops\n").write(toFile: file, atomically: true, encoding: .utf8)
            expectOneLineError(try CLI.run(["import", db, file, "--into", "kv", "--batch-size", "1"]), "line 27")
            #expect(try CLI.kv("get", db, "k200").status == 1)
        }
    }

    @Test func everyExportImportsBack() throws {
        try withDatabase { db throws in
            let setup = """
                CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL);
                INSERT INTO t VALUES (1, 'ann', 1.5), (2, 'b,o', NULL), (3, 'say "hi"
                there', 7);
                .ns create docs
                .collection create docs/notes --dim 2
                """ + "\n"
            #expect(try CLI.run(["shell", "--create", db], stdin: setup).status == 0)
            try CLI.seed(db, [("a", "one"), ("b/c", "two, \"2\"")])
            let docs = (db as NSString).deletingLastPathComponent + "/docs.jsonl"
            try (#"{"id":"n1","vector":[1,0],"content":"red","shelf":1}"# + "\n" + #"{"id":"n2","vector":[0,1]}"# + "\n")
                .write(toFile: docs, atomically: true, encoding: .utf8)
            #expect(try CLI.run(["import", db, docs, "--into", "collection:docs/notes"]).status == 0)
            let dir = (db as NSString).deletingLastPathComponent
            for source in ["kv", "table:t", "collection:docs/notes"] {
                for format in ["jsonl", "csv"] {
                    let exported = try CLI.run(["export", db, "--from", source, "--format", format])
                    #expect(exported.status == 0, "\(exported.stderr)")
                    let file = dir + "/export.\(format)"
                    try exported.stdout.write(toFile: file, atomically: true, encoding: .utf8)
                    let copy = dir + "/copy-\(format)-\(source.replacingOccurrences(of: "/", with: "-"))"
                    if source.hasPrefix("collection") {
                        #expect(try CLI.run(["shell", "--create", copy], stdin: ".ns create docs\n.collection create docs/notes --dim 2\n").status == 0)
                    }
                    let imported = try CLI.run(["import", "--create", copy, file, "--into", source])
                    #expect(imported.status == 0, "\(source) \(format): \(imported.stderr)")
                    #expect(try CLI.run(["export", copy, "--from", source, "--format", format]).stdout == exported.stdout, "\(source) \(format)")
                }
                let toon = try CLI.run(["export", db, "--from", source, "--format", "toon"])
                let rows = lines(toon.stdout)
                #expect(rows.first?.contains("[\(rows.count - 1)]{") == true, "\(toon.stdout)")
            }
        }
    }
}
