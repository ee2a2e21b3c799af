import ToonCore

/// One line of a TOON document after the pre-pass: CR stripped, comment
/// lines removed, indentation measured (TOON spec §5.1, §12).
struct ToonLine {
    /// The 1-based line number in the input.
    var number: Int
    /// Leading spaces (the column of the content is `indent + 1`).
    var indent: Int
    /// `indent / indentSize`.
    var depth: Int
    /// The bytes after the indentation.
    var content: [UInt8]
    /// Whether the line holds only spaces and tabs.
    var blank: Bool
}

/// The TOON decoder's engine: a recursive descent over the pre-passed lines.
///
/// Invariants:
/// 1. `pos` is the index of the first line not yet consumed; a scope reads
///    lines while they stand at its content depth and leaves the first line
///    that does not (so blank lines before it are seen again by the outer
///    scope, which decides whether they sit inside an array span, §12).
/// 2. Recursion is bounded by `options.maximumNesting`; deeper input is an error.
/// 3. Every error is `invalidArgument` naming `line L, column C`.
struct ToonParser {
    let options: ToonDecoder.Options
    var lines: [ToonLine] = []
    var pos = 0
    var nesting = 0

    var strict: Bool { options.strict }

    init(_ bytes: [UInt8], options: ToonDecoder.Options) throws {
        self.options = options
        let size = max(1, options.indentSize)
        var number = 0
        var start = 0
        while start <= bytes.count {
            number += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            try addLine(Array(bytes[start..<contentEnd]), number: number, indentSize: size)
            start = end + 1
        }
    }

