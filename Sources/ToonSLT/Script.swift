/// How the runner sorts a query's rendered values before comparing them.
package enum SortMode: String, Sendable, Equatable {
    case nosort, rowsort, valuesort
}

/// A `skipif <db>` or `onlyif <db>` line in front of a record.
package struct Condition: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable { case skipif, onlyif }
    package var kind: Kind
    /// The engine name, lowercased.
    package var engine: String

    package init(_ kind: Kind, _ engine: String) {
        self.kind = kind
        self.engine = engine.lowercased()
    }

    /// Whether this condition skips the record for an engine called `name`.
    package func skips(engineNamed name: String) -> Bool {
        switch kind {
        case .skipif: return engine == name.lowercased()
        case .onlyif: return engine != name.lowercased()
        }
    }
}

/// One blank-line separated record of a test script.
package struct Record: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// `statement ok` (expectError false) or `statement error` (true).
        case statement(expectError: Bool, sql: String)
        /// `query <types> [<sort>] [<label>]`, its SQL and expected lines after `----`.
        case query(types: String, sort: SortMode, label: String?, sql: String, expected: [String])
        /// `halt`: stop reading the file.
        case halt
        /// `hash-threshold N`.
        case hashThreshold(Int)
        /// A record the runner cannot understand (a test error). `stopsFile` for an unknown first word.
        case invalid(message: String, sql: String, stopsFile: Bool)
    }

    /// The 1-based line number of the record's first line (its first condition, if any).
    package var line: Int
    package var conditions: [Condition]
    package var kind: Kind

    package init(line: Int, conditions: [Condition] = [], kind: Kind) {
        self.line = line
        self.conditions = conditions
        self.kind = kind
    }

    /// Whether the conditions skip this record for an engine called `name`.
    package func isSkipped(engineNamed name: String) -> Bool {
        conditions.contains { $0.skips(engineNamed: name) }
    }

    /// Whether this is a statement or a query (the records that count as tests).
    package var isTest: Bool {
        switch kind {
        case .statement, .query, .invalid: return true
        default: return false
        }
    }
}

/// Parses sqllogictest scripts (see the suite's FORMAT.md).
package enum ScriptParser {
    /// Parses a script's text. `\r\n` counts as `\n`.
    package static func parse(_ text: String) -> [Record] {
        parse(bytes: Array(text.utf8))
    }

    /// Parses a script's bytes. Lines are split on byte 0x0A (a Swift `Character` would keep
    /// `\r\n` together), and trailing `\r` is dropped.
    package static func parse(bytes: [UInt8]) -> [Record] {
        var records: [Record] = []
        var block: [(number: Int, text: String)] = []
        var number = 0
        func flush() {
            if !block.isEmpty { records.append(parseRecord(block)) }
            block.removeAll(keepingCapacity: true)
        }
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end == bytes.count && start == end { break }          // no empty line after a final newline
            number += 1
            var stop = end
            while stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            let line = bytes[start..<stop]
            start = end + 1
            if line.first == UInt8(ascii: "#") { continue }           // comments vanish first
            if line.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) {
                flush()
                continue
            }
            block.append((number, String(decoding: line, as: UTF8.self)))
        }
        flush()
        return records
    }

    /// Splits a line into whitespace-separated words.
    static func words(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    static func parseRecord(_ lines: [(number: Int, text: String)]) -> Record {
        var conditions: [Condition] = []
        var index = 0
        while index < lines.count {
            let w = words(lines[index].text)
            guard w.count >= 2, let kind = Condition.Kind(rawValue: w[0]) else { break }
            conditions.append(Condition(kind, w[1]))      // anything after the engine name is a note
            index += 1
        }
        let line = lines[0].number
        guard index < lines.count else {
            return Record(line: line, conditions: conditions,
                          kind: .invalid(message: "record has conditions but no command", sql: "", stopsFile: false))
        }
        let head = words(lines[index].text)
        let body = lines[(index + 1)...].map(\.text)
        switch head.first ?? "" {
        case "statement":
            let sql = body.joined(separator: "\n")
            let mode = head.count > 1 ? head[1] : ""
            switch mode {
            case "ok": return Record(line: line, conditions: conditions, kind: .statement(expectError: false, sql: sql))
            case "error": return Record(line: line, conditions: conditions, kind: .statement(expectError: true, sql: sql))
            default:
                return Record(line: line, conditions: conditions,
                              kind: .invalid(message: "unknown statement mode '\(mode)'", sql: sql, stopsFile: false))
            }
        case "query":
            var sqlLines: [String] = []
            var expected: [String] = []
            var inResults = false
            for l in body {
                if inResults { expected.append(l) } else if l == "----" { inResults = true } else { sqlLines.append(l) }
            }
            let sql = sqlLines.joined(separator: "\n")
            guard head.count > 1 else {
                return Record(line: line, conditions: conditions,
                              kind: .invalid(message: "query without column types", sql: sql, stopsFile: false))
            }
            var sort = SortMode.nosort
            var label: String?
            for word in head.dropFirst(2) {
                if let s = SortMode(rawValue: word) { sort = s } else if label == nil { label = word }
            }
            return Record(line: line, conditions: conditions,
                          kind: .query(types: head[1], sort: sort, label: label, sql: sql, expected: expected))
        case "halt":
            return Record(line: line, conditions: conditions, kind: .halt)
        case "hash-threshold":
            if head.count > 1, let n = Int(head[1]), n >= 0 {
                return Record(line: line, conditions: conditions, kind: .hashThreshold(n))
            }
            return Record(line: line, conditions: conditions,
                          kind: .invalid(message: "bad hash-threshold", sql: "", stopsFile: false))
        default:
            return Record(line: line, conditions: conditions,
                          kind: .invalid(message: "unknown record type '\(head.first ?? "")'",
                                         sql: lines[index...].map(\.text).joined(separator: "\n"), stopsFile: true))
        }
    }
}
