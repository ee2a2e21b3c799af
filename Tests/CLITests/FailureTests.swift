import Foundation
import Testing
import ToonTestSupport

/// Every failure exits non-zero with exactly one line on standard error
/// (toondb(1), EXIT STATUS), and a failed command changes nothing on disk.
@Suite struct FailureTests {
    @Test func missingKey() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("present", "v")])
            let r = try CLI.kv("get", db, "absent")
            expectOneLineError(r, "notFound", "\"absent\"")
            expectOneLineError(try CLI.kv("get", "--json", db, "absent"), "notFound")
        }
    }

    @Test(arguments: [["get", "k"], ["scan"], ["scan", "prefix"], ["tree"], ["delete", "k"]])
    func missingDatabase(command: [String]) throws {
        try withDatabase { db throws in
            let r = try CLI.run(["kv", command[0], db] + command.dropFirst())
            expectOneLineError(r, "notFound", "no database", db)
            #expect(!FileManager.default.fileExists(atPath: db), "\(command[0]) must not create the database")
        }
    }

    @Test(arguments: [["get", "k"], ["put", "k", "v"], ["delete", "k"], ["scan"], ["tree"]])
    func databasePathIsARegularFile(command: [String]) throws {
        try withDatabase("plain.txt") { path throws in
            try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: path))
            let r = try CLI.run(["kv", command[0], path] + command.dropFirst())
            expectOneLineError(r, "invalidArgument", path, "is a file, not a database directory")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database\n", "the file is untouched")
        }
    }

    @Test(arguments: ["scan", "tree"])
    func negativeLimit(command: String) throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "v")])
            // With `=`, the value reaches the command, which refuses it in one line.
            let r = try CLI.kv(command, db, "--limit=-1")
            expectOneLineError(r, "invalidArgument", "--limit", "-1")
            // As a separate argument, `-1` reads as an option: a usage error, also non-zero.
            let separate = try CLI.kv(command, db, "--limit", "-1")
            #expect(separate.status != 0)
            #expect(separate.stdout.isEmpty)
            #expect(separate.stderr.contains("--limit"), "\(separate.stderr)")
        }
    }

    @Test func treeDepthBelowOneIsRefused() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("a/b", "v")])
            expectOneLineError(try CLI.kv("tree", db, "--depth", "0"), "invalidArgument", "--depth")
            expectOneLineError(try CLI.kv("tree", db, "--depth=-2"), "invalidArgument", "--depth")
        }
    }

    @Test func negativeLimitLeavesAMissingDatabaseUncreated() throws {
        try withDatabase { db throws in
            let r = try CLI.kv("scan", db, "--limit=-5")
            expectOneLineError(r, "--limit")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func oversizedKey() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "v")])
            let key = String(repeating: "x", count: 65537)
            for command in [["put", db, key, "v"], ["get", db, key], ["delete", db, key]] {
                let r = try CLI.run(["kv"] + command)
                expectOneLineError(r, "invalidArgument", "65537", "65536")
                #expect(r.stderr.count < 400, "the message does not echo the key: \(r.stderr.count) bytes")
            }
            #expect(try CLI.kv("scan", db).stdout == "k\tv\n", "nothing was written")
        }
    }

    @Test func badSyncModeIsRejected() throws {
        try withDatabase { db throws in
            for args in [["put", "--sync", "fast", db, "k", "v"], ["put", "--sync=FULL", db, "k", "v"],
                         ["delete", "--sync", "", db, "k"], ["put", "--sync", db, "k", "v"]] {
                let r = try CLI.run(["kv"] + args)
                #expect(r.status != 0, "\(args) must fail")
                #expect(r.stdout.isEmpty)
                #expect(r.stderr.contains("--sync"), "\(args): \(r.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: db), "a rejected command creates nothing")
        }
    }

    @Test func usageErrors() throws {
        try withDatabase { db throws in
            for args in [["kv", "get", db], ["kv", "put", db, "k"], ["kv", "frobnicate", db],
                         ["kv", "get", db, "k", "--no-such-flag"], ["kv", "tree", db, "--depth", "deep"]] {
                let r = try CLI.run(args)
                #expect(r.status == 64, "\(args): status \(r.status)")
                #expect(r.stdout.isEmpty)
                #expect(!r.stderr.isEmpty)
            }
        }
    }

    /// A second process is refused while one holds the database. The holder is
    /// itself `toondb`: `kv get` of a value larger than a pipe's buffer, with
    /// nobody reading its standard output, blocks in the middle of writing the
    /// value — with the database still open — until the pipe is drained.
    @Test(.timeLimit(.minutes(2)))
    func secondProcessIsRefusedWhileTheFirstHoldsTheDatabase() throws {
        try withDatabase { db throws in
            let big = String(repeating: "x", count: 2 << 20)
            #expect(try CLI.kv("put", "--create", db, "big", "-", stdin: big).status == 0)
            try CLI.seed(db, [("small", "s")])

            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: Binaries.path("toondb"))
            holder.arguments = ["kv", "get", db, "big"]
            let out = Pipe(), err = Pipe()
            holder.standardOutput = out
            holder.standardError = err
            holder.standardInput = FileHandle.nullDevice
            try holder.run()
            let pid = String(holder.processIdentifier)
            defer {
                if holder.isRunning { holder.terminate() }
                holder.waitUntilExit()
            }

            // The holder writes its process id into LOCK once it has the lock.
            let deadline = Date().addingTimeInterval(60)
            var lockText = ""
            while Date() < deadline && holder.isRunning {
                lockText = (try? String(contentsOfFile: db + "/LOCK", encoding: .utf8)) ?? ""
                if lockText == pid + "\n" { break }
                Thread.sleep(forTimeInterval: 0.02)
            }
            try #require(lockText == pid + "\n", "LOCK holds the holder's id; it holds \(lockText.debugDescription)")
            #expect(holder.isRunning, "the holder waits for its output to be read")

            let get = try CLI.kv("get", db, "small")
            expectOneLineError(get, "locked", "opened by process \(pid)")
            let put = try CLI.kv("put", db, "k", "v")
            expectOneLineError(put, "locked", pid)
            let scan = try CLI.kv("scan", "--json", db)
            expectOneLineError(scan, "locked")

            // Drain the holder: it finishes normally and releases the database.
            let printed = out.fileHandleForReading.readDataToEndOfFile()
            holder.waitUntilExit()
            #expect(holder.terminationStatus == 0)
            #expect(printed.count == big.utf8.count + 1)
            #expect(err.fileHandleForReading.readDataToEndOfFile().isEmpty)

            #expect(try CLI.kv("get", db, "small").stdout == "s\n", "the database opens again")
            #expect(try CLI.kv("get", db, "k").status == 1, "the refused put wrote nothing")
        }
    }
}
