import Foundation

/// A SQL value, with SQLite's five storage classes.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Whether the value is NULL.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as SQL text would show it: NULL, 42, 1.5, text, x'0102'.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return SQLValue.formatReal(d)
        case .text(let s): return s
        case .blob(let b): return "x'" + b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() + "'"
        }
    }

    /// SQLite's rendering of a real (`%!.15g`): 15 significant digits, and
    /// an integral value keeps a `.0`.
    public static func formatReal(_ d: Double) -> String {
        if d.isNaN { return "NULL" }
        if d.isInfinite { return d > 0 ? "Inf" : "-Inf" }
        if d == 0 { return "0.0" }
        var s = String(format: "%.15g", d)
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }
}
