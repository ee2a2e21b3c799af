import ArgumentParser
public import Logging

/// `--log-level`: `trace`, `debug`, `info`, `warn` (or `warning`) and `error`,
/// each level writing itself and the ones after it. The spelling is exact.
extension Logger.Level: @retroactive ExpressibleByArgument {
    /// The level an argument names, or nil.
    public init?(argument: String) {
        switch argument {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    /// The names `--help` lists.
    public static var allValueStrings: [String] { ["trace", "debug", "info", "warn", "error"] }

    /// How `--help` shows a default.
    public var defaultValueDescription: String { self == .warning ? "warn" : rawValue }
}
