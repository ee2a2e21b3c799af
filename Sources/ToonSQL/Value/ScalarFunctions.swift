import Foundation
import ToonCore

/// The scalar functions toondb-sql(7) lists under FUNCTIONS: SQLite's common ones.
enum ScalarFunctions {
    /// Calls `function` with the argument values `a`.
    static func call(_ function: ScalarFunction, _ a: [SQLValue]) throws -> SQLValue {
        let name = function.rawValue
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(a.count) else {
                throw ToonDBError(.sqlSemantic, "wrong number of arguments to function \(name)()")
            }
        }
        switch function {
        case .abs:
            try arity(1...1)
            switch a[0] {
            case .text, .blob: return .real(abs(a[0].doubleValue ?? 0))
            default: break
            }
            switch a[0].numeric {
            case .integer(let i):
                if i == Int64.min { throw ToonDBError(.sqlSemantic, "integer overflow in abs()") }
                return .integer(abs(i))
            case .real(let d): return .real(abs(d))
            default: return .null
            }
        case .length:
            try arity(1...1)
            switch a[0] {
            case .null: return .null
            case .blob(let b): return .integer(Int64(b.count))
            case .text(let s): return .integer(Int64(s.count))
            default: return .integer(Int64(a[0].textValue.count))
            }
        case .lower:
            try arity(1...1)
            return a[0].isNull ? .null : .text(a[0].textValue.lowercased())
        case .upper:
            try arity(1...1)
            return a[0].isNull ? .null : .text(a[0].textValue.uppercased())
        case .substr, .substring:
            try arity(2...3)
            return substr(a)
        case .round:
            try arity(1...2)
            guard let d = a[0].doubleValue else { return .null }
            var digits = a.count == 2 ? Int(a[1].integerValue ?? 0) : 0
            if a.count == 2 && a[1].isNull { return .null }
            digits = max(0, min(digits, 30))
            let m = pow(10.0, Double(digits))
            let r = (abs(d) * m).rounded(.toNearestOrAwayFromZero) / m
            return .real(d < 0 ? -r : r)
        case .coalesce:
            guard a.count >= 2 else { throw ToonDBError(.sqlSemantic, "wrong number of arguments to function coalesce()") }
            return a.first { !$0.isNull } ?? .null
        case .ifnull:
            try arity(2...2)
            return a[0].isNull ? a[1] : a[0]
        case .nullif:
            try arity(2...2)
            return SQLValue.compare(a[0], a[1]) == 0 && !a[0].isNull ? .null : a[0]
        case .iif:
            try arity(3...3)
            return a[0].truth == true ? a[1] : a[2]
        case .typeof:
            try arity(1...1)
            return .text(a[0].typeName)
        case .min, .max:
            guard !a.isEmpty else { throw ToonDBError(.sqlSemantic, "wrong number of arguments to function \(name)()") }
            if a.contains(where: \.isNull) { return .null }
            return a.dropFirst().reduce(a[0]) { best, v in
                let c = SQLValue.compare(v, best)
                return (function == .min ? c < 0 : c > 0) ? v : best
            }
        case .instr:
            try arity(2...2)
            if a[0].isNull || a[1].isNull { return .null }
            let h = a[0].textValue, n = a[1].textValue
            if n.isEmpty { return .integer(1) }
            guard let r = h.range(of: n) else { return .integer(0) }
            return .integer(Int64(h.distance(from: h.startIndex, to: r.lowerBound) + 1))
        case .replace:
            try arity(3...3)
            if a.contains(where: \.isNull) { return .null }
            let pattern = a[1].textValue
            if pattern.isEmpty { return .text(a[0].textValue) }
            return .text(a[0].textValue.replacingOccurrences(of: pattern, with: a[2].textValue))
        case .trim, .ltrim, .rtrim:
            try arity(1...2)
            if a.contains(where: \.isNull) { return .null }
            let chars = Set(a.count == 2 ? Array(a[1].textValue) : [" "])
            var s = Substring(a[0].textValue)
            if function != .rtrim { while let c = s.first, chars.contains(c) { s.removeFirst() } }
            if function != .ltrim { while let c = s.last, chars.contains(c) { s.removeLast() } }
            return .text(String(s))
        case .hex:
            try arity(1...1)
            let bytes: [UInt8]
            if case .blob(let b) = a[0] { bytes = b } else { bytes = Array(a[0].textValue.utf8) }
            return .text(bytes.map { String(format: "%02X", $0) }.joined())
        case .quote:
            try arity(1...1)
            switch a[0] {
            case .null: return .text("NULL")
            case .text(let s): return .text("'" + s.replacingOccurrences(of: "'", with: "''") + "'")
            case .blob(let b): return .text("X'" + b.map { String(format: "%02X", $0) }.joined() + "'")
            default: return .text(a[0].textValue)
            }
        case .char:
            return .text(String(String.UnicodeScalarView(a.compactMap { $0.integerValue.flatMap { Unicode.Scalar(UInt32(clamping: $0)) } })))
        case .unicode:
            try arity(1...1)
            guard !a[0].isNull, let u = a[0].textValue.unicodeScalars.first else { return .null }
            return .integer(Int64(u.value))
        case .sign:
            try arity(1...1)
            guard let d = a[0].doubleValue else { return .null }
            return .integer(d > 0 ? 1 : (d < 0 ? -1 : 0))
        case .likely, .unlikely:
            try arity(1...1)
            return a[0]
        case .random:
            try arity(0...0)
            return .integer(Int64.random(in: Int64.min...Int64.max))
        case .zeroblob:
            try arity(1...1)
            return .blob([UInt8](repeating: 0, count: max(0, min(Int(a[0].integerValue ?? 0), 1 << 20))))
        case .current_timestamp, .current_date, .current_time:
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = function == .current_date ? "yyyy-MM-dd" : (function == .current_time ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss")
            return .text(f.string(from: Date()))
        case .printf, .format:
            guard let f = a.first, !f.isNull else { return .null }
            return .text(printf(f.textValue, Array(a.dropFirst())))
        }
    }

