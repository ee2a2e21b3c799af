import ToonCore

/// A key pattern of a policy hook. Keys and patterns are split at `/` into
/// segments:
///
/// - a segment `**` matches any number of whole segments, none included
///   (`logs/**` matches `logs`, `logs/a` and `logs/a/b/c`);
/// - in any other segment, `*` matches any run of characters other than `/`,
///   the empty run included (`users/*/email` matches `users/alice/email` but
///   not `users/a/b/email`; `tmp-*` matches `tmp-1`);
/// - every other character matches itself (there is no `?` and no escaping).
///
/// A pattern is malformed (`invalidArgument`) when it is empty, has an empty
/// segment (`a//b`, a leading or trailing `/`), or has `**` inside a longer
/// segment (`***`, `a**`).
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let description: String
    private let segments: [Segment]

    private enum Segment: Sendable, Hashable {
        case anyDepth
        case glob([UInt8])
    }

    /// Parses `pattern`; `invalidArgument` naming the fault when it is malformed.
    public init(_ pattern: String) throws {
        func bad(_ why: String) -> ToonDBError {
            ToonDBError(.invalidArgument, "the key pattern \"\(pattern)\" is malformed: \(why)",
                        remediation: "use segments separated by single /, with * for one segment and ** alone for any depth")
        }
        guard !pattern.isEmpty else { throw bad("it is empty") }
        var parsed: [Segment] = []
        for part in pattern.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw bad("it has an empty segment") }
            if part == "**" {
                if parsed.last != .anyDepth { parsed.append(.anyDepth) }
            } else if part.contains("**") {
                throw bad("** must be a whole segment")
            } else {
                parsed.append(.glob(Array(part.utf8)))
            }
        }
        description = pattern
        segments = parsed
    }

    /// Whether `key` matches.
    public func matches(_ key: String) -> Bool {
        let parts = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        // matched[i][j]: pattern segments from i match key segments from j (filled from the end).
        let n = segments.count, m = parts.count
        var next = [Bool](repeating: false, count: m + 1)
        next[m] = true
        for i in stride(from: n - 1, through: 0, by: -1) {
            var current = [Bool](repeating: false, count: m + 1)
            for j in stride(from: m, through: 0, by: -1) {
                switch segments[i] {
                case .anyDepth:
                    current[j] = next[j] || (j < m && current[j + 1])
                case .glob(let g):
                    current[j] = j < m && next[j + 1] && Self.segmentMatches(g, parts[j])
                }
            }
            next = current
        }
        return next[0]
    }

    /// `*` wildcard matching within one segment.
    private static func segmentMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0, t = 0
        var star = -1, mark = 0
        let asterisk = UInt8(ascii: "*")
        while t < text.count {
            if p < pattern.count && pattern[p] == asterisk {
                star = p
                mark = t
                p += 1
            } else if p < pattern.count && pattern[p] == text[t] {
                p += 1
                t += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == asterisk { p += 1 }
        return p == pattern.count
    }
}
