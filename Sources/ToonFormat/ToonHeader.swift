/// One field entry of a tabular header's fields segment: a name, and for a
/// nested-uniform column its own field group (TOON spec §9.3).
struct ToonField {
    var name: String
    var children: [ToonField]?

    /// How many row cells the field takes (its leaves).
    var leafCount: Int { children.map { $0.reduce(0) { $0 + $1.leafCount } } ?? 1 }
}

/// An array header or keyed header as parsed from a line (TOON spec §6):
/// `key[N<delim?>]{fields}:` or `key[N:<delim?>]{fields}:`.
struct ToonHeader {
    /// The key, or nil for a keyless header (`[N]:`).
    var key: String?
    /// The declared length (items, rows or entries).
    var length: Int
    /// Whether this is a keyed tabular header (`[N:]`, §9.5).
    var keyed: Bool
    /// The active delimiter's byte.
    var delimiter: UInt8
    /// The fields segment, when there is one.
    var fields: [ToonField]?
    /// A name repeated within one brace group (strict mode rejects it, §14.3).
    var duplicateField: String?
    /// The trimmed content after the colon.
    var inline: Range<Int>

    /// The outcome of trying to read a header.
    enum Parse {
        /// The line is not shaped like a header; it is a key-value or scalar line.
        case none
        /// A well-formed header.
        case header(ToonHeader)
        /// Shaped like a header but malformed: an error in strict mode, a literal key otherwise (§6).
        case malformed(ToonScanner.Failure)
    }

    /// Reads a header from `scanner.bytes[start...]`.
    static func parse(_ s: ToonScanner, from start: Int) -> Parse {
        let b = s.bytes
        guard let bracket = s.firstUnquoted(UInt8(ascii: "["), from: start) else { return .none }
        if let colon = s.firstUnquoted(ToonScanner.colon, from: start), colon < bracket { return .none }
        var key: String?
        if bracket > start {
            if b[start] == ToonScanner.quote {
                guard let (k, end) = try? s.readQuoted(start), end == bracket else { return .none }
                key = k
            } else {
                guard isUnquotedKey(b[start..<bracket]) else { return .none }
                key = s.text(start..<bracket)
            }
        }
        var i = bracket + 1
        let digitsStart = i
        while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        if i == digitsStart { return .malformed(.init(offset: bracket, message: "the bracket segment needs a length, as in [2]")) }
        if i - digitsStart > 1 && b[digitsStart] == UInt8(ascii: "0") {
            return .malformed(.init(offset: digitsStart, message: "the length must not have leading zeros"))
        }
        guard i - digitsStart <= 12, let length = Int(s.text(digitsStart..<i)) else {
            return .malformed(.init(offset: digitsStart, message: "the length is too large"))
        }
        var keyed = false
        if i < b.count && b[i] == ToonScanner.colon { keyed = true; i += 1 }
        var delimiter = UInt8(ascii: ",")
        if i < b.count && (b[i] == 0x09 || b[i] == UInt8(ascii: "|")) { delimiter = b[i]; i += 1 }
        guard i < b.count && b[i] == UInt8(ascii: "]") else {
            return .malformed(.init(offset: i, message: "malformed bracket segment, expected ']'"))
        }
        i += 1
        var fields: [ToonField]?
        var duplicate: String?
        if i < b.count && b[i] == UInt8(ascii: "{") {
            switch parseFields(s, at: i, delimiter: delimiter, depth: 0, duplicate: &duplicate) {
            case .success(let (f, end)): fields = f; i = end
            case .failure(let e): return .malformed(e)
            }
        }
        guard i < b.count else { return .malformed(.init(offset: i, message: "missing ':' after the array header")) }
        guard b[i] == ToonScanner.colon else {
            return .malformed(.init(offset: i, message: "unexpected text between the header's ']' or '}' and its ':'"))
        }
        if keyed && fields == nil {
            return .malformed(.init(offset: i, message: "a keyed header [N:] needs a fields segment {…}"))
        }
        let inline = s.trimmed(i + 1, b.count)
        if fields != nil && !inline.isEmpty {
            return .malformed(.init(offset: inline.lowerBound, message: "a header with fields carries no values after its ':'"))
        }
        return .header(ToonHeader(key: key, length: length, keyed: keyed, delimiter: delimiter, fields: fields,
                                  duplicateField: duplicate, inline: inline))
    }

    /// `^[A-Za-z_][A-Za-z0-9_.]*$` (§7.3).
    static func isUnquotedKey<C: Collection<UInt8>>(_ k: C) -> Bool {
        guard let first = k.first, isAlpha(first) || first == UInt8(ascii: "_") else { return false }
        return k.allSatisfy { isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    /// Reads `{f1<d>f2{g1<d>g2}…}` starting at the `{` at `at`; returns the fields and the offset after `}`.
    private static func parseFields(_ s: ToonScanner, at: Int, delimiter: UInt8, depth: Int,
                                    duplicate: inout String?) -> Result<([ToonField], Int), ToonScanner.Failure> {
        let b = s.bytes
        if depth > 64 { return .failure(.init(offset: at, message: "field groups nested deeper than 64 levels")) }
        var fields: [ToonField] = []
        var seen: Set<String> = []
        var i = at + 1
        while true {
            while i < b.count && b[i] == ToonScanner.space { i += 1 }
            var name: String
            if i < b.count && b[i] == ToonScanner.quote {
                guard let (n, end) = try? s.readQuoted(i) else {
                    return .failure(.init(offset: i, message: "malformed quoted field name"))
                }
                name = n
                i = end
            } else {
                let nameStart = i
                while i < b.count, b[i] != delimiter, b[i] != UInt8(ascii: "{"), b[i] != UInt8(ascii: "}") {
                    if b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "|") || b[i] == 0x09 {
                        return .failure(.init(offset: i, message: "the fields use a different delimiter than the bracket segment declares"))
                    }
                    i += 1
                }
                let r = s.trimmed(nameStart, i)
                if r.isEmpty {
                    return .failure(.init(offset: nameStart, message: i < b.count ? "empty field name in the fields segment" : "unmatched '{' in the fields segment"))
                }
                name = s.text(r)
            }
            while i < b.count && b[i] == ToonScanner.space { i += 1 }
            var children: [ToonField]?
            if i < b.count && b[i] == UInt8(ascii: "{") {
                switch parseFields(s, at: i, delimiter: delimiter, depth: depth + 1, duplicate: &duplicate) {
                case .success(let (c, end)): children = c; i = end
                case .failure(let e): return .failure(e)
                }
                while i < b.count && b[i] == ToonScanner.space { i += 1 }
            }
            if !seen.insert(name).inserted && duplicate == nil { duplicate = name }
            fields.append(ToonField(name: name, children: children))
            guard i < b.count else { return .failure(.init(offset: at, message: "unmatched '{' in the fields segment")) }
            if b[i] == delimiter { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { return .success((fields, i + 1)) }
            return .failure(.init(offset: i, message: "unexpected text in the fields segment"))
        }
    }
}
