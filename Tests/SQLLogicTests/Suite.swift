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

    /// Every file runs whole (CI does this, about 3 minutes in a debug build), unless
    /// TOONDB_SLT_QUICK=1 asks for a quick local run.
    static var fullRun: Bool { ProcessInfo.processInfo.environment["TOONDB_SLT_QUICK"] != "1" }

    /// How many statement/query records of `file` run in a quick run (nil: the whole file).
    /// Measured in a debug build: every file but two runs whole in a few seconds; these two take
    /// longest whole: index/orderby/1000 (about 85 s) and select4 (about 35 s). A file that takes
    /// longer than the per-file timeout (TOONDB_SLT_TIMEOUT, default 300 s) is stopped and keeps the
    /// counts it reported so far.
    static func recordBudget(_ file: String) -> Int? {
        fullRun ? nil : budgets[file]
    }

    static let budgets: [String: Int] = [
        "index/orderby/1000/slt_good_0.test": 2_000,
        "select4.test": 2_000,
    ]

    /// The budgets, for the report's first line.
    static var budgetSummary: String {
        budgets.sorted { $0.key < $1.key }.map { "\($0.key) first \($0.value)" }.joined(separator: ", ")
    }
}
