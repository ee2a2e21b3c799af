/// SQL values written as Swift literals: `true` and `false` are 1 and 0
/// (SQLite has no boolean class), numbers and strings as written. NULL is
/// `.null`, not `nil`, so that `nil` keeps meaning "no value" for an
/// optional `SQLValue` (``SQLArguments`` literals take `nil` as NULL).
extension SQLValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    /// 1 for `true`, 0 for `false`.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }

    /// An INTEGER.
    public init(integerLiteral value: Int64) { self = .integer(value) }

    /// A REAL.
    public init(floatLiteral value: Double) { self = .real(value) }

    /// TEXT.
    public init(stringLiteral value: String) { self = .text(value) }
}
