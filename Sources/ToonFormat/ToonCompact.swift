import ToonCore

/// The compact one-line TOON form of the original ToonDB (README.md, "From Swift"):
/// `users[2]{name,email}:Alice,alice@example.com;Bob,bob@example.com`.
///
/// Grammar (one line, no spaces added anywhere):
///
/// ```
/// document = name "[" count "]" "{" [ name *( "," name ) ] "}" ":" rows
/// rows     = row *( ";" row )        ; exactly `count` rows; nothing when count is 0
/// row      = cell *( "," cell )      ; exactly one cell per field
/// cell     = ""                      ; the record has no such field
///          / bare / json-string / json-array / json-object
/// bare     = null / true / false / json-number / text
/// ```
///
/// A cell is written bare when it reads back as itself: integers in decimal,
/// doubles in their shortest round-trip spelling with a `.0` kept (so `3.0`
/// stays a double and `3` an int), and text that is non-empty, has no `,`
/// `;` `"` or control characters, does not start with `[` or `{`, has no
/// leading or trailing whitespace, and is not `null`, `true`, `false` or
/// number-shaped. Every other text is a JSON string literal (so `"null"`,
/// `"42"`, `""` and `"a,b"` stay strings), arrays and objects are JSON, and
/// NaN and ±infinity are written `null`. Names follow the same rule as
/// text, with `[ ] { } :` also forcing quotes. Record keys not named in
/// `fields` are not written. With those rules
/// `decode(encode(t, r, fields: f)) == (t, f, r)` for every finite record set.
package enum ToonCompact {
    /// The compact form of `records` as table `table` with columns `fields`.
    /// (Disfavoured only so that a literal `[["k": v]]` picks the `[String: Value]` overload.)
    @_disfavoredOverload
    package static func encode(_ table: String, _ records: [OrderedDictionary<String, Value>], fields: [String]) -> String {
        var out = name(table) + "[\(records.count)]{" + fields.map(name).joined(separator: ",") + "}:"
        for (r, record) in records.enumerated() {
            if r > 0 { out += ";" }
            for (i, f) in fields.enumerated() {
                if i > 0 { out += "," }
                if let v = record[f] { out += cell(v) }
            }
        }
        return out
    }

    /// The compact form of unordered records (cells follow `fields`).
    package static func encode(_ table: String, _ records: [[String: Value]], fields: [String]) -> String {
        encode(table, records.map { r in OrderedDictionary(uniqueKeysWithValues: fields.compactMap { f in r[f].map { (f, $0) } }) },
               fields: fields)
    }

    /// Parses a compact document: the table name, the fields, and the records
    /// (keys in field order; an empty cell leaves its key out). The original
    /// server's empty reply `[]` reads as no table, no fields, no records.
    /// - Throws: `invalidArgument` naming the column at fault.
    package static func decode(_ text: String) throws -> (table: String, fields: [String], records: [OrderedDictionary<String, Value>]) {
        var p = Reader(bytes: Array(text.utf8))
        while p.bytes.last == 0x0A || p.bytes.last == 0x0D { p.bytes.removeLast() }
        if p.bytes.elementsEqual("[]".utf8) { return ("", [], []) }
        let table = try p.name(until: UInt8(ascii: "["))
        try p.expect("[")
        let countStart = p.i
        while p.i < p.bytes.count && p.bytes[p.i] >= 0x30 && p.bytes[p.i] <= 0x39 { p.i += 1 }
        guard p.i > countStart, p.i - countStart <= 12, let count = Int(String(decoding: p.bytes[countStart..<p.i], as: UTF8.self)) else {
            throw p.fault("expected the record count")
        }
        try p.expect("]")
        try p.expect("{")
        var fields: [String] = []
        if p.peek != UInt8(ascii: "}") {
            while true {
                fields.append(try p.name(until: nil))
                if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
                break
            }
        }
        try p.expect("}")
        try p.expect(":")
        var records: [OrderedDictionary<String, Value>] = []
        records.reserveCapacity(min(count, 1 << 16))
        for r in 0..<count {
            if r > 0 { try p.expect(";") }
            var record = OrderedDictionary<String, Value>()
            for (i, f) in fields.enumerated() {
                if i > 0 { try p.expect(",") }
                if let v = try p.cell() { record[f] = v }
            }
            records.append(record)
        }
        if p.i < p.bytes.count { throw p.fault("unexpected text after \(count) records") }
        return (table, fields, records)
    }

    // MARK: Writing

    private static func cell(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.jsonNumber(d)
        case .string(let s): return bareSafe(s, extra: "") ? s : JSONText.quote(s)
        case .array, .object: return v.jsonText()
        }
    }

    private static func name(_ s: String) -> String {
        bareSafe(s, extra: "[]{}:") ? s : JSONText.quote(s)
    }

    /// Whether text can be written without quotes and read back as the same string.
    static func bareSafe(_ s: String, extra: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if first.properties.isWhitespace || last.properties.isWhitespace || first == "[" || first == "{" { return false }
        if s == "null" || s == "true" || s == "false" { return false }
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || u == "," || u == ";" || u == "\"" { return false }
            if extra.unicodeScalars.contains(u) { return false }
        }
        var parser = JSONParser(Array(s.utf8))
        if let (_, end) = try? parser.parseValue(at: 0), end == s.utf8.count { return false }  // number-shaped
        return true
    }

    /// A cursor over the compact text.
    private struct Reader {
        var bytes: [UInt8]
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        func fault(_ message: String) -> ToonDBError {
            let column = 1 + String(decoding: bytes[..<min(i, bytes.count)], as: UTF8.self).unicodeScalars.count
            return ToonDBError(.invalidArgument, "column \(column): \(message)",
                               remediation: "write the compact form as name[N]{f1,f2}:v1,v2;v3,v4")
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            guard peek == UInt8(c.value) else { throw fault("expected '\(c)'") }
            i += 1
        }

        /// A table or field name: a JSON string, or bare text up to a structural character.
        mutating func name(until stop: UInt8?) throws -> String {
            if peek == UInt8(ascii: "\"") {
                var parser = JSONParser(bytes)
                do {
                    let (v, end) = try parser.parseValue(at: i)
                    i = end
                    return v.stringValue ?? ""
                } catch let e as ToonDBError {
                    throw fault("bad quoted name (\(e.message))")
                }
            }
            let start = i
            while let b = peek, b != UInt8(ascii: ","), b != UInt8(ascii: "}"), b != UInt8(ascii: "{"),
                  b != UInt8(ascii: "["), b != UInt8(ascii: "]"), b != UInt8(ascii: ":") { i += 1 }
            if stop == nil && i == start { throw fault("expected a field name") }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        /// One cell; nil when empty (the record lacks the field).
        mutating func cell() throws -> Value? {
            guard let b = peek, b != UInt8(ascii: ","), b != UInt8(ascii: ";") else { return nil }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
                var parser = JSONParser(bytes)
                do {
                    let (v, end) = try parser.parseValue(at: i)
                    i = end
                    return v
                } catch let e as ToonDBError {
                    throw fault("bad quoted or JSON value (\(e.message))")
                }
            }
            let start = i
            while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: ";") { i += 1 }
            let token = Array(bytes[start..<i])
            var parser = JSONParser(token)
            if let (v, end) = try? parser.parseValue(at: 0), end == token.count {
                switch v {
                case .array, .object, .string: break
                default: return v
                }
            }
            return .string(String(decoding: token, as: UTF8.self))
        }
    }
}
