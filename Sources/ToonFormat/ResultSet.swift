import ToonCore

/// Rows of ``Value``s under named columns: what a SQL query, a key-path query,
/// a search or an export produces, ready to print in any ``ResultFormat``.
///
/// ```swift
/// let rs = ResultSet(columns: ["id", "name"], rows: [[1, "Ada"], [2, "Bob"]])
/// print(rs.rendered(as: .toon), terminator: "")
/// // result[2]{id,name}:
/// //   1,Ada
/// //   2,Bob
/// ```
public struct ResultSet: Sendable, Hashable {
    /// Column names, in order (may repeat, as SQL allows).
    public var columns: [String]
    /// Rows; a row shorter than `columns` reads as NULL in the missing places.
    public var rows: [[Value]]
    /// The name TOON headers carry (`name[N]{…}:`).
    public var name: String

    /// Creates a result set.
    public init(columns: [String], rows: [[Value]], name: String = "result") {
        self.columns = columns
        self.rows = rows
        self.name = name
    }

    /// A result set from records: the columns are every key in first-seen order,
    /// and a record lacking a key has NULL there.
    public init(records: [OrderedDictionary<String, Value>], name: String = "result") {
        var columns = OrderedDictionary<String, Void>()
        for r in records { for k in r.keys where columns[k] == nil { columns[k] = () } }
        self.init(columns: Array(columns.keys), rows: records.map { r in columns.keys.map { r[$0] ?? .null } }, name: name)
    }

    /// The value in `row` at column index `column` (NULL when the row is short).
    public func value(_ row: Int, _ column: Int) -> Value {
        column < rows[row].count ? rows[row][column] : .null
    }

    /// The rows as objects, keys in column order (a repeated column name keeps its last value).
    public var records: [OrderedDictionary<String, Value>] {
        rows.indices.map { r in
            var o = OrderedDictionary<String, Value>()
            for (c, name) in columns.enumerated() { o[name] = value(r, c) }
            return o
        }
    }

    /// Options of the text formats.
    public struct RenderOptions: Sendable {
        /// Cut table and box cells wider than this many columns, ending them with `…` (nil: never).
        public var maximumCellWidth: Int?
        /// How table, box and line show NULL.
        public var nullText: String

        /// Creates options.
        public init(maximumCellWidth: Int? = nil, nullText: String = "NULL") {
            self.maximumCellWidth = maximumCellWidth
            self.nullText = nullText
        }
    }

    /// The result as text in `format`, ending with a newline (empty when there are no columns).
    public func rendered(as format: ResultFormat, options: RenderOptions = RenderOptions()) -> String {
        guard !columns.isEmpty else { return "" }
        switch format {
        case .table: return renderTable(options)
        case .box: return renderBox(options)
        case .json: return "[" + rows.map { TableStreamWriter.jsonObject(columns, $0) }.joined(separator: ",") + "]\n"
        case .jsonl: return TableStreamWriter(.jsonl, columns: columns).rows(rows)
        case .csv:
            let writer = TableStreamWriter(.csv, columns: columns)
            return writer.header + writer.rows(rows)
        case .toon: return renderToon()
        case .compact: return ToonCompact.encode(name, records, fields: columns) + "\n"
        case .line: return renderLines(options)
        case .tsv: return renderTSV()
        case .markdown: return renderMarkdown(options)
        case .insert: return renderInserts()
        }
    }

    /// Official TOON: a tabular array when every cell is a primitive, else TOON's list form.
    private func renderToon() -> String {
        if rows.isEmpty { return TableStreamWriter(.toon(rowCount: 0), columns: columns, name: name).header }
        return ToonEncoder().encode(.object([name: .array(records.map(Value.object))])) + "\n"
    }

    private func renderLines(_ options: RenderOptions) -> String {
        let width = columns.map(DisplayWidth.of).max() ?? 0
        var blocks: [String] = []
        for r in rows.indices {
            blocks.append(columns.enumerated().map { c, name in
                DisplayWidth.pad(name, to: width, right: true) + " = " + cellText(value(r, c), options)
            }.joined(separator: "\n") + "\n")
        }
        return blocks.joined(separator: "\n")
    }

    /// A value as plain text: strings as they are, numbers and literals as in JSON, arrays and objects as JSON.
    static func plainText(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return v.jsonText()
    }

    /// A value as it shows in a grid cell: control characters made visible, NULL as `nullText`.
    func cellText(_ v: Value, _ options: RenderOptions) -> String {
        if v.isNull { return options.nullText }
        let text = Self.plainText(v)
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F: out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
