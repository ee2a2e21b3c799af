/// JSON text for ``Value`` (RFC 8259): ``Value/init(json:)`` parses,
/// ``Value/jsonText(pretty:)`` serialises.
///
/// Parsing is strict: one value, optional surrounding whitespace, nothing
/// else. Object keys keep their document order; a repeated key keeps its
/// first position and takes its last value. A number without fraction or
/// exponent that fits 64 bits becomes `.int`, every other number `.double`
/// (a number whose magnitude overflows a Double is rejected). Nesting deeper
/// than ``Value/jsonMaximumDepth`` is an error, never a stack overflow.
/// Errors are `invalidArgument` and begin `line L, column C:` (both from 1,
/// columns counted in Unicode scalars).
///
/// Serialising writes doubles in the shortest form that reads back to the
/// same Double (an integral double keeps `.0`, so it reads back as a double);
/// NaN and ±infinity, which JSON cannot hold, are written as `null`.
extension Value {
    /// How deeply arrays and objects may nest in parsed JSON.
    public static let jsonMaximumDepth = 512

    /// Parses one JSON text.
    ///
    /// ```swift
    /// let v = try Value(json: #"{"b": 1, "a": [true, null, 2.5]}"#)
    /// v.jsonText()   // {"b":1,"a":[true,null,2.5]}
    /// ```
    /// - Throws: `invalidArgument` naming the line and column of the first fault.
    public init(json text: String) throws {
        var parser = JSONParser(Array(text.utf8))
        self = try parser.parseDocument()
    }

    /// Parses one JSON text given as UTF-8 bytes (ill-formed UTF-8 is an error).
    public init(jsonBytes bytes: [UInt8]) throws {
        var parser = JSONParser(bytes)
        self = try parser.parseDocument()
    }

    /// The value as JSON: compact (no spaces) by default, or `pretty` with
    /// two-space indentation and `": "` after keys. No trailing newline.
    public func jsonText(pretty: Bool = false) -> String {
        var out = ""
        Value.writeJSON(self, into: &out, pretty: pretty, indent: 0)
        return out
    }

    /// A double in JSON: the shortest round-trip spelling, `null` when not finite.
    package static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d == 0 ? (d.sign == .minus ? "-0.0" : "0.0") : d.description
    }

    private static func writeJSON(_ v: Value, into out: inout String, pretty: Bool, indent: Int) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += jsonNumber(d)
        case .string(let s): out += JSONText.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                writeJSON(item, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            var first = true
            for (k, item) in members {
                if !first { out += "," }
                first = false
                if pretty { newline(&out, indent + 1) }
                out += JSONText.quote(k)
                out += pretty ? ": " : ":"
                writeJSON(item, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ level: Int) {
        out += "\n"
        out += String(repeating: "  ", count: level)
    }
}

/// A recursive-descent RFC 8259 parser over UTF-8 bytes, tracking line and column.
/// `package` so other ToonDB modules can read one JSON value embedded in other text.
package struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Reads one JSON value starting exactly at byte `offset` (of a text with no line
    /// breaks before it); returns it and the offset just after it.
    package mutating func parseValue(at offset: Int) throws -> (Value, Int) {
        i = offset
        let v = try parseValue(depth: 0)
        return (v, i)
    }

    package mutating func parseDocument() throws -> Value {
        skipWhitespace()
        let v = try parseValue(depth: 0)
        skipWhitespace()
        if i < bytes.count { throw fault("unexpected \(describe(bytes[i])) after the JSON value") }
        return v
    }

    /// Column (from 1) of byte offset `at`, counting Unicode scalars.
    private func column(_ at: Int) -> Int {
        var c = 1
        var j = lineStart
        while j < at && j < bytes.count {
            if bytes[j] & 0xC0 != 0x80 { c += 1 }
            j += 1
        }
        return c
    }

    private func fault(_ what: String, at: Int? = nil) -> ToonDBError {
        ToonDBError(.invalidArgument, "line \(line), column \(column(at ?? i)): \(what)",
                    remediation: "fix the JSON input at that position")
    }

    private func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> Value {
        guard i < bytes.count else { throw fault("unexpected end of input, expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fault("unexpected \(describe(bytes[i])), expected a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let w = word.withUTF8Buffer { Array($0) }
        guard bytes.count - i >= w.count, Array(bytes[i..<i + w.count]) == w else {
            throw fault("invalid literal, expected \(word)")
        }
        i += w.count
    }

    private mutating func checkDepth(_ depth: Int) throws {
        if depth > Value.jsonMaximumDepth {
            throw fault("nesting deeper than \(Value.jsonMaximumDepth) levels")
        }
    }

    private mutating func parseArray(depth: Int) throws -> Value {
        try checkDepth(depth)
        i += 1
        var items: [Value] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < bytes.count else { throw fault("unterminated array, expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fault("unexpected \(describe(bytes[i])) in array, expected ',' or ']'")
        }
    }

    private mutating func parseObject(depth: Int) throws -> Value {
        try checkDepth(depth)
        i += 1
        var members = OrderedDictionary<String, Value>()
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw i < bytes.count ? fault("unexpected \(describe(bytes[i])), expected a quoted key")
                    : fault("unterminated object, expected a quoted key")
            }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fault("expected ':' after key \(JSONText.quote(key))") }
            i += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard i < bytes.count else { throw fault("unterminated object, expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fault("unexpected \(describe(bytes[i])) in object, expected ',' or '}'")
        }
    }

    private mutating func parseNumber() throws -> Value {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count && p.bytes[p.i] >= 0x30 && p.bytes[p.i] <= 0x39 { p.i += 1 }
            return p.i - s
        }
        let intStart = i
        let n = digits(&self)
        if n == 0 { throw fault("a number needs digits after '-'") }
        if n > 1 && bytes[intStart] == UInt8(ascii: "0") { throw fault("a number must not have leading zeros", at: intStart) }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            isInteger = false
            if digits(&self) == 0 { throw fault("a number needs digits after '.'") }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            isInteger = false
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            if digits(&self) == 0 { throw fault("a number needs digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let v = Int64(text) { return .int(v) }
        guard let d = Double(text), d.isFinite else { throw fault("number \(text) is out of range", at: start) }
        return .double(d)
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - i >= 4 else { throw fault("\\u needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw fault("\\u needs four hex digits")
            }
            v = v * 16 + UInt32(d)
            i += 1
        }
        return v
    }

    private mutating func parseString() throws -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        var runStart = i
        while true {
            guard i < bytes.count else { throw fault("unterminated string", at: open) }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<i])
                i += 1
                break
            }
            if b < 0x20 { throw fault("control character \(describe(b)) in a string must be escaped") }
            if b != UInt8(ascii: "\\") { i += 1; continue }
            out.append(contentsOf: bytes[runStart..<i])
            i += 1
            guard i < bytes.count else { throw fault("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fault("lone surrogate \\u\(String(code, radix: 16)) in a string")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fault("lone surrogate \\u\(String(code, radix: 16)) in a string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw fault("lone surrogate \\u\(String(code, radix: 16)) in a string")
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
            default:
                i -= 1
                throw fault("invalid escape \\\(describe(e))")
            }
            runStart = i
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw fault("ill-formed UTF-8 in a string", at: open)
        }
        return s
    }
}