    /// `substr(x, start[, length])` with SQLite's 1-based and negative positions.
    private static func substr(_ a: [SQLValue]) -> SQLValue {
        if a.contains(where: \.isNull) { return .null }
        let isBlob: Bool
        let items: [UInt32]
        if case .blob(let b) = a[0] { isBlob = true; items = b.map(UInt32.init) } else {
            isBlob = false
            items = a[0].textValue.unicodeScalars.map(\.value)
        }
        let n = Int64(items.count)
        var start = a[1].integerValue ?? 0
        var len: Int64 = a.count == 3 ? (a[2].integerValue ?? 0) : Int64(Int32.max)
        var negativeLength = false
        if len < 0 {
            len = len == Int64.min ? Int64.max : -len
            negativeLength = true
        }
        if start < 0 {
            start += n
            if start < 0 {
                len += start
                if len < 0 { len = 0 }
                start = 0
            }
        } else if start > 0 {
            start -= 1
        } else if len > 0 {
            len -= 1
        }
        if negativeLength {
            start -= len
            if start < 0 {
                len += start
                start = 0
            }
        }
        if start >= n || len <= 0 { return isBlob ? .blob([]) : .text("") }
        let end = min(n, start + len)
        let slice = items[Int(start)..<Int(end)]
        if isBlob { return .blob(slice.map { UInt8($0) }) }
        return .text(String(String.UnicodeScalarView(slice.compactMap(Unicode.Scalar.init))))
    }

    /// A small `printf`: %d %i %f %s %x %c %% with optional width/precision.
    private static func printf(_ format: String, _ args: [SQLValue]) -> String {
        var out = ""
        var i = format.startIndex
        var argIndex = 0
        func next() -> SQLValue { defer { argIndex += 1 }; return argIndex < args.count ? args[argIndex] : .null }
        while i < format.endIndex {
            let c = format[i]
            guard c == "%" else { out.append(c); i = format.index(after: i); continue }
            var spec = "%"
            i = format.index(after: i)
            while i < format.endIndex, "0123456789.-+ #".contains(format[i]) { spec.append(format[i]); i = format.index(after: i) }
            guard i < format.endIndex else { break }
            let conv = format[i]
            i = format.index(after: i)
            switch conv {
            case "%": out += "%"
            case "d", "i": out += String(format: spec + "lld", next().integerValue ?? 0)
            case "f", "e", "g", "E", "G": out += String(format: spec + String(conv), next().doubleValue ?? 0)
            case "x", "X", "o": out += String(format: spec + "ll" + String(conv), next().integerValue ?? 0)
            case "c": out += String(next().textValue.prefix(1))
            default: out += next().textValue
            }
        }
        return out
    }
}