    private mutating func addLine(_ raw: [UInt8], number: Int, indentSize: Int) throws {
        var sp = 0
        while sp < raw.count && raw[sp] == 0x20 { sp += 1 }
        if raw[sp...].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            lines.append(ToonLine(number: number, indent: sp, depth: 0, content: [], blank: true))
            return
        }
        if raw[sp] == UInt8(ascii: "#") { return }  // a comment line (§5.1)
        var indent = sp
        var contentStart = sp
        if raw[sp] == 0x09 {
            if strict { throw Self.error(number, sp + 1, "a tab in the indentation (indent with spaces)") }
            // Non-strict tab policy: each tab in the indentation counts as one indentation level.
            while contentStart < raw.count && (raw[contentStart] == 0x09 || raw[contentStart] == 0x20) {
                indent += raw[contentStart] == 0x09 ? indentSize : 1
                contentStart += 1
            }
        } else if strict && sp % indentSize != 0 {
            throw Self.error(number, sp + 1, "indentation of \(sp) spaces is not a multiple of \(indentSize)")
        }
        lines.append(ToonLine(number: number, indent: indent, depth: indent / indentSize,
                              content: Array(raw[contentStart...]), blank: false))
    }

    static func error(_ line: Int, _ column: Int, _ message: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "line \(line), column \(column): \(message)",
                    remediation: "fix the TOON input at that position")
    }

    /// An error at byte `offset` of line `index`'s content.
    func fail(_ index: Int, _ offset: Int, _ message: String) -> ToonDBError {
        let line = lines[index]
        let prefix = line.content[..<min(offset, line.content.count)]
        let column = line.indent + 1 + prefix.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return Self.error(line.number, column, message)
    }

    func fail(_ index: Int, _ f: ToonScanner.Failure) -> ToonDBError { fail(index, f.offset, f.message) }

    /// The index of the next non-blank line at or after `from`, and whether blank lines were skipped.
    func nextContent(_ from: Int) -> (Int, Bool) {
        var i = from
        while i < lines.count && lines[i].blank { i += 1 }
        return (i, i > from)
    }

    mutating func enter(_ index: Int) throws {
        nesting += 1
        if nesting > options.maximumNesting {
            throw fail(index, 0, "nesting deeper than \(options.maximumNesting) levels")
        }
    }

    // MARK: Root form (§5)

    mutating func parseDocument() throws -> Value {
        let (first, _) = nextContent(0)
        guard first < lines.count else { return .object([:]) }
        let line = lines[first]
        if line.depth != 0 { throw fail(first, 0, "the first line must not be indented") }
        let s = ToonScanner(bytes: line.content)
        if case .header(let h) = ToonHeader.parse(s, from: 0), h.key == nil {
            try checkDuplicateField(h, first)
            pos = first + 1
            let v = h.keyed ? try keyedBody(h, first, depth: 0, inSpan: false) : try arrayBody(h, first, depth: 0, inSpan: false)
            try expectEnd("the root array")
            return v
        }
        let nonBlank = lines.lazy.filter { !$0.blank }.count
        if line.content.elementsEqual("[]".utf8) {
            pos = first + 1
            try expectEnd("the root []")
            return .array([])
        }
        if nonBlank == 1, s.firstUnquoted(ToonScanner.colon) == nil {
            do { return try s.primitive(0, line.content.count) } catch let f as ToonScanner.Failure { throw fail(first, f) }
        }
        var members = OrderedDictionary<String, Value>()
        pos = first
        try objectBody(depth: 0, inSpan: false, into: &members)
        let (rest, _) = nextContent(pos)
        if rest < lines.count { throw fail(rest, 0, "unexpected line deeper than its scope") }
        return .object(members)
    }

    private mutating func expectEnd(_ what: String) throws {
        let (next, _) = nextContent(pos)
        if next < lines.count && strict { throw fail(next, 0, "unexpected content after \(what)") }
        pos = lines.count
    }

    private func checkDuplicateField(_ h: ToonHeader, _ index: Int) throws {
        if strict, let d = h.duplicateField { throw fail(index, 0, "field \(JSONText.quote(d)) appears twice in the header") }
    }

    private func insert(_ key: String, _ value: Value, into members: inout OrderedDictionary<String, Value>, _ index: Int) throws {
        if strict && members[key] != nil { throw fail(index, 0, "duplicate key \(JSONText.quote(key))") }
        members[key] = value
    }

    // MARK: Objects (§8, §10)

    /// Reads the fields standing at `depth` into `members`.
    mutating func objectBody(depth: Int, inSpan: Bool, into members: inout OrderedDictionary<String, Value>) throws {
        while true {
            let (i, sawBlank) = nextContent(pos)
            guard i < lines.count, lines[i].depth >= depth else { return }
            if lines[i].depth > depth {
                if strict { throw fail(i, 0, "line is indented deeper than its scope") }
                pos = i + 1
                continue
            }
            if sawBlank && inSpan && strict { throw fail(i - 1, 0, "blank line inside an array") }
            pos = i + 1
            let (key, value) = try field(i, start: 0, depth: depth, inSpan: inSpan)
            try insert(key, value, into: &members, i)
        }
    }

    /// Reads the field on line `index` from byte `start`, standing at `depth`, and its nested content.
    mutating func field(_ index: Int, start: Int, depth: Int, inSpan: Bool) throws -> (String, Value) {
        try enter(index)
        defer { nesting -= 1 }
        let s = ToonScanner(bytes: lines[index].content)
        switch ToonHeader.parse(s, from: start) {
        case .header(let h):
            if let key = h.key {
                try checkDuplicateField(h, index)
                let v = h.keyed ? try keyedBody(h, index, depth: depth, inSpan: inSpan)
                    : try arrayBody(h, index, depth: depth, inSpan: inSpan)
                return (key, v)
            }
            if strict { throw fail(index, start, "a header without a key is allowed only at the root or after '- '") }
        case .malformed(let f):
            if strict { throw fail(index, f) }
        case .none:
            break
        }
        guard let colon = s.firstUnquoted(ToonScanner.colon, from: start) else {
            throw fail(index, start, "missing ':' after a key")
        }
        do {
            let key = try s.key(start, colon)
            let rest = s.trimmed(colon + 1, s.bytes.count)
            if rest.isEmpty {
                var members = OrderedDictionary<String, Value>()
                try objectBody(depth: depth + 1, inSpan: inSpan, into: &members)
                return (key, .object(members))
            }
            if s.bytes[rest].elementsEqual("[]".utf8) { return (key, .array([])) }
            return (key, try s.primitive(rest.lowerBound, rest.upperBound))
        } catch let f as ToonScanner.Failure {
            throw fail(index, f)
        }
    }

    // MARK: Arrays (§9)

    /// Reads the array a non-keyed header on line `index` (standing at `depth`) declares.
    mutating func arrayBody(_ h: ToonHeader, _ index: Int, depth: Int, inSpan: Bool) throws -> Value {
        if let fields = h.fields { return try tabularBody(h, fields, index, depth: depth, inSpan: inSpan) }
        if !h.inline.isEmpty {
            let s = ToonScanner(bytes: lines[index].content)
            var items: [Value] = []
            do {
                for r in s.split(h.inline.lowerBound, h.inline.upperBound, on: h.delimiter) {
                    items.append(try s.primitive(r.lowerBound, r.upperBound))
                }
            } catch let f as ToonScanner.Failure {
                throw fail(index, f)
            }
            if strict && items.count != h.length {
                throw fail(index, h.inline.lowerBound, "the header declares \(h.length) values but the line has \(items.count)")
            }
            return .array(items)
        }
        return try listItems(h, index, itemDepth: depth + 1, inSpan: inSpan)
    }

    private mutating func listItems(_ h: ToonHeader, _ index: Int, itemDepth: Int, inSpan: Bool) throws -> Value {
        try enter(index)
        defer { nesting -= 1 }
        var items: [Value] = []
        while true {
            let (i, sawBlank) = nextContent(pos)
            guard i < lines.count, lines[i].depth >= itemDepth else { break }
            if lines[i].depth > itemDepth {
                if strict { throw fail(i, 0, "line is indented deeper than its list item") }
                pos = i + 1
                continue
            }
            let c = lines[i].content
            guard c == [UInt8(ascii: "-")] || (c.count >= 2 && c[0] == UInt8(ascii: "-") && c[1] == 0x20) else {
                if strict { throw fail(i, 0, "expected a list item '- …' in the array") }
                break
            }
            if sawBlank && (inSpan || !items.isEmpty) && strict { throw fail(i - 1, 0, "blank line inside an array") }
            pos = i + 1
            items.append(try listItem(i, itemDepth: itemDepth))
        }
        if strict && items.count != h.length {
            throw fail(index, 0, "the header declares \(h.length) items but the array has \(items.count)")
        }
        return .array(items)
    }

    /// One list item on line `index` at `itemDepth` (§9.2, §9.4, §10).
    private mutating func listItem(_ index: Int, itemDepth: Int) throws -> Value {
        let c = lines[index].content
        if c.count == 1 { return .object([:]) }
        let s = ToonScanner(bytes: c)
        let rest = s.trimmed(2, c.count)
        if rest.isEmpty { return .object([:]) }
        if c[rest].elementsEqual("[]".utf8) { return .array([]) }
        let start = rest.lowerBound
        switch ToonHeader.parse(s, from: start) {
        case .header(let h) where h.key == nil:
            if h.fields == nil && !h.keyed { return try arrayBody(h, index, depth: itemDepth, inSpan: true) }
            if strict { throw fail(index, start, "a header with fields and no key is allowed only at the root") }
        case .malformed(let f):
            if strict { throw fail(index, f) }
        default:
            break
        }
        let isField: Bool
        if case .header(let h) = ToonHeader.parse(s, from: start), h.key != nil { isField = true } else {
            isField = s.firstUnquoted(ToonScanner.colon, from: start) != nil
        }
        guard isField else {
            do { return try s.primitive(start, c.count) } catch let f as ToonScanner.Failure { throw fail(index, f) }
        }
        var members = OrderedDictionary<String, Value>()
        let (key, value) = try field(index, start: start, depth: itemDepth + 1, inSpan: true)
        members[key] = value
        try objectBody(depth: itemDepth + 1, inSpan: true, into: &members)
        return .object(members)
    }

    /// Rows of a tabular array (§9.3) at `depth + 1`.
    private mutating func tabularBody(_ h: ToonHeader, _ fields: [ToonField], _ index: Int, depth: Int, inSpan: Bool) throws -> Value {
        let width = fields.reduce(0) { $0 + $1.leafCount }
        var rows: [Value] = []
        while true {
            let (i, sawBlank) = nextContent(pos)
            guard i < lines.count, lines[i].depth >= depth + 1 else { break }
            if lines[i].depth > depth + 1 {
                if strict { throw fail(i, 0, "line is indented deeper than the table's rows") }
                pos = i + 1
                continue
            }
            let s = ToonScanner(bytes: lines[i].content)
            let colon = s.firstUnquoted(ToonScanner.colon)
            if let colon, colon < (s.firstUnquoted(h.delimiter) ?? Int.max) { break }  // a key-value line ends the rows
            if sawBlank && (inSpan || !rows.isEmpty) && strict { throw fail(i - 1, 0, "blank line inside an array") }
            pos = i + 1
            rows.append(try row(s, 0, s.bytes.count, fields, width: width, delimiter: h.delimiter, line: i))
        }
        if strict && rows.count != h.length {
            throw fail(index, 0, "the header declares \(h.length) rows but the table has \(rows.count)")
        }
        return .array(rows)
    }

    /// Entry rows of a keyed tabular object (§9.5) at `depth + 1`.
    mutating func keyedBody(_ h: ToonHeader, _ index: Int, depth: Int, inSpan: Bool) throws -> Value {
        let fields = h.fields ?? []
        let width = fields.reduce(0) { $0 + $1.leafCount }
        var entries = OrderedDictionary<String, Value>()
        var count = 0
        while true {
            let (i, sawBlank) = nextContent(pos)
            guard i < lines.count, lines[i].depth >= depth + 1 else { break }
            if lines[i].depth > depth + 1 {
                if strict { throw fail(i, 0, "line is indented deeper than the entry rows") }
                pos = i + 1
                continue
            }
            if sawBlank && (inSpan || count > 0) && strict { throw fail(i - 1, 0, "blank line inside a keyed table") }
            pos = i + 1
            let s = ToonScanner(bytes: lines[i].content)
            guard let colon = s.firstUnquoted(ToonScanner.colon) else {
                if strict { throw fail(i, 0, "an entry row needs 'key: values'") }
                continue
            }
            let key: String
            do { key = try s.key(0, colon) } catch let f as ToonScanner.Failure { throw fail(i, f) }
            let value = try row(s, colon + 1, s.bytes.count, fields, width: width, delimiter: h.delimiter, line: i)
            try insert(key, value, into: &entries, i)
            count += 1
        }
        if strict && count != h.length {
            throw fail(index, 0, "the header declares \(h.length) entries but the table has \(count)")
        }
        return .object(entries)
    }

    /// One row's cells in `lo..<hi` as an object shaped by `fields`.
    private func row(_ s: ToonScanner, _ lo: Int, _ hi: Int, _ fields: [ToonField], width: Int,
                     delimiter: UInt8, line: Int) throws -> Value {
        let r = s.trimmed(lo, hi)
        let ranges = r.isEmpty && lo > 0 ? [] : s.split(r.lowerBound, r.upperBound, on: delimiter)
        if strict && ranges.count != width {
            throw fail(line, r.lowerBound, "the row has \(ranges.count) values but the header declares \(width) fields")
        }
        var cells: [Value] = []
        cells.reserveCapacity(ranges.count)
        do {
            for c in ranges { cells.append(try s.primitive(c.lowerBound, c.upperBound)) }
        } catch let f as ToonScanner.Failure {
            throw fail(line, f)
        }
        var cursor = 0
        return Self.build(fields, cells, &cursor)
    }

    private static func build(_ fields: [ToonField], _ cells: [Value], _ cursor: inout Int) -> Value {
        var members = OrderedDictionary<String, Value>()
        for f in fields {
            if let children = f.children {
                members[f.name] = build(children, cells, &cursor)
            } else {
                members[f.name] = cursor < cells.count ? cells[cursor] : .null
                cursor += 1
            }
        }
        return .object(members)
    }
}
