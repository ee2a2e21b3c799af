import Foundation

extension SQLValue {
    /// The value as text, as SQLite converts it (NULL becomes "").
    public var textValue: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return SQLValue.formatReal(d)
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// The value as a number for arithmetic: text and blobs read their
    /// numeric prefix (0 when there is none); NULL stays NULL.
    var numeric: SQLValue {
        switch self {
        case .null, .integer, .real: return self
        case .text(let s): return SQLValue.parseNumber(s, whole: false) ?? .integer(0)
        case .blob(let b): return SQLValue.parseNumber(String(decoding: b, as: UTF8.self), whole: false) ?? .integer(0)
        }
    }

    /// The value as an Int64 the way `CAST(x AS INTEGER)` does it; nil for NULL.
    /// Text and blobs read only their integer prefix, as SQLite documents
    /// for CAST: `'1e2'` is 1, `'2.7'` is 2.
    var integerValue: Int64? {
        switch self {
        case .text(let s): return SQLValue.integerPrefix(s)
        case .blob(let b): return SQLValue.integerPrefix(String(decoding: b, as: UTF8.self))
        default: break
        }
        switch numeric {
        case .integer(let i): return i
        case .real(let d):
            if d.isNaN { return 0 }
            if d >= 9.223372036854775807e18 { return Int64.max }
            if d <= -9.223372036854775808e18 { return Int64.min }
            return Int64(d)
        default: return nil
        }
    }

    /// The integer that leading white space, a sign and digits of `s` spell
    /// (0 without digits), clamped to Int64's range as SQLite clamps it.
    static func integerPrefix(_ s: String) -> Int64 {
        var bytes = s.utf8.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var magnitude: UInt64 = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { break }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (r, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 { return negative ? Int64.min : Int64.max }
            magnitude = r
        }
        if negative { return magnitude >= UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude) }
        return magnitude > UInt64(Int64.max) ? Int64.max : Int64(magnitude)
    }

    /// The value as a Double; nil for NULL.
    var doubleValue: Double? {
        switch numeric {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }

    /// SQL truth: NULL is unknown (nil); numbers are true when non-zero;
    /// text reads its numeric prefix.
    var truth: Bool? {
        switch numeric {
        case .null: return nil
        case .integer(let i): return i != 0
        case .real(let d): return d != 0
        default: return false
        }
    }

    /// `CAST(value AS typeName)`.
    func cast(to typeName: String) -> SQLValue {
        if isNull { return .null }
        switch Affinity(declaredType: typeName) {
        case .integer:
            return .integer(integerValue ?? 0)
        case .real:
            return .real(doubleValue ?? 0)
        case .text:
            if case .blob(let b) = self { return .text(String(decoding: b, as: UTF8.self)) }
            return .text(textValue)
        case .blob:
            switch self {
            case .blob: return self
            default: return .blob(Array(textValue.utf8))
            }
        case .numeric:
            switch self {
            case .integer, .real: return self
            case .text(let s): return (SQLValue.parseNumber(s, whole: false) ?? .integer(0)).integralIfExact
            case .blob(let b): return (SQLValue.parseNumber(String(decoding: b, as: UTF8.self), whole: false) ?? .integer(0)).integralIfExact
            default: return self
            }
        }
    }

    /// The name `typeof()` returns.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .integer: return "integer"
        case .real: return "real"
        case .text: return "text"
        case .blob: return "blob"
        }
    }
}
