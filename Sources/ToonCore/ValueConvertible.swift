import Foundation

/// A Swift value that becomes a ``Value`` where ToonDB takes one: metadata,
/// graph properties and other fields accept `any ValueConvertible`, so they
/// are built from variables as well as literals (GRDB's
/// `DatabaseValueConvertible` idea):
///
/// ```swift
/// try col.insert(id: id, vector: v, metadata: ["title": title, "year": year, "tag": "v\(year)"])
/// ```
///
/// Strings and substrings become text; integers and floating point numbers
/// numbers (an unsigned integer above `Int64.max` a double); `Date` the
/// ISO 8601 text of its instant in UTC with milliseconds; `Data` its Base64
/// text; arrays arrays; `OrderedDictionary` an object in its order and
/// `Dictionary` an object with its keys sorted (it has no order of its own);
/// `nil` null.
public protocol ValueConvertible {
    /// This value as a ``Value``.
    var toonValue: Value { get }
}

extension Value: ValueConvertible {
    public var toonValue: Value { self }

    /// The ``Value`` of any ``ValueConvertible``.
    public init(_ value: some ValueConvertible) { self = value.toonValue }

    /// An object of any convertible members, in the order given.
    public init(_ members: OrderedDictionary<String, any ValueConvertible>) {
        self = .object(members.mapValues(\.toonValue))
    }
}

extension String: ValueConvertible { public var toonValue: Value { .string(self) } }
extension Substring: ValueConvertible { public var toonValue: Value { .string(String(self)) } }
extension Bool: ValueConvertible { public var toonValue: Value { .bool(self) } }
extension Int: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension Int8: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension Int16: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension Int32: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension Int64: ValueConvertible { public var toonValue: Value { .int(self) } }
extension UInt8: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension UInt16: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension UInt32: ValueConvertible { public var toonValue: Value { .int(Int64(self)) } }
extension UInt: ValueConvertible { public var toonValue: Value { UInt64(self).toonValue } }
extension UInt64: ValueConvertible {
    public var toonValue: Value { Int64(exactly: self).map(Value.int) ?? .double(Double(self)) }
}
extension Double: ValueConvertible { public var toonValue: Value { .double(self) } }
extension Float: ValueConvertible { public var toonValue: Value { .double(Double(self)) } }

extension Date: ValueConvertible {
    /// `2026-12-05T07:45:55.000Z`.
    public var toonValue: Value {
        .string(formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

extension Data: ValueConvertible { public var toonValue: Value { .string(base64EncodedString()) } }

extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    public var toonValue: Value { map(\.toonValue) ?? .null }
}

extension Array: ValueConvertible where Element: ValueConvertible {
    public var toonValue: Value { .array(map(\.toonValue)) }
}

extension OrderedDictionary: ValueConvertible where Key == String, Value: ValueConvertible {
    public var toonValue: ToonCore.Value { .object(mapValues(\.toonValue)) }
}

extension Dictionary: ValueConvertible where Key == String, Value: ValueConvertible {
    public var toonValue: ToonCore.Value {
        var members = OrderedDictionary<String, ToonCore.Value>()
        for key in keys.sorted() { members[key] = self[key]!.toonValue }
        return .object(members)
    }
}

extension Value: ExpressibleByStringInterpolation {
    /// Text built by interpolation: `"v\(year)"`.
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
}

extension OrderedDictionary where Key == String, Value == any ValueConvertible {
    /// The members as ``Value``s, in their order.
    package var toonValues: OrderedDictionary<String, ToonCore.Value> { mapValues(\.toonValue) }
}
