import ToonCore

/// JSON text to and from ``Value`` for the tool dispatcher's HTTP bodies:
/// objects keep their member order, integers that fit 64 bits stay `.int`,
/// non-finite doubles are written as `null`. Parsing nests at most 256
/// levels and refuses anything but one JSON value (surrounded by whitespace).
enum ValueJSON {
    /// `value` as compact JSON text.
    static func encode(_ value: Value) -> String {
        var out = ""
        write(value, &out)
        return out
    }

    private static func write(_ v: Value, _ out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): out += JSONText.quote(s)
        case .array(let a):
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                write(e, &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, (k, e)) in o.enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quote(k) + ":"
                write(e, &out)
            }
            out += "}"
        }
    }

    /// Parses JSON text; `protocolError` naming the byte offset when it is not JSON.
    static func decode(_ bytes: [UInt8]) throws -> Value {
        var p = Parser(b: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("extra text after the value") }
        return v
    }

    private struct Parser {
        let b: [UInt8]
        var i = 0

        func fail(_ why: String) -> ToonDBError {
            ToonDBError(.protocolError, "invalid JSON at byte \(i): \(why)")
        }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func literal(_ word: String, _ v: Value) throws -> Value {
            let w = Array(word.utf8)
            guard b.count - i >= w.count, Array(b[i..<i + w.count]) == w else { throw fail("expected \(word)") }
            i += w.count
            return v
        }

        mutating func value(depth: Int) throws -> Value {
            guard depth <= 256 else { throw fail("nested deeper than 256 levels") }
            guard i < b.count else { throw fail("unexpected end") }
            switch b[i] {
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                i += 1
                var a: [Value] = []
                skipSpace()
                if i < b.count && b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                while true {
                    skipSpace()
                    a.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < b.count else { throw fail("unterminated array") }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                    guard b[i] == UInt8(ascii: ",") else { throw fail("expected , or ]") }
                    i += 1
                }
            case UInt8(ascii: "{"):
                i += 1
                var o = OrderedDictionary<String, Value>()
                skipSpace()
                if i < b.count && b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    let k = try string()
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected :") }
                    i += 1
                    skipSpace()
                    o[k] = try value(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw fail("unterminated object") }
                    if b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                    guard b[i] == UInt8(ascii: ",") else { throw fail("expected , or }") }
                    i += 1
                }
            default:
                return try number()
            }
        }

        mutating func number() throws -> Value {
            let start = i
            var integral = true
            if i < b.count && b[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
            guard i > digits else { throw fail("expected a value") }
            if i < b.count && b[i] == UInt8(ascii: ".") {
                integral = false
                i += 1
                let f = i
                while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                guard i > f else { throw fail("expected digits after .") }
            }
            if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
                integral = false
                i += 1
                if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
                let e = i
                while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                guard i > e else { throw fail("expected exponent digits") }
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            if integral, let n = Int64(text) { return .int(n) }
            guard let d = Double(text) else { throw fail("bad number \(text)") }
            return .double(d)
        }

        mutating func hex4() throws -> UInt32 {
            guard b.count - i >= 4 else { throw fail("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail("bad hex digit in \\u escape")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < b.count else { throw fail("unterminated string") }
                let c = b[i]
                i += 1
                if c == UInt8(ascii: "\"") { break }
                if c < 0x20 { throw fail("control character in a string") }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard i < b.count else { throw fail("unterminated escape") }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if code >= 0xD800 && code < 0xDC00, b.count - i >= 6, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        code = (low >= 0xDC00 && low < 0xE000) ? 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw fail("bad escape")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
