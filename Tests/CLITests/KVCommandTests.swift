import Foundation
import Testing
import ToonTestSupport

/// What `toondb kv get|put|delete|scan|tree` do when they succeed.
@Suite struct KVCommandTests {
    @Test func putThenGetPrintsTheValue() throws {
        try withDatabase { db throws in
            let put = try CLI.kv("put", "--create", db, "users/alice/email", "alice@example.com")
            #expect(put.status == 0, "\(put.stderr)")
            #expect(put.stdout.isEmpty)
            #expect(put.stderr.isEmpty)
            #expect(FileManager.default.fileExists(atPath: db + "/MANIFEST"), "put creates the database")

            let get = try CLI.kv("get", db, "users/alice/email")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout == "alice@example.com\n")
            #expect(get.stderr.isEmpty)
        }
    }

    @Test func putCreatesMissingParentDirectories() throws {
        try withDatabase("a/b/c/db") { db throws in
            #expect(try CLI.kv("put", "--create", db, "k", "v").status == 0)
            #expect(try CLI.kv("get", db, "k").stdout == "v\n")
        }
    }

    @Test func putReplacesTheValue() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "one"), ("k", "two")])
            #expect(try CLI.kv("get", db, "k").stdout == "two\n")
        }
    }

    @Test func putAndGetWithJSON() throws {
        try withDatabase { db throws in
            let put = try CLI.kv("put", "--create", "--json", db, "greeting", "hello")
            #expect(put.status == 0, "\(put.stderr)")
            #expect(put.stdout == #"{"key":"greeting","stored":true}"# + "\n")

            let get = try CLI.kv("get", db, "greeting", "--json")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout == #"{"key":"greeting","value":"hello"}"# + "\n")
        }
    }

    @Test func jsonEscapesQuotesControlCharactersAndUnicode() throws {
        try withDatabase { db throws in
            let value = "say \"hi\"\tand\\or\nbye \u{1} é ✓"
            #expect(try CLI.kv("put", "--create", db, "k", "-", stdin: value).status == 0)
            let get = try CLI.kv("get", "--json", db, "k")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(lines(get.stdout).count == 1, "one line: \(get.stdout)")
            let object = try jsonObject(lines(get.stdout)[0])
            #expect(object["key"] as? String == "k")
            #expect(object["value"] as? String == value)
        }
    }

    @Test func valueDashReadsStandardInputByteForByte() throws {
        try withDatabase { db throws in
            let text = "line one\nline two\n"
            let put = try CLI.kv("put", "--create", db, "doc", "-", stdin: text)
            #expect(put.status == 0, "\(put.stderr)")
            // The trailing newline of the input is part of the value; get adds its own.
            #expect(try CLI.kv("get", db, "doc").stdout == text + "\n")
            let json = try CLI.kv("get", "--json", db, "doc")
            #expect(try jsonObject(lines(json.stdout)[0])["value"] as? String == text)
        }
    }

    @Test func valueDashStoresBinaryAndJSONShowsItAsHex() throws {
        try withDatabase { db throws in
            let bytes = Data([0xFF, 0x00, 0x41, 0x0A])
            let toondb = Binaries.path("toondb")
            let put = try RawProcess.run(toondb, ["kv", "put", "--create", db, "bin", "-"], stdin: bytes)
            #expect(put.status == 0, "\(put.stderrText)")

            let get = try RawProcess.run(toondb, ["kv", "get", db, "bin"])
            #expect(get.status == 0)
            #expect(get.stdout == bytes + Data([0x0A]))

            let json = try CLI.kv("get", "--json", db, "bin")
            #expect(json.stdout == #"{"key":"bin","value_hex":"ff00410a"}"# + "\n")
        }
    }

    @Test func emptyValueFromEmptyStandardInput() throws {
        try withDatabase { db throws in
            #expect(try CLI.kv("put", "--create", db, "empty", "-", stdin: "").status == 0)
            let get = try CLI.kv("get", db, "empty")
            #expect(get.status == 0, "an empty value is a value: \(get.stderr)")
            #expect(get.stdout == "\n")
        }
    }

    @Test func argumentsAfterDoubleDashMayBeginWithAHyphen() throws {
        try withDatabase { db throws in
            #expect(try CLI.kv("put", "--create", db, "--", "-key", "-value").status == 0)
            #expect(try CLI.kv("get", db, "--", "-key").stdout == "-value\n")
        }
    }

    @Test func largestKeyIsAccepted() throws {
        try withDatabase { db throws in
            let key = String(repeating: "k", count: 65536)
            let put = try CLI.kv("put", "--create", db, key, "v")
            #expect(put.status == 0, "a 65536-byte key is within the limit: \(put.stderr.prefix(200))")
            #expect(try CLI.kv("get", db, key).stdout == "v\n")
        }
    }

    @Test func deleteRemovesTheKey() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "v"), ("other", "x")])
            let del = try CLI.kv("delete", db, "k")
            #expect(del.status == 0, "\(del.stderr)")
            #expect(del.stdout.isEmpty)
            expectOneLineError(try CLI.kv("get", db, "k"), "notFound")
            #expect(try CLI.kv("get", db, "other").stdout == "x\n", "other keys stay")
        }
    }

    @Test func deleteWithJSONTellsWhetherTheKeyExisted() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "v")])
            let first = try CLI.kv("delete", "--json", db, "k")
            #expect(first.status == 0)
            #expect(first.stdout == #"{"key":"k","deleted":true}"# + "\n")
            let second = try CLI.kv("delete", "--json", db, "k")
            #expect(second.status == 0, "deleting a missing key is not an error: \(second.stderr)")
            #expect(second.stdout == #"{"key":"k","deleted":false}"# + "\n")
        }
    }

    @Test(arguments: ["full", "normal", "off"])
    func syncModesAreAccepted(mode: String) throws {
        try withDatabase { db throws in
            let put = try CLI.kv("put", "--create", "--sync", mode, db, "k", "v-\(mode)")
            #expect(put.status == 0, "\(put.stderr)")
            #expect(try CLI.kv("get", db, "k").stdout == "v-\(mode)\n", "the write survives the command")
            let eq = try CLI.kv("put", "--create", "--sync=\(mode)", db, "k2", "w")
            #expect(eq.status == 0, "\(eq.stderr)")
            let del = try CLI.kv("delete", db, "k", "--sync", mode)
            #expect(del.status == 0, "\(del.stderr)")
            #expect(try CLI.kv("get", db, "k").status == 1)
        }
    }

    @Test func versionAndHelpExitZero() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\nvector kernels: (avx512f|avx2\+fma|baseline)\ngrpc client: yes\n$"#,
                                     options: .regularExpression) != nil, "version: \(version.stdout)")
        for args in [["--help"], ["kv", "--help"], ["kv", "get", "-h"], ["help", "kv", "scan"]] {
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains("USAGE:"), "\(args)")
        }
    }
}

