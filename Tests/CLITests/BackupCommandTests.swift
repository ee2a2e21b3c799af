import Foundation
import Testing
import ToonTestSupport

/// `toondb backup SOURCE DESTINATION` and the console's `.backup` / `.restore`
/// (toondb(1), BACKUP AND RESTORE).
@Suite struct BackupCommandTests {
    @Test func backupWritesACopyThatVerifies() throws {
        try withDatabase("source") { db in
            try CLI.seed(db, [("users/alice", "one"), ("users/bob", "two")])
            #expect(try CLI.run(["sql", db, "CREATE TABLE t(id INTEGER PRIMARY KEY)"]).status == 0)
            let copy = db + "-copy"
            let r = try CLI.run(["backup", db, copy])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("backed up \(db) to \(copy) at sequence "), "\(r.stdout)")
            let verified = try CLI.run(["verify", copy])
            #expect(verified.status == 0 && verified.stdout.hasSuffix("ok\n"), "\(verified.stdout)\(verified.stderr)")
            #expect(try CLI.kv("scan", copy, "users/").stdout == "users/alice\tone\nusers/bob\ttwo\n")
            #expect(try CLI.run(["sql", copy, "SELECT count(*) AS n FROM t", "--format", "csv"]).stdout == "n\r\n0\r\n")
        }
    }

    @Test func backupRefusesAMissingSourceAndAnOccupiedDestination() throws {
        try withDatabase("source") { db in
            let missing = try CLI.run(["backup", db, db + "-copy"])
            expectOneLineError(missing, "notFound", "no database at \(db)")
            #expect(!FileManager.default.fileExists(atPath: db) && !FileManager.default.fileExists(atPath: db + "-copy"))

            try CLI.seed(db, [("k", "v")])
            let occupied = db + "-occupied"
            try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: URL(fileURLWithPath: occupied + "/notes.txt"))
            expectOneLineError(try CLI.run(["backup", db, occupied]), "alreadyExists", occupied)
            #expect(try FileManager.default.contentsOfDirectory(atPath: occupied) == ["notes.txt"])
            expectOneLineError(try CLI.run(["backup", db, db + "/copy"]), "invalidArgument", "inside the database")
            #expect(!FileManager.default.fileExists(atPath: db + "/copy"))
        }
    }

    @Test func consoleBackupAndRestore() throws {
        try withDatabase("db") { db in
            let copy = db + "-saved"
            let input = ".put a one\n.backup \(copy)\n.put a two\n.put b three\n.restore \(copy)\n.get a\n"
            let r = try CLI.run(["shell", "--create", db], stdin: input)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("backed up to \(copy) at sequence "), "\(r.stdout)")
            #expect(r.stdout.contains("restored \(db) from \(copy)"), "\(r.stdout)")
            #expect(try CLI.kv("scan", db).stdout == "a\tone\n", "the restore undid the later writes")
            #expect(try CLI.kv("get", copy, "a").stdout == "one\n", "the backup is left as it was")
            let parent = (db as NSString).deletingLastPathComponent
            let left = try FileManager.default.contentsOfDirectory(atPath: parent).sorted()
            #expect(left == ["db", "db-saved"], "no staging or replaced directory is left: \(left)")
        }
    }

    @Test func restoringFromADirectoryThatIsNoDatabaseChangesNothing() throws {
        try withDatabase("db") { db in
            let other = db + "-notes"
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
            let r = try CLI.run(["shell", "--create", db], stdin: ".put a one\n.restore \(other)\n.get a\n")
            #expect(r.stderr.contains("no database at \(other)"), "\(r.stderr)")
            #expect(r.stdout.contains("one"), "the database stays open and unchanged: \(r.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["notes.txt"], "nothing written into it")
        }
    }
}
