/// A JSON-like document value: what metadata, graph properties, TOON and
/// JSON documents hold. Objects keep their keys in insertion order, since
/// TOON and JSON output must keep the order a user wrote.
///
/// ```swift
/// let v: Value = ["title": "Guide", "year": 2026, "tags": ["db", "swift"]]
/// v["title"]?.stringValue   // "Guide"
/// ```
public enum Value: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits 64 bits.
    case int(Int64)
    /// Any other number (finite in JSON; TOON writes non-finite as null).
    case double(Double)
    /// Text.
    case string(String)
    /// An ordered list.
    case array([Value])
    /// Keys in insertion order.
    case object(OrderedDictionary<String, Value>)
}

extension Value {
    /// The member `key` of an object, or nil (also for non-objects).
    public subscript(key: String) -> Value? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a `.string`, else nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number of an `.int` or `.double` as a Double, else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value of an `.int`, or of a `.double` that is a whole number in range, else nil.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return nil }
            return Int64(d)
        default: return nil
        }
    }

    /// The flag of a `.bool`, else nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of an `.array`, else nil.
    public var arrayValue: [Value]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an `.object`, else nil.
    public var objectValue: OrderedDictionary<String, Value>? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        var members = OrderedDictionary<String, Value>()
        for (k, v) in elements { members[k] = v }
        self = .object(members)
    }
}
