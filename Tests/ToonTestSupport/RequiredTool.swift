import Foundation
import Testing

/// A program some tests need (mandoc, tmux, etcd). Where it is missing, its tests
/// are skipped with ``skipReason`` — except under CI (the environment sets
/// `CI`, as `.ci/run` does): there they run and fail, naming the tool, so a
/// missing tool never lets a run pass with tests silently left out.
public struct RequiredTool: Sendable {
    public let name: String
    /// Where the tool is on `PATH`, or nil.
    public let path: String?

    public static let mandoc = RequiredTool("mandoc")
    public static let tmux = RequiredTool("tmux")
    /// etcd's server and its command-line client (Debian: etcd-server, etcd-client).
    public static let etcd = RequiredTool("etcd")
    public static let etcdctl = RequiredTool("etcdctl")

    public init(_ name: String) {
        self.name = name
        path = RawProcess.which(name)
    }

    /// Whether this is a CI run: `CI` set to anything but empty, `0` or `false`.
    public static var inCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }

    /// Whether the tests that need the tool run (`.enabled(if:)`): it is installed, or this is CI.
    public var testsRun: Bool { path != nil || Self.inCI }

    /// Why its tests were skipped.
    public var skipReason: Comment { "\(name) is not installed (scripts/install-deps.sh installs it)" }

    /// The tool's path; when it is missing (only under CI), a failure that names it.
    public func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, "\(name) is not installed, and CI runs every test: install it (scripts/install-deps.sh)",
                     sourceLocation: sourceLocation)
    }
}
