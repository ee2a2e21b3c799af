import Foundation
internal import Crypto

/// Turns result values into the text the scripts expect (FORMAT.md, "How values are rendered").
package enum SLTRender {
    /// Renders one value for a column of type letter `type` (`I`, `R` or `T`). Nil for an unknown letter.
    package static func render(_ value: SLTValue, type: Character) -> String? {
        switch type {
        case "I", "R", "T": break
        default: return nil
        }
        if case .null = value { return "NULL" }
        switch type {
        case "I": return String(Int32(truncatingIfNeeded: integerValue(value)))
        case "R": return formatFixed3(realValue(value))
        default: return printableText(value)
        }
    }

    // MARK: - I

    /// The value as a 64-bit integer, as SQLite's `sqlite3_column_int64` converts it.
    package static func integerValue(_ value: SLTValue) -> Int64 {
        switch value {
        case .null: return 0
        case .integer(let i): return i
        case .real(let d): return doubleToInt64(d)
        case .text(let s): return leadingInteger(Array(s.utf8))
        case .blob(let b): return leadingInteger(b)
        }
    }

    /// A double truncated towards zero and clamped to Int64's range (NaN is 0).
    package static func doubleToInt64(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d <= -9_223_372_036_854_775_808.0 { return Int64.min }
        if d >= 9_223_372_036_854_775_807.0 { return Int64.max }
        return Int64(d)
    }

    /// The integer at the start of some text (after spaces and a sign), clamped on overflow; 0 if none.
    package static func leadingInteger(_ bytes: [UInt8]) -> Int64 {
        var i = 0
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[i] - 48))
            if o1 || o2 { overflow = true }
            magnitude = m2
            i += 1
        }
        if negative {
            if overflow || magnitude > UInt64(Int64.max) + 1 { return Int64.min }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        if overflow || magnitude > UInt64(Int64.max) { return Int64.max }
        return Int64(magnitude)
    }

    // MARK: - R

    /// The value as a double, as SQLite's `sqlite3_column_double` converts it.
    package static func realValue(_ value: SLTValue) -> Double {
        switch value {
        case .null: return 0
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return leadingReal(Array(s.utf8))
        case .blob(let b): return leadingReal(b)
        }
    }

    /// The number at the start of some text (`[sign]digits[.digits][e[sign]digits]`), or 0.
    package static func leadingReal(_ bytes: [UInt8]) -> Double {
        var i = 0
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        let start = i
        func digits() -> Int {
            let s = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - s
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var count = digits()
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            count += digits()
        }
        guard count > 0 else { return 0 }
        var end = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            if digits() > 0 { end = i }
        }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        if text.hasSuffix(".") { text += "0" }
        if text.hasPrefix(".") { text = "0" + text }
        text = text.replacingOccurrences(of: "-.", with: "-0.").replacingOccurrences(of: "+.", with: "+0.")
        return Double(text) ?? 0
    }

    /// `%.3f` the way SQLite's printf does it: at most 16 significant digits, no `-0.000`, `Inf`.
    package static func formatFixed3(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Inf" : "-Inf" }
        if d == 0 { return "0.000" }
        let magnitude = abs(d)
        if magnitude < 1e13 { return String(format: "%.3f", d) }
        // 16 significant digits, then zeros.
        let sci = String(format: "%.15e", magnitude)            // d.ddddddddddddddde+XX
        guard let eIndex = sci.firstIndex(of: "e"), let exponent = Int(sci[sci.index(after: eIndex)...]) else {
            return String(format: "%.3f", d)
        }
        let digits = Array(sci[..<eIndex].filter { $0 != "." })  // 16 digits
        let integerCount = exponent + 1
        var integerPart = ""
        var fraction = ""
        for (k, ch) in digits.enumerated() {
            if k < integerCount { integerPart.append(ch) } else { fraction.append(ch) }
        }
        while integerPart.count < integerCount { integerPart.append("0") }
        while fraction.count < 3 { fraction.append("0") }
        return (d < 0 ? "-" : "") + integerPart + "." + fraction.prefix(3)
    }

    // MARK: - T

    /// The value as text with bytes outside 0x20...0x7E turned into `@`, and `(empty)` for "".
    package static func printableText(_ value: SLTValue) -> String {
        let bytes: [UInt8]
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return realAsText(d)
        case .text(let s): bytes = Array(s.utf8)
        case .blob(let b): bytes = b
        }
        if bytes.isEmpty { return "(empty)" }
        return String(decoding: bytes.map { $0 < 0x20 || $0 > 0x7E ? UInt8(ascii: "@") : $0 }, as: UTF8.self)
    }

    /// A real as SQLite turns it into text (`%!.15g`): 15 significant digits, always a `.`.
    package static func realAsText(_ d: Double) -> String {
        if d.isNaN { return "NULL" }
        if d.isInfinite { return d > 0 ? "Inf" : "-Inf" }
        var s = String(format: "%.15g", d)
        if !s.contains(".") {
            if let e = s.firstIndex(of: "e") { s.insert(contentsOf: ".0", at: e) } else { s += ".0" }
        }
        return s
    }

    // MARK: - Sorting and hashing

    /// Byte-wise `strcmp` order.
    package static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let n = min(pa.count, pb.count)
                let c = n == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, n)
                return c != 0 ? c < 0 : pa.count < pb.count
            }
        }
    }

    /// Sorts rendered values (row-major, `width` per row) the way `sort` says.
    package static func sort(_ values: [String], width: Int, mode: SortMode) -> [String] {
        switch mode {
        case .nosort: return values
        // Rendered values are printable ASCII, where String's `<` (Unicode scalar order) is strcmp's
        // byte order, and the standard library's comparison is much faster than ours in debug builds.
        case .valuesort:
            return values.allSatisfy(\.isASCIIFast) ? values.sorted() : values.sorted(by: precedes)
        case .rowsort:
            guard width > 0 else { return values }
            let ascii = values.allSatisfy(\.isASCIIFast)
            func less(_ x: String, _ y: String) -> Bool { ascii ? x < y : precedes(x, y) }
            let rowCount = (values.count + width - 1) / width
            var order = Array(0..<rowCount)
            order.sort { x, y in
                let a = x * width, b = y * width
                let la = min(width, values.count - a), lb = min(width, values.count - b)
                for k in 0..<min(la, lb) where values[a + k] != values[b + k] {
                    return less(values[a + k], values[b + k])
                }
                return la < lb
            }
            var sorted: [String] = []
            sorted.reserveCapacity(values.count)
            for r in order { sorted.append(contentsOf: values[(r * width)..<min(r * width + width, values.count)]) }
            return sorted
        }
    }

    /// The MD5 of every value followed by a newline.
    package static func hash(_ values: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(0) { $0 + $1.utf8.count + 1 })
        for v in values {
            bytes.append(contentsOf: v.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// `N values hashing to H`.
    package static func hashLine(count: Int, hash: String) -> String {
        "\(count) values hashing to \(hash)"
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}

extension String {
    /// Whether every byte is ASCII.
    var isASCIIFast: Bool {
        var s = self
        return s.withUTF8 { buffer in buffer.allSatisfy { $0 < 0x80 } }
    }
}
