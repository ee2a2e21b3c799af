/// A column's type affinity, decided from its declared type by SQLite's rules
/// (https://sqlite.org/datatype3.html §3.1), and how values are converted to it.
public enum Affinity: String, Sendable, Codable {
    case integer, real, numeric, text, blob

    /// The affinity of a declared type name.
    public init(declaredType: String) {
        let t = declaredType.uppercased()
        if t.contains("INT") { self = .integer }
        else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { self = .text }
        else if t.contains("BLOB") || t.isEmpty { self = .blob }
        else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { self = .real }
        else { self = .numeric }
    }

    /// Whether this is one of the numeric affinities.
    var isNumeric: Bool { self == .integer || self == .real || self == .numeric }

    /// `value` converted as storing it in a column of this affinity does.
    public func apply(_ value: SQLValue) -> SQLValue {
        switch self {
        case .blob:
            return value
        case .text:
            switch value {
            case .integer, .real: return .text(value.textValue)
            default: return value
            }
        case .numeric, .integer:
            switch value {
            case .text(let s):
                guard let n = SQLValue.parseNumber(s, whole: true) else { return value }
                return n.integralIfExact
            case .real(let d):
                return SQLValue.real(d).integralIfExact
            default:
                return value
            }
        case .real:
            switch value {
            case .text(let s):
                guard let n = SQLValue.parseNumber(s, whole: true) else { return value }
                if case .integer(let i) = n { return .real(Double(i)) }
                return n
            case .integer(let i):
                return .real(Double(i))
            default:
                return value
            }
        }
    }
}

extension SQLValue {
    /// A real holding a whole number that fits an Int64 becomes that integer.
    var integralIfExact: SQLValue {
        if case .real(let d) = self, d == d.rounded(), abs(d) < 9.2e18 {
            let i = Int64(d)
            if Double(i) == d { return .integer(i) }
        }
        return self
    }

    /// Parses a number as SQLite reads text: with `whole`, the whole text
    /// (surrounding spaces allowed) must be a number; otherwise the longest
    /// numeric prefix is taken. nil when no number is there.
    static func parseNumber(_ s: String, whole: Bool) -> SQLValue? {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count && (b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13) { i += 1 }
        let start = i
        if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
        let digitsStart = i
        while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
        var intDigits = i - digitsStart
        var isReal = false
        if i < b.count && b[i] == 46 {
            i += 1
            let f = i
            while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
            if i - f > 0 || intDigits > 0 { isReal = true } else { i -= 1 }
            intDigits += i - f
        }
        guard intDigits > 0 else { return nil }
        if i < b.count && (b[i] == 101 || b[i] == 69) {
            var j = i + 1
            if j < b.count && (b[j] == 43 || b[j] == 45) { j += 1 }
            let e = j
            while j < b.count && b[j] >= 48 && b[j] <= 57 { j += 1 }
            if j > e { i = j; isReal = true }
        }
        let end = i
        if whole {
            while i < b.count && (b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13) { i += 1 }
            if i != b.count { return nil }
        }
        let text = String(decoding: b[start..<end], as: UTF8.self)
        if !isReal, let v = Int64(text) { return .integer(v) }
        if let d = Double(text) { return .real(d) }
        return nil
    }
}