/// `toondb kv scan`.
@Suite struct ScanCommandTests {
    static let pairs = [("user/b", "2"), ("z", "last"), ("user/a", "1"), ("usher", "u"),
                        ("user/c", "3"), ("user/B", "upper"), ("a", "first")]

    /// Runs `body` with a database holding `pairs`.
    static func withSeeded(_ body: (String) throws -> Void) throws {
        try withDatabase { db throws in
            try CLI.seed(db, pairs)
            try body(db)
        }
    }

    @Test func scanListsEveryKeyInByteOrder() throws {
        try Self.withSeeded { db throws in
            let r = try CLI.kv("scan", db)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "a\tfirst\nuser/B\tupper\nuser/a\t1\nuser/b\t2\nuser/c\t3\nusher\tu\nz\tlast\n")
        }
    }

    @Test func scanWithPrefix() throws {
        try Self.withSeeded { db throws in
            let r = try CLI.kv("scan", db, "user/")
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "user/B\tupper\nuser/a\t1\nuser/b\t2\nuser/c\t3\n")
            let none = try CLI.kv("scan", db, "nothing/")
            #expect(none.status == 0, "an empty listing is not an error")
            #expect(none.stdout.isEmpty)
        }
    }

    @Test func scanWithLimit() throws {
        try Self.withSeeded { db throws in
            let two = try CLI.kv("scan", db, "user/", "--limit", "2")
            #expect(two.status == 0, "\(two.stderr)")
            #expect(two.stdout == "user/B\tupper\nuser/a\t1\n")
            let eq = try CLI.kv("scan", "--limit=3", db)
            #expect(eq.stdout == "a\tfirst\nuser/B\tupper\nuser/a\t1\n")
            let zero = try CLI.kv("scan", db, "--limit", "0")
            #expect(zero.status == 0)
            #expect(zero.stdout.isEmpty)
            let many = try CLI.kv("scan", db, "user/", "--limit", "100")
            #expect(lines(many.stdout).count == 4)
        }
    }

    @Test func scanWithJSONPrintsOneObjectPerLine() throws {
        try Self.withSeeded { db throws in
            let r = try CLI.kv("scan", "--json", db, "user/", "--limit", "3")
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasSuffix("\n"))
            let objects = try lines(r.stdout).map { try jsonObject($0) }
            #expect(objects.count == 3)
            #expect(objects.map { $0["key"] as? String } == ["user/B", "user/a", "user/b"])
            #expect(objects.map { $0["value"] as? String } == ["upper", "1", "2"])
            #expect(objects.allSatisfy { $0.count == 2 }, "only key and value")
        }
    }

    @Test func scanShowsTheLatestValuesAndNotDeletedKeys() throws {
        try Self.withSeeded { db throws in
            #expect(try CLI.kv("put", "--create", db, "user/a", "one").status == 0)
            #expect(try CLI.kv("delete", db, "user/b").status == 0)
            let r = try CLI.kv("scan", db, "user/")
            #expect(r.stdout == "user/B\tupper\nuser/a\tone\nuser/c\t3\n")
        }
    }
}

