import Testing
@testable import ToonExplorer

/// A key-path row as a data source would give it.
func pathNode(_ key: String, branch: Bool = false, value: Bool = true) -> TreeNode {
    TreeNode(kind: .path(key: Array(key.utf8), hasValue: value), name: key.split(separator: "/").last.map(String.init)! + (branch ? "/" : ""),
             depth: 0, isBranch: branch)
}

extension AppState {
    /// Answers the one load in `effects` with `children` (the test's data source) and returns what follows.
    mutating func answer(_ effects: [Effect], with children: [TreeNode], nextAfter: String? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) -> [Effect] {
        guard effects.count == 1, case .loadChildren(let load) = effects[0] else {
            Issue.record("expected one load, got \(effects)", sourceLocation: sourceLocation)
            return []
        }
        return reduce(.childrenLoaded(load, .success(TreePage(children: children, nextAfter: nextAfter))))
    }

    /// A state whose keys section holds `a/` (a branch without a value) and `b` (a value).
    static func withKeys() -> AppState {
        var s = AppState()
        _ = s.answer(s.reduce(.start), with: [pathNode("a", branch: true, value: false), pathNode("b")])
        return s
    }

    /// Sends keys, returning every effect they asked for.
    mutating func keys(_ keys: Key...) -> [Effect] {
        keys.flatMap { reduce(.input(.key($0))) }
    }
}
