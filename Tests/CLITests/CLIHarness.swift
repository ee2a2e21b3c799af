import Foundation
import Testing
import ToonTestSupport

/// Shared helpers of the black-box tests: they run the built `toondb`
/// executable as a user would and look only at its exit status, its output
/// and the files it leaves. Nothing here links the engine.
enum CLI {
    /// Runs `toondb` with `arguments` and `stdin` as its standard input.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Binaries.Result {
        try Binaries.run("toondb", arguments, stdin: stdin)
    }

    /// Runs `toondb kv <arguments>`.
    static func kv(_ arguments: String..., stdin: String? = nil) throws -> Binaries.Result {
        try run(["kv"] + arguments, stdin: stdin)
    }

    /// Stores `pairs` in the database at `db` (creating it, `--create`), one `put` each, in order.
    static func seed(_ db: String, _ pairs: [(String, String)]) throws {
        for (k, v) in pairs {
            let r = try kv("put", "--create", db, k, v)
            #expect(r.status == 0, "seeding \(k): \(r.stderr)")
        }
    }

    /// The checkout's root directory, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)   // …/Tests/CLITests/CLIHarness.swift
            .deletingLastPathComponent()  // …/Tests/CLITests
            .deletingLastPathComponent()  // …/Tests
            .deletingLastPathComponent()  // the root
    }

    /// The path of the man page.
    static var manPage: String { repositoryRoot.appendingPathComponent("Man/toondb.1").path }
}

/// Checks the failure rule every command follows: a non-zero exit status,
/// nothing on standard output, and exactly one line on standard error,
/// `toondb: code: message …`, holding each of `fragments`.
func expectOneLineError(_ r: Binaries.Result, _ fragments: String...,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == 1, "exit status \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "stdout: \(r.stdout)", sourceLocation: sourceLocation)
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 2 && lines[1].isEmpty && !lines[0].isEmpty,
            "expected exactly one line on stderr, got: \(r.stderr.debugDescription)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("toondb: "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    for f in fragments {
        #expect(r.stderr.contains(f), "stderr lacks \(f.debugDescription): \(r.stderr)", sourceLocation: sourceLocation)
    }
}

/// Parses one line of `--json` output into an object.
func jsonObject(_ line: Substring, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(line)", sourceLocation: sourceLocation)
}

/// The non-empty lines of some output.
func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: true)
}

/// Runs `body` with the path of a database directory (`name`, not yet
/// created) inside a fresh temporary directory, which is removed afterwards.
func withDatabase<T>(_ name: String = "db", _ body: (String) throws -> T) throws -> T {
    let dir = TemporaryDirectory("toondb-cli")
    return try withExtendedLifetime(dir) { try body(dir.file(name)) }
}