/// `toondb kv tree`.
@Suite struct TreeCommandTests {
    /// Runs `body` with a database holding a small tree of key paths.
    static func withSeeded(_ body: (String) throws -> Void) throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("users/alice/email", "a@example.com"), ("users/alice/name", "Alice"),
                              ("users/bob", "Bob"), ("users/bob/age", "42"), ("config/theme", "dark")])
            try body(db)
        }
    }

    @Test func treeShowsEveryNodeIndented() throws {
        try Self.withSeeded { db throws in
            let r = try CLI.kv("tree", db)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == """
                config/
                  theme
                users/
                  alice/
                    email
                    name
                  bob/ (value)
                    age

                """)
        }
    }

    @Test func treeBelowAPrefix() throws {
        try Self.withSeeded { db throws in
            let expected = "alice/\n  email\n  name\nbob/ (value)\n  age\n"
            for prefix in ["users", "users/", "/users/"] {
                let r = try CLI.kv("tree", db, prefix)
                #expect(r.status == 0, "\(prefix): \(r.stderr)")
                #expect(r.stdout == expected, "prefix \(prefix)")
            }
        }
    }

    @Test func treeDepthAndLimit() throws {
        try Self.withSeeded { db throws in
            #expect(try CLI.kv("tree", db, "--depth", "1").stdout == "config/\nusers/\n")
            #expect(try CLI.kv("tree", db, "--depth", "2").stdout == "config/\n  theme\nusers/\n  alice/\n  bob/ (value)\n")
            // The limit counts nodes at every level together.
            #expect(try CLI.kv("tree", db, "--limit", "3").stdout == "config/\n  theme\nusers/\n")
            #expect(try CLI.kv("tree", db, "--limit=0").stdout.isEmpty)
        }
    }

    @Test func treeWithJSON() throws {
        try Self.withSeeded { db throws in
            let r = try CLI.kv("tree", "--json", db)
            #expect(r.status == 0, "\(r.stderr)")
            let objects = try lines(r.stdout).map { try jsonObject($0) }
            #expect(objects.map { $0["path"] as? String } == [
                "config", "config/theme", "users", "users/alice", "users/alice/email",
                "users/alice/name", "users/bob", "users/bob/age"])
            #expect(objects.map { $0["depth"] as? Int } == [0, 1, 0, 1, 2, 2, 1, 2])
            let bob = try #require(objects.first { $0["path"] as? String == "users/bob" })
            #expect(bob["hasValue"] as? Bool == true)
            #expect(bob["hasChildren"] as? Bool == true)
            let users = try #require(objects.first { $0["path"] as? String == "users" })
            #expect(users["hasValue"] as? Bool == false)
            #expect(users["hasChildren"] as? Bool == true)
            let email = try #require(objects.first { $0["path"] as? String == "users/alice/email" })
            #expect(email["hasValue"] as? Bool == true)
            #expect(email["hasChildren"] as? Bool == false)
        }
    }

    @Test func treeOfAnEmptyDatabaseIsEmpty() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("k", "v")])
            #expect(try CLI.kv("delete", db, "k").status == 0)
            let r = try CLI.kv("tree", db)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }
}
