import Foundation

/// How text compares: BINARY (bytes), NOCASE (ASCII case folded), RTRIM (trailing spaces ignored).
public enum Collation: String, Sendable, Codable {
    case binary = "BINARY", nocase = "NOCASE", rtrim = "RTRIM"

    init?(name: String) { self.init(rawValue: name.uppercased()) }
}

extension SQLValue {
    /// The storage-class rank for ordering: NULL < numbers < text < blob.
    private var rank: Int {
        switch self {
        case .null: return 0
        case .integer, .real: return 1
        case .text: return 2
        case .blob: return 3
        }
    }

    /// SQLite's total order of values (used by ORDER BY, DISTINCT, GROUP BY,
    /// min/max, and comparisons after affinity).
    public static func compare(_ a: SQLValue, _ b: SQLValue, collation: Collation = .binary) -> Int {
        let ra = a.rank, rb = b.rank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.real(let x), .real(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.integer(let x), .real(let y)): return -compareRealInt(y, x)
        case (.real(let x), .integer(let y)): return compareRealInt(x, y)
        case (.text(let x), .text(let y)): return compareText(x, y, collation)
        case (.blob(let x), .blob(let y)):
            return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        default: return 0
        }
    }

    /// Compares a real with an integer exactly.
    private static func compareRealInt(_ r: Double, _ i: Int64) -> Int {
        if r.isNaN { return -1 }
        if r < -9.223372036854775808e18 { return -1 }
        if r >= 9.223372036854775808e18 { return 1 }
        let t = Int64(r.rounded(.down))
        if t != i { return t < i ? -1 : 1 }
        let frac = r - r.rounded(.down)
        return frac > 0 ? 1 : 0
    }

    private static func compareText(_ x: String, _ y: String, _ c: Collation) -> Int {
        var a = Array(x.utf8), b = Array(y.utf8)
        switch c {
        case .binary: break
        case .nocase:
            a = a.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            b = b.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        case .rtrim:
            while a.last == 32 { a.removeLast() }
            while b.last == 32 { b.removeLast() }
        }
        if a == b { return 0 }
        return a.lexicographicallyPrecedes(b) ? -1 : 1
    }

    /// A key under which equal values (1 and 1.0; NULL with NULL) hash alike,
    /// for GROUP BY, DISTINCT, hash joins and IN sets.
    var groupingKey: SQLValue {
        if case .real = self { return integralIfExact }
        return self
    }
}

/// A row of values compared in SQLite order, for sorting and grouping.
struct ValueRow: Hashable {
    var values: [SQLValue]

    init(_ values: [SQLValue]) { self.values = values.map(\.groupingKey) }
}
