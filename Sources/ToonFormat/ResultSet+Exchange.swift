import ToonCore

/// The formats made to paste into other tools: `tsv` (spreadsheets),
/// `markdown` (a GitHub-flavoured table) and `insert` (SQL statements that
/// load the rows into a table named after the result).
extension ResultSet {
    /// Tab-separated values: a header line, then one line per row, `\n` ends.
    /// A tab, newline, carriage return or backslash inside a field is written
    /// `\t`, `\n`, `\r`, `\\`, so every row stays one line; NULL is an empty field.
    func renderTSV() -> String {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\\" }) else { return s }
            var out = ""
            for u in s.unicodeScalars {
                switch u {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(u)
                }
            }
            return out
        }
        var out = columns.map(field).joined(separator: "\t") + "\n"
        for r in rows.indices {
            out += columns.indices.map { c in
                let v = value(r, c)
                return v.isNull ? "" : field(Self.plainText(v))
            }.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// A Markdown (GFM) table: `|` between cells, `---` under the header
    /// (`---:` over a numeric column); `|` in a cell is written `\|` and a
    /// line break `<br>`; NULL shows as `nullText`.
    func renderMarkdown(_ options: RenderOptions) -> String {
        func cell(_ s: String) -> String {
            var out = ""
            for c in s {
                switch c {
                case "|": out += "\\|"
                case "\n", "\r\n", "\r": out += "<br>"
                default: out.append(c)
                }
            }
            return out
        }
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        var out = line(columns.map(cell))
        out += "|" + columns.indices.map { isNumeric($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for r in rows.indices {
            out += line(columns.indices.map { c in
                let v = value(r, c)
                return cell(v.isNull ? options.nullText : Self.plainText(v))
            })
        }
        return out
    }

    /// One `INSERT INTO "name" ("a", "b") VALUES (…);` per row. Names are
    /// always double-quoted (a `"` doubled); strings single-quoted (a `'`
    /// doubled); numbers as they are; true and false as `TRUE` and `FALSE`;
    /// arrays and objects as their JSON text in a string; NULL as `NULL`.
    func renderInserts() -> String {
        let head = "INSERT INTO " + Self.sqlIdentifier(name) + " (" + columns.map(Self.sqlIdentifier).joined(separator: ", ") + ") VALUES ("
        return rows.indices.map { r in
            head + columns.indices.map { Self.sqlLiteral(value(r, $0)) }.joined(separator: ", ") + ");\n"
        }.joined()
    }

    /// A SQL name in double quotes.
    static func sqlIdentifier(_ s: String) -> String { "\"" + s.replacingAll("\"", with: "\"\"") + "\"" }

    /// A value as a SQL literal.
    static func sqlLiteral(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .int, .double: return v.jsonText()
        case .string(let s): return "'" + s.replacingAll("'", with: "''") + "'"
        case .array, .object: return "'" + v.jsonText().replacingAll("'", with: "''") + "'"
        }
    }
}
