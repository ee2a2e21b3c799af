import Foundation
import Testing
import ToonTestSupport

/// A command pointed at a directory must never destroy what is in it, and
/// its messages must suit the command line (bugs once found here, now kept as tests).
@Suite struct DirectorySafetyTests {
    /// Names in `dir` that end with `suffix`, sorted.
    static func files(_ dir: String, endingWith suffix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// A database whose MANIFEST is lost is opened as a new, empty database,
    /// and recovery then deletes every segment file as unreferenced: a read
    /// (`kv get`) destroys the data and reports `notFound` (the failure
    /// this test guards against). Instead, a directory holding database
    /// files but no MANIFEST must be refused as `corruption`, with nothing
    /// changed (`Sources/ToonStorage/FORMAT.md` §6, step 3).
    @Test func lostManifestDoesNotDeleteTheSegmentFiles() throws {
        try withDatabase { db throws in
            try CLI.seed(db, [("a", "1"), ("b", "2")])
            let segments = Self.files(db, endingWith: ".seg")
            try #require(!segments.isEmpty, "closing the database writes segment files")
            try FileManager.default.removeItem(atPath: db + "/MANIFEST")

            let r = try CLI.kv("get", db, "a")
            #expect(Set(Self.files(db, endingWith: ".seg")).isSuperset(of: segments),
                    "segment files deleted: \(segments) → \(Self.files(db, endingWith: ".seg"))")
            #expect(r.status == 1 && !r.stderr.contains("notFound"),
                    "a lost MANIFEST is reported, not read as an empty database: \(r.stderr)")
        }
    }

    /// Pointing a command at an existing directory that is not a database
    /// replays any `<digits>.log` file in it as a write-ahead log (a text file
    /// is a "torn tail" at offset 0, so it is truncated) and deletes it, and
    /// deletes any `<digits>.seg` file — even for `kv get`, which only reads.
    @Test func foreignNumberedFilesInTheDirectoryAreLeftAlone() throws {
        try withDatabase("notes") { dir throws in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let note = dir + "/20240101.log", other = dir + "/7.seg"
            try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: note))
            try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: other))

            _ = try CLI.kv("get", dir, "k")
            #expect(FileManager.default.fileExists(atPath: note), "20240101.log was deleted")
            #expect(FileManager.default.fileExists(atPath: other), "7.seg was deleted")
        }
    }

    /// The `notFound` error for a missing database carries a hint meant for
    /// the library (`createIfMissing: true`), which a command-line user cannot act on.
    @Test func missingDatabaseHintSuitsTheCommandLine() throws {
        try withDatabase { db throws in
            let r = try CLI.kv("get", db, "k")
            expectOneLineError(r, "no database")
            #expect(!r.stderr.contains("createIfMissing"), "\(r.stderr)")
        }
    }
}
