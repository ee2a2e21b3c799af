import ToonCore

/// Encodes a ``Value`` as TOON text (the official format, spec v4.0,
/// `toon-spec: 4.0`): objects by indentation, uniform arrays of objects as
/// tables, objects of uniform objects as keyed tables, strings quoted only
/// when the spec requires it, numbers in canonical decimal form.
///
/// ```swift
/// ToonEncoder().encode(["users": [["id": 1, "name": "Ada"], ["id": 2, "name": "Bob"]]])
/// // users[2]{id,name}:
/// //   1,Ada
/// //   2,Bob
/// ```
///
/// Doubles that are NaN or infinite are written as `null` (spec §3); no
/// trailing newline is written.
package struct ToonEncoder: Sendable {
    /// Encoder options (spec §13).
    package struct Options: Sendable {
        /// Spaces per indentation level (default 2).
        package var indentSize: Int
        /// The document delimiter, used by every array header (default comma).
        package var delimiter: ToonDelimiter

        /// Creates options.
        package init(indentSize: Int = 2, delimiter: ToonDelimiter = .comma) {
            self.indentSize = indentSize
            self.delimiter = delimiter
        }
    }

    /// The options in use.
    package var options: Options

    /// Creates an encoder.
    package init(options: Options = Options()) { self.options = options }

    /// The TOON text of `value`.
    package func encode(_ value: Value) -> String {
        var lines: [String] = []
        switch value {
        case .array(let items):
            array(key: nil, items, depth: 0, into: &lines)
        case .object(let members):
            if members.isEmpty { return "" }
            if let fields = keyedFields(members) {
                keyed(key: nil, members, fields, depth: 0, into: &lines)
            } else {
                for (k, v) in members { field(k, v, depth: 0, into: &lines) }
            }
        default:
            return primitive(value, delimiter: options.delimiter.byte)
        }
        return lines.joined(separator: "\n")
    }

    private var d: UInt8 { options.delimiter.byte }

    /// The indentation of `depth` levels.
    func indent(_ depth: Int) -> String { String(repeating: " ", count: depth * options.indentSize) }

    private func field(_ key: String, _ value: Value, depth: Int, into lines: inout [String]) {
        let k = ToonEncoder.key(key)
        switch value {
        case .array(let items):
            array(key: k, items, depth: depth, into: &lines)
        case .object(let members):
            if let fields = keyedFields(members) {
                keyed(key: k, members, fields, depth: depth, into: &lines)
            } else {
                lines.append(indent(depth) + k + ":")
                for (ck, cv) in members { field(ck, cv, depth: depth + 1, into: &lines) }
            }
        default:
            lines.append(indent(depth) + k + ": " + primitive(value, delimiter: d))
        }
    }

    /// `key[N]…` and what follows. `key` is already encoded; nil for a root or list-item array.
    private func array(key: String?, _ items: [Value], depth: Int, listItem: Bool = false, into lines: inout [String]) {
        let prefix = indent(depth) + (listItem ? "- " : "") + (key ?? "")
        let sym = options.delimiter.headerSymbol
        if items.isEmpty {
            lines.append(listItem ? prefix + "[0\(sym)]:" : (key == nil ? prefix + "[]" : prefix + ": []"))
            return
        }
        if items.allSatisfy(\.isPrimitive) {
            let values = items.map { primitive($0, delimiter: d) }.joined(separator: options.delimiter.character)
            lines.append(prefix + "[\(items.count)\(sym)]: " + values)
            return
        }
        if !listItem, let objects = Self.objects(items), let fields = Self.tabularFields(objects) {
            lines.append(tableHeader(prefix, count: items.count, fields: fields))
            for o in objects { lines.append(indent(depth + 1) + row(o, fields)) }
            return
        }
        lines.append(prefix + "[\(items.count)\(sym)]:")
        for item in items { self.listItem(item, depth: depth + 1, into: &lines) }
    }

    private func listItem(_ item: Value, depth: Int, into lines: inout [String]) {
        switch item {
        case .array(let inner):
            array(key: nil, inner, depth: depth, listItem: true, into: &lines)
        case .object(let members):
            guard let (firstKey, firstValue) = members.elements.first else {
                lines.append(indent(depth) + "-")
                return
            }
            // The first field is written as at depth + 1, then its line takes the hyphen (§10).
            let start = lines.count
            field(firstKey, firstValue, depth: depth + 1, into: &lines)
            lines[start] = indent(depth) + "- " + lines[start].dropFirst((depth + 1) * options.indentSize)
            for (k, v) in members.elements.dropFirst() { field(k, v, depth: depth + 1, into: &lines) }
        default:
            lines.append(indent(depth) + "- " + primitive(item, delimiter: d))
        }
    }

    private func keyed(key: String?, _ members: OrderedDictionary<String, Value>, _ fields: [ToonField], depth: Int,
                       into lines: inout [String]) {
        lines.append(indent(depth) + (key ?? "") + "[\(members.count):\(options.delimiter.headerSymbol)]" + fieldList(fields) + ":")
        for (k, v) in members {
            guard case .object(let o) = v else { continue }
            lines.append(indent(depth + 1) + ToonEncoder.key(k) + ": " + row(o, fields))
        }
    }

    private func fieldList(_ fields: [ToonField]) -> String {
        "{" + fields.map { f in ToonEncoder.key(f.name) + (f.children.map(fieldList) ?? "") }
            .joined(separator: options.delimiter.character) + "}"
    }

    private func row(_ o: OrderedDictionary<String, Value>, _ fields: [ToonField]) -> String {
        var cells: [Value] = []
        func walk(_ o: OrderedDictionary<String, Value>, _ fields: [ToonField]) {
            for f in fields {
                let v = o[f.name] ?? .null
                if let children = f.children, case .object(let sub) = v { walk(sub, children) } else { cells.append(v) }
            }
        }
        walk(o, fields)
        return tableRow(cells)
    }

    /// A tabular array's header line, `prefix[N]{fields}:` (`prefix` holds the
    /// indentation and the encoded key); ``TableStreamWriter`` writes the same.
    func tableHeader(_ prefix: String, count: Int, fields: [ToonField]) -> String {
        prefix + "[\(count)\(options.delimiter.headerSymbol)]" + fieldList(fields) + ":"
    }

    /// A tabular row's cells, without indentation: each primitive as a token, joined by the delimiter.
    func tableRow(_ cells: [Value]) -> String {
        cells.map { primitive($0, delimiter: d) }.joined(separator: options.delimiter.character)
    }

    // MARK: Shapes (§9.3, §9.5)

    private static func objects(_ items: [Value]) -> [OrderedDictionary<String, Value>]? {
        var out: [OrderedDictionary<String, Value>] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .object(let o) = item else { return nil }
            out.append(o)
        }
        return out
    }

    /// The header fields when every object has the same non-empty key set and every
    /// column is uniform-primitive or nested-uniform; nil otherwise.
    static func tabularFields(_ objects: [OrderedDictionary<String, Value>]) -> [ToonField]? {
        guard let first = objects.first, !first.isEmpty else { return nil }
        for o in objects.dropFirst() {
            guard o.count == first.count, o.keys.allSatisfy({ first[$0] != nil }) else { return nil }
        }
        var fields: [ToonField] = []
        for k in first.keys {
            let column = objects.map { $0[k]! }
            if column.allSatisfy(\.isPrimitive) {
                fields.append(ToonField(name: k))
            } else if let subs = Self.objects(column), let children = tabularFields(subs) {
                fields.append(ToonField(name: k, children: children))
            } else {
                return nil
            }
        }
        return fields
    }

    /// The keyed-table fields of an object with two or more uniform object values, else nil.
    private func keyedFields(_ members: OrderedDictionary<String, Value>) -> [ToonField]? {
        guard members.count >= 2, let objects = Self.objects(Array(members.values)) else { return nil }
        return Self.tabularFields(objects)
    }

    // MARK: Tokens (§2, §7)

    /// A primitive as a token, quoted when §7.2 requires it with `delimiter` as the relevant delimiter.
    func primitive(_ v: Value, delimiter: UInt8) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let x): return Self.number(x)
        case .string(let s): return Self.needsQuotes(s, delimiter: delimiter) ? Self.quoted(s) : s
        case .array, .object: return "null"
        }
    }

    /// A key or field name: bare when it matches `^[A-Za-z_][A-Za-z0-9_.]*$`, else quoted (§7.3).
    static func key(_ k: String) -> String {
        ToonHeader.isUnquotedKey(k.utf8) ? k : quoted(k)
    }

    /// `s` in double quotes with the §7.1 escapes (the same as JSON's).
    static func quoted(_ s: String) -> String { JSONText.quote(s) }

    /// Whether a string value must be quoted (§7.2).
    static func needsQuotes(_ s: String, delimiter: UInt8) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, let last = u.last else { return true }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "#") { return true }
        if s == "true" || s == "false" || s == "null" { return true }
        for b in u {
            if b < 0x20 || b == delimiter { return true }
            switch b {
            case UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"): return true
            default: continue
            }
        }
        return isNumericLike(u)
    }

    /// `^[+-]?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$` case-insensitively.
    static func isNumericLike(_ t: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let s = i
            while i < t.count && t[i] >= 0x30 && t[i] <= 0x39 { i += 1 }
            return i - s
        }
        if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) { i += 1 }
        if digits() == 0 { return false }
        if i < t.count && t[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { return false }
        }
        if i < t.count && (t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E")) {
            i += 1
            if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) { i += 1 }
            if digits() == 0 { return false }
        }
        return i == t.count
    }

    /// A double in canonical form (§2): plain decimal for 0 and 1e-6 ≤ |x| < 1e21, else
    /// `d.ddde±X`; the shortest digits that read back to `x`; -0 as 0; NaN and ±∞ as `null`.
    package static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = Array(mantissa.filter { $0 != "." })
        var point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let decimalExponent = point + exponent  // x = 0.DIGITS × 10^decimalExponent
        var out = x < 0 ? "-" : ""
        if magnitude >= 1e-6 && magnitude < 1e21 {
            if decimalExponent <= 0 {
                out += "0." + String(repeating: "0", count: -decimalExponent) + String(digits)
            } else if decimalExponent >= digits.count {
                out += String(digits) + String(repeating: "0", count: decimalExponent - digits.count)
            } else {
                out += String(digits[..<decimalExponent]) + "." + String(digits[decimalExponent...])
            }
        } else {
            out += String(digits[0])
            if digits.count > 1 { out += "." + String(digits[1...]) }
            let e = decimalExponent - 1
            out += (e >= 0 ? "e+" : "e-") + String(abs(e))
        }
        return out
    }
}

extension Value {
    /// Whether this is null, a bool, a number or a string.
    var isPrimitive: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
