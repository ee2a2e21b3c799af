import ToonCore

/// A condition on one metadata field, used by every search's `filter:`
/// (a dictionary of field → condition, all of which must hold). A literal
/// is an equality test, so `["lang": "en"]` keeps documents whose `lang` is
/// `"en"`. Numbers compare numerically (an int equals the same double),
/// strings by their UTF-8 bytes; a document without the field, or with a
/// value of another kind, does not match.
///
/// ```swift
/// try col.search(vector: q, k: 10, filter: ["lang": "en", "year": .between(2020, 2025)])
/// ```
public enum MetadataFilter: Sendable, Equatable {
    /// The field equals the value.
    case equals(Value)
    /// The field exists and differs from the value.
    case notEquals(Value)
    /// The field is less than the value.
    case lessThan(Value)
    /// The field is at most the value.
    case lessThanOrEqual(Value)
    /// The field is greater than the value.
    case greaterThan(Value)
    /// The field is at least the value.
    case greaterThanOrEqual(Value)
    /// The field lies in the closed range.
    case between(Value, Value)
    /// The field equals one of the values.
    case oneOf([Value])

    /// Whether a document's value of the field (nil: absent) satisfies the condition.
    public func matches(_ v: Value?) -> Bool {
        guard let v else { return false }
        switch self {
        case .equals(let x): return Self.compare(v, x) == 0
        case .notEquals(let x): return Self.compare(v, x).map { $0 != 0 } ?? !v.isNull
        case .lessThan(let x): return Self.compare(v, x).map { $0 < 0 } ?? false
        case .lessThanOrEqual(let x): return Self.compare(v, x).map { $0 <= 0 } ?? false
        case .greaterThan(let x): return Self.compare(v, x).map { $0 > 0 } ?? false
        case .greaterThanOrEqual(let x): return Self.compare(v, x).map { $0 >= 0 } ?? false
        case .between(let lo, let hi):
            return (Self.compare(v, lo).map { $0 >= 0 } ?? false) && (Self.compare(v, hi).map { $0 <= 0 } ?? false)
        case .oneOf(let xs): return xs.contains { Self.compare(v, $0) == 0 }
        }
    }

    /// −1, 0 or 1 for values of comparable kinds, nil otherwise.
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.null, .null): return 0
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return a == b ? 0 : nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// Whether `metadata` satisfies every condition of `filter`.
    static func matches(_ filter: [String: MetadataFilter], _ metadata: OrderedDictionary<String, Value>) -> Bool {
        filter.allSatisfy { field, condition in condition.matches(metadata[field]) }
    }
}

extension MetadataFilter: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .equals(.string(value)) }
    public init(integerLiteral value: Int64) { self = .equals(.int(value)) }
    public init(floatLiteral value: Double) { self = .equals(.double(value)) }
    public init(booleanLiteral value: Bool) { self = .equals(.bool(value)) }
}
