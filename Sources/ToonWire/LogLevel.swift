/// How much the server writes to standard error: each level includes the
/// ones after it (`info` also prints warnings and errors).
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case trace, debug, info, warn, error

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}
