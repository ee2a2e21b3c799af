import ArgumentParser
package import Logging

/// `--log-level`: `trace`, `debug`, `info`, `warn` (or `warning`) and `error`,
/// each level writing itself and the ones after it. The spelling is exact.
extension Logger.Level: @retroactive ExpressibleByArgument {
    /// The level an argument names, or nil.
    package init?(argument: String) {
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
    package static var allValueStrings: [String] { ["trace", "debug", "info", "warn", "error"] }

    /// How `--help` shows a default.
    package var defaultValueDescription: String { self == .warning ? "warn" : rawValue }
}
