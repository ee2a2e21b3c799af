import Foundation
import Testing
import ToonTestSupport

/// A program some tests need (mandoc, tmux). Where it is missing, its tests
/// are skipped with ``skipReason`` — except under CI (the environment sets
/// `CI`, as `.ci/run` does): there they run and fail, naming the tool, so a
/// missing tool never lets a run pass with tests silently left out.
struct RequiredTool: Sendable {
    let name: String
    /// Where the tool is on `PATH`, or nil.
    let path: String?

    static let mandoc = RequiredTool("mandoc")
    static let tmux = RequiredTool("tmux")

    init(_ name: String) {
        self.name = name
        path = RawProcess.which(name)
    }

    /// Whether this is a CI run: `CI` set to anything but empty, `0` or `false`.
    static var inCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }

    /// Whether the tests that need the tool run (`.enabled(if:)`): it is installed, or this is CI.
    var testsRun: Bool { path != nil || Self.inCI }

    /// Why its tests were skipped.
    var skipReason: Comment { "\(name) is not installed (scripts/install-deps.sh installs it)" }

    /// The tool's path; when it is missing (only under CI), a failure that names it.
    func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, "\(name) is not installed, and CI runs every test: install it (scripts/install-deps.sh)",
                     sourceLocation: sourceLocation)
    }
}
