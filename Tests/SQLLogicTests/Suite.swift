import Foundation

/// Where the conformance files live, found from this source file's path.
enum Suite {
    /// `<repo>/Tests/SQLLogicTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: testsDirectory).deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// `../shared/conformance/sqllogictest` next to the package root.
    static let directory = URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
        .appendingPathComponent("shared/conformance/sqllogictest").standardizedFileURL.path

    /// Every .test file, relative to `directory`, sorted.
    static func files() -> [String] {
        let entries = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        return entries.filter { $0.hasSuffix(".test") }.sorted()
    }

    static func path(_ relative: String) -> String { directory + "/" + relative }

    /// The big generated files, cut to their first records unless TOONDB_SLT_FULL=1.
    static func isBig(_ relative: String) -> Bool {
        relative.hasPrefix("index/") || relative.hasPrefix("random/")
    }

    static var fullRun: Bool { ProcessInfo.processInfo.environment["TOONDB_SLT_FULL"] == "1" }

    /// How many records of the big files run when not in a full run.
    static let bigFileRecordBudget = 2_000
}
