import Foundation
import Testing
import ToonTestSupport

/// Commands open the database that exists; a new one is made only with
/// `--create` (or a "y" on a terminal, tested under tmux below), and a
/// directory that is not a database is refused (toondb(1), Opening a database).
@Suite struct OpeningTests {
    /// A command that may create a database: its arguments (`DB` stands for the path) and its standard input.
    struct Writer: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let input: String
        var testDescription: String { arguments.prefix(2).joined(separator: " ") }

        /// The command line on `db`, with `--create` after the command's name when `create`.
        func command(_ db: String, create: Bool = false) -> [String] {
            let filled = arguments.map { $0 == "DB" ? db : $0 }
            let nameLength = filled[0] == "kv" ? 2 : 1
            return Array(filled.prefix(nameLength)) + (create ? ["--create"] : []) + filled.dropFirst(nameLength)
        }
    }

    static let writers = [
        Writer(arguments: ["kv", "put", "DB", "k", "v"], input: ""),
        Writer(arguments: ["sql", "DB", "SELECT 1"], input: ""),
        Writer(arguments: ["shell", "DB"], input: "SELECT 1;\n"),
        Writer(arguments: ["import", "DB", "-", "--into", "kv", "--format", "csv"], input: "key,value\nx,1\n"),
    ]

    @Test(arguments: writers)
    func aMissingPathIsRefusedWithoutATerminalAndCreatedWithCreate(writer: Writer) throws {
        try withDatabase("typo") { db in
            let refused = try CLI.run(writer.command(db), stdin: writer.input)
            expectOneLineError(refused, "notFound", "no database at \(db)", "--create")
            #expect(!FileManager.default.fileExists(atPath: db), "created \(db) without --create")

            let created = try CLI.run(writer.command(db, create: true), stdin: writer.input)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(FileManager.default.fileExists(atPath: db + "/MANIFEST"))
            // Once it exists, no flag is needed.
            let again = try CLI.run(writer.command(db), stdin: writer.input)
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test func anEmptyDirectoryCountsAsNoDatabaseYet() throws {
        try withDatabase("empty") { db in
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
            expectOneLineError(try CLI.kv("put", db, "k", "v"), "no database at \(db)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: db).isEmpty, "nothing written into it")
            #expect(try CLI.kv("put", "--create", db, "k", "v").status == 0)
            #expect(try CLI.kv("get", db, "k").stdout == "v\n")
        }
    }

    @Test(arguments: [["kv", "get", "DB", "k"], ["kv", "put", "--create", "DB", "k", "v"], ["verify", "DB"],
                      ["sql", "--create", "DB", "SELECT 1"], ["export", "DB", "--from", "kv", "--format", "jsonl"]])
    func aDirectoryThatIsNotADatabaseIsRefusedWithWhatItHolds(template: [String]) throws {
        try withDatabase("project") { dir in
            try FileManager.default.createDirectory(atPath: dir + "/src", withIntermediateDirectories: true)
            for name in ["README.md", "notes.txt", "Package.swift"] {
                try Data("x\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
            }
            let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            let r = try CLI.run(template.map { $0 == "DB" ? dir : $0 }, stdin: "")
            expectOneLineError(r, "invalidArgument", "\(dir) is not a ToonDB database", "3 files and 1 directory",
                               "(Package.swift, README.md, notes.txt, …)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before, "no LOCK or log written")
        }
    }

    @Test func demoRefusesAnExistingPath() throws {
        try withDatabase("demo") { db in
            try CLI.seed(db, [("mine", "keep")])
            let r = try CLI.run(["demo", db, "--no-open"])
            expectOneLineError(r, "alreadyExists", db, "toondb \(db)")
            #expect(try CLI.kv("scan", db).stdout == "mine\tkeep\n", "the database is unchanged")

            let fresh = db + "-new"
            let made = try CLI.run(["demo", fresh, "--no-open"])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(try CLI.kv("get", fresh, "users/alice/email").stdout == "alice@example.com\n")
        }
    }

    @Test func theDemoScriptOpensAnEarlierDemoInsteadOfFailing() throws {
        try withDatabase("demo") { db in
            let script = CLI.repositoryRoot.appendingPathComponent("scripts/demo.sh").path
            let env = ["TOONDB": Binaries.path("toondb"), "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            let first = try RawProcess.run("/bin/bash", [script, db], stdin: Data(), environment: env)
            #expect(first.status == 0 && first.stdoutText.contains("created the demo database"), "\(first.stderrText)")
            let second = try RawProcess.run("/bin/bash", [script, db], stdin: Data(), environment: env)
            #expect(second.status == 0 && second.stdoutText.contains("exists; open it with"), "\(second.stderrText)")
        }
    }
}
