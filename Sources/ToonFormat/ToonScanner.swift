import ToonCore

/// Token-level reading of one TOON line's content (UTF-8 bytes after the
/// indentation): quoted strings (§7.1), quote-aware searches and splits,
/// and the typing of primitive tokens (§4). Positions are byte offsets into
/// `bytes`; failures are thrown as ``ToonScanner/Failure`` with the offset,
/// which the parser turns into a `line L, column C:` error.
struct ToonScanner {
    /// A fault at a byte offset of the content.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    let bytes: [UInt8]

    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let colon = UInt8(ascii: ":")

    /// The offset just past the closing quote of the quoted string opening at `start`,
    /// without decoding it, or nil when the string is unterminated.
    func skipQuoted(_ start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == Self.backslash { i += 2; continue }
            if bytes[i] == Self.quote { return i + 1 }
            i += 1
        }
        return nil
    }

    /// The offset of the first `target` byte outside quoted strings in `from..<to`.
    func firstUnquoted(_ target: UInt8, from: Int = 0, to: Int? = nil) -> Int? {
        let end = to ?? bytes.count
        var i = from
        while i < end {
            let b = bytes[i]
            if b == target { return i }
            if b == Self.quote {
                guard let next = skipQuoted(i) else { return nil }
                i = next
                continue
            }
            i += 1
        }
        return nil
    }

    /// `lo..<hi` without surrounding U+0020 spaces (only those, §12).
    func trimmed(_ lo: Int, _ hi: Int) -> Range<Int> {
        var a = lo, b = hi
        while a < b && bytes[a] == Self.space { a += 1 }
        while b > a && bytes[b - 1] == Self.space { b -= 1 }
        return a..<b
    }

    /// Splits `lo..<hi` on unquoted `delimiter` bytes, keeping empty tokens.
    func split(_ lo: Int, _ hi: Int, on delimiter: UInt8) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = lo
        var i = lo
        while i < hi {
            let b = bytes[i]
            if b == Self.quote {
                i = min(skipQuoted(i) ?? hi, hi)
                continue
            }
            if b == delimiter {
                parts.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        parts.append(start..<hi)
        return parts
    }

    /// Decodes the quoted string opening at `start` (§7.1); returns it and the offset after the closing quote.
    func readQuoted(_ start: Int) throws -> (String, Int) {
        var out: [UInt8] = []
        var i = start + 1
        var run = i
        while true {
            guard i < bytes.count else { throw Failure(offset: start, message: "unterminated string") }
            let b = bytes[i]
            if b == Self.quote {
                out.append(contentsOf: bytes[run..<i])
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            if b != Self.backslash { i += 1; continue }
            out.append(contentsOf: bytes[run..<i])
            guard i + 1 < bytes.count else { throw Failure(offset: i, message: "unterminated escape") }
            switch bytes[i + 1] {
            case Self.backslash: out.append(Self.backslash)
            case Self.quote: out.append(Self.quote)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code: UInt32 = 0
                for k in 0..<4 {
                    guard i + 2 + k < bytes.count, let d = Self.hexDigit(bytes[i + 2 + k]) else {
                        throw Failure(offset: i, message: "\\u needs four hex digits")
                    }
                    code = code * 16 + d
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw Failure(offset: i, message: "\\u\(String(code, radix: 16)) is a lone surrogate")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += 4
            default:
                let shown = bytes[i + 1] < 0x80 && bytes[i + 1] >= 0x20
                    ? "\\" + String(Character(Unicode.Scalar(bytes[i + 1]))) : "a backslash before byte 0x\(String(bytes[i + 1], radix: 16))"
                throw Failure(offset: i, message: "invalid escape \(shown)")
            }
            i += 2
            run = i
        }
    }

    private static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// The text of `range` as a String.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A key token (§7.4): a quoted key must fill the token; an unquoted one is taken literally.
    func key(_ lo: Int, _ hi: Int) throws -> String {
        let r = trimmed(lo, hi)
        if r.isEmpty { throw Failure(offset: lo, message: "missing key before ':'") }
        if bytes[r.lowerBound] == Self.quote {
            let (s, end) = try readQuoted(r.lowerBound)
            if end != r.upperBound { throw Failure(offset: end, message: "unexpected text after the quoted key") }
            return s
        }
        return text(r)
    }

    /// A primitive value token (§4): quoted string, true/false/null, a number, or else a string.
    func primitive(_ lo: Int, _ hi: Int) throws -> Value {
        let r = trimmed(lo, hi)
        if r.isEmpty { return .string("") }
        if bytes[r.lowerBound] == Self.quote {
            let (s, end) = try readQuoted(r.lowerBound)
            if end != r.upperBound { throw Failure(offset: end, message: "unexpected text after a quoted string") }
            return .string(s)
        }
        return Self.typed(bytes[r])
    }

    /// Types an unquoted token: literals, numbers by the exact §4 grammar, else a string.
    static func typed(_ token: ArraySlice<UInt8>) -> Value {
        switch token.count {
        case 4 where token.elementsEqual("true".utf8): return .bool(true)
        case 4 where token.elementsEqual("null".utf8): return .null
        case 5 where token.elementsEqual("false".utf8): return .bool(false)
        default: break
        }
        if let n = number(token) { return n }
        return .string(String(decoding: token, as: UTF8.self))
    }

    /// `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` without forbidden leading zeros, as a Value.
    /// Integers that fit 64 bits are `.int`; every other number a `.double` (±0 as 0).
    static func number(_ t: ArraySlice<UInt8>) -> Value? {
        var i = t.startIndex
        let end = t.endIndex
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if i < end && t[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < end && isDigit(t[i]) { i += 1 }
        let intDigits = i - intStart
        if intDigits == 0 { return nil }
        var integral = true
        if i < end && t[i] == UInt8(ascii: ".") {
            i += 1
            let s = i
            while i < end && isDigit(t[i]) { i += 1 }
            if i == s { return nil }
            integral = false
        }
        if i < end && (t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) { i += 1 }
            let s = i
            while i < end && isDigit(t[i]) { i += 1 }
            if i == s { return nil }
            integral = false
        }
        if i != end { return nil }
        // Forbidden leading zeros: "05", "-0001" (but "0", "0.5", "0e1" are numbers).
        if intDigits > 1 && t[intStart] == UInt8(ascii: "0") { return nil }
        let text = String(decoding: t, as: UTF8.self)
        if integral, let v = Int64(text) { return .int(v) }
        // Beyond Double's range: kept as the string it is, losing nothing (documented policy).
        guard let d = Double(text), d.isFinite else { return .string(text) }
        if d == 0 { return .int(0) }
        if d.rounded() == d, abs(d) < 9.007199254740992e15, let v = Int64(exactly: d) { return .int(v) }
        return .double(d)
    }
}
