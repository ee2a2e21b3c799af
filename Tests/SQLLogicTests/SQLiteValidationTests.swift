import Foundation
import Testing
import ToonSLT

/// The runner against the system SQLite, which produced every expected result in the suite:
/// anything short of 100% here is a runner bug (or a SQLite behaviour change since 2008).
@Suite struct SQLiteValidationTests {
    /// Files small enough to run on every `swift test`.
    static let quickFiles = [
        "select1.test", "select2.test", "select5.test",
        "evidence/in1.test", "evidence/in2.test", "evidence/slt_lang_aggfunc.test",
        "evidence/slt_lang_createtrigger.test", "evidence/slt_lang_createview.test",
        "evidence/slt_lang_dropindex.test", "evidence/slt_lang_droptable.test",
        "evidence/slt_lang_droptrigger.test", "evidence/slt_lang_dropview.test",
        "evidence/slt_lang_reindex.test", "evidence/slt_lang_replace.test",
        "evidence/slt_lang_update.test",
    ]

    /// Records whose expected results came from the 2008 SQLite and differ on today's SQLite:
    /// `sum()` of integers that overflows now throws "integer overflow" (documented in the file itself).
    static let knownDifferences: [String: Set<Int>] = [
        "evidence/slt_lang_aggfunc.test": [480, 484],
    ]

    /// The failures of a file that are not known SQLite version differences.
    static func unexpected(_ r: FileResult, _ file: String) -> Int {
        let known = knownDifferences[file] ?? []
        return r.failed - r.failures.filter { known.contains($0.line) }.count
    }

    @Test func wholeFilesPassAgainstSQLite() throws {
        try #require(!Suite.files().isEmpty, "no .test files under \(Suite.directory)")
        var results: [FileResult] = []
        for file in Self.quickFiles {
            let r = SLTRunner().run(file: Suite.path(file), engineFactory: SQLiteEngine.factory)
            results.append(r)
            #expect(r.error == nil, "\(file): \(r.error ?? "")")
            #expect(r.run > 0, "\(file) ran nothing")
            #expect(Self.unexpected(r, file) == 0, "\(file)\n\(SLTReport.failures(r, displayName: file))")
        }
        print("SQLite through the runner:\n" + SLTReport.table(results, displayName: Self.name))
    }

    /// Every file, whole, against SQLite. Opt in: TOONDB_SLT_SQLITE_ALL=1 (about a minute in debug builds).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TOONDB_SLT_SQLITE_ALL"] == "1",
                   "opt-in: TOONDB_SLT_SQLITE_ALL=1 runs every file against SQLite"))
    func everyFileAgainstSQLite() {
        var results: [FileResult] = []
        for file in Suite.files() {
            let r = SLTRunner(maxFailures: 5).run(file: Suite.path(file), engineFactory: SQLiteEngine.factory)
            results.append(r)
            if r.failed > 0 { print(SLTReport.failures(r, displayName: file)) }
        }
        print("SQLite through the runner, every file:\n" + SLTReport.table(results, displayName: Self.name))
        for r in results { #expect(Self.unexpected(r, Self.name(r.path)) == 0 && r.error == nil, "\(Self.name(r.path))") }
    }

    static func name(_ path: String) -> String {
        path.hasPrefix(Suite.directory + "/") ? String(path.dropFirst(Suite.directory.count + 1)) : path
    }
}
