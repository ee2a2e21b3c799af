import Foundation
import ToonCore

/// SQLite's operators on values: arithmetic with integer overflow to real,
/// division by zero giving NULL, concatenation, bitwise operators, LIKE and GLOB.
enum Operators {
    static func arithmetic(_ op: BinaryOperator, _ a: SQLValue, _ b: SQLValue) -> SQLValue {
        let x = a.numeric, y = b.numeric
        if x.isNull || y.isNull { return .null }
        if case .integer(let i) = x, case .integer(let j) = y {
            switch op {
            case .add:
                let (r, o) = i.addingReportingOverflow(j)
                return o ? .real(Double(i) + Double(j)) : .integer(r)
            case .subtract:
                let (r, o) = i.subtractingReportingOverflow(j)
                return o ? .real(Double(i) - Double(j)) : .integer(r)
            case .multiply:
                let (r, o) = i.multipliedReportingOverflow(by: j)
                return o ? .real(Double(i) * Double(j)) : .integer(r)
            case .divide:
                if j == 0 { return .null }
                if i == Int64.min && j == -1 { return .real(-Double(i)) }
                return .integer(i / j)
            case .remainder:
                if j == 0 { return .null }
                if j == -1 { return .integer(0) }
                return .integer(i % j)
            default:
                return .null
            }
        }
        let d = x.doubleValue!, e = y.doubleValue!
        switch op {
        case .add: return real(d + e)
        case .subtract: return real(d - e)
        case .multiply: return real(d * e)
        case .divide: return e == 0 ? .null : real(d / e)
        case .remainder:
            // Each operand as an integer from what it was: text reads its integer prefix.
            guard let i = a.integerValue, let j = b.integerValue, j != 0 else { return .null }
            return .real(Double(j == -1 ? 0 : i % j))
        default: return .null
        }
    }

    /// A real result; NaN (e.g. inf − inf) is NULL as in SQLite.
    private static func real(_ d: Double) -> SQLValue { d.isNaN ? .null : .real(d) }

    static func bitwise(_ op: BinaryOperator, _ a: SQLValue, _ b: SQLValue) -> SQLValue {
        guard let i = a.integerValue, let j = b.integerValue else { return .null }
        switch op {
        case .bitAnd: return .integer(i & j)
        case .bitOr: return .integer(i | j)
        case .shiftLeft: return .integer(shift(i, j))
        case .shiftRight: return .integer(j == .min ? 0 : shift(i, -j))   // by −(−2⁶³): left by 64 or more
        default: return .null
        }
    }

    private static func shift(_ v: Int64, _ by: Int64) -> Int64 {
        if by >= 64 { return 0 }
        if by <= -64 { return v < 0 ? -1 : 0 }
        return by >= 0 ? v << by : v >> (-by)
    }

    static func concat(_ a: SQLValue, _ b: SQLValue) -> SQLValue {
        if a.isNull || b.isNull { return .null }
        return .text(a.textValue + b.textValue)
    }

    static func negate(_ a: SQLValue) -> SQLValue {
        switch a.numeric {
        case .integer(let i): return i == Int64.min ? .real(-Double(i)) : .integer(-i)
        case .real(let d): return .real(-d)
        default: return .null
        }
    }

    /// `LIKE`: `%` any run, `_` one character, ASCII letters case-insensitive, optional escape.
    static func like(_ text: String, _ pattern: String, escape: Character?) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        let esc = escape.flatMap { $0.unicodeScalars.first }
        func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
            (c.value >= 65 && c.value <= 90) ? Unicode.Scalar(c.value + 32)! : c
        }
        func match(_ ti: Int, _ pi: Int) -> Bool {
            var ti = ti, pi = pi
            while pi < p.count {
                let c = p[pi]
                if let esc, c == esc {
                    pi += 1
                    guard pi < p.count, ti < t.count, fold(t[ti]) == fold(p[pi]) else { return false }
                    ti += 1; pi += 1
                } else if c == "%" {
                    while pi < p.count && p[pi] == "%" { pi += 1 }
                    if pi == p.count { return true }
                    var k = ti
                    while k <= t.count {
                        if match(k, pi) { return true }
                        k += 1
                    }
                    return false
                } else if c == "_" {
                    guard ti < t.count else { return false }
                    ti += 1; pi += 1
                } else {
                    guard ti < t.count, fold(t[ti]) == fold(c) else { return false }
                    ti += 1; pi += 1
                }
            }
            return ti == t.count
        }
        return match(0, 0)
    }

    /// `GLOB`: `*`, `?`, `[…]` classes with ranges and `^`, case-sensitive.
    static func glob(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        func match(_ ti: Int, _ pi: Int) -> Bool {
            var ti = ti, pi = pi
            while pi < p.count {
                switch p[pi] {
                case "*":
                    while pi < p.count && p[pi] == "*" { pi += 1 }
                    if pi == p.count { return true }
                    var k = ti
                    while k <= t.count {
                        if match(k, pi) { return true }
                        k += 1
                    }
                    return false
                case "?":
                    guard ti < t.count else { return false }
                    ti += 1; pi += 1
                case "[":
                    guard ti < t.count else { return false }
                    var j = pi + 1
                    var negate = false
                    if j < p.count && p[j] == "^" { negate = true; j += 1 }
                    var matched = false
                    var first = true
                    while j < p.count && (p[j] != "]" || first) {
                        first = false
                        if j + 2 < p.count && p[j + 1] == "-" && p[j + 2] != "]" {
                            if t[ti] >= p[j] && t[ti] <= p[j + 2] { matched = true }
                            j += 3
                        } else {
                            if t[ti] == p[j] { matched = true }
                            j += 1
                        }
                    }
                    guard j < p.count, matched != negate else { return false }
                    ti += 1; pi = j + 1
                default:
                    guard ti < t.count, t[ti] == p[pi] else { return false }
                    ti += 1; pi += 1
                }
            }
            return ti == t.count
        }
        return match(0, 0)
    }
}
