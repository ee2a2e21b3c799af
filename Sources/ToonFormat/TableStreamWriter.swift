import ToonCore

/// A table written as JSON Lines, CSV or TOON a page of rows at a time, so
/// that a table too large to hold can be streamed: ``header`` once, then
/// ``rows(_:)`` for each page. The pages put together read exactly as
/// ``ResultSet/rendered(as:options:)`` renders the whole table in that format.
/// TOON's header holds the row count, so it must be known before the first row.
///
/// ```swift
/// let writer = TableStreamWriter(.toon(rowCount: 2), columns: ["id", "name"], name: "users")
/// print(writer.header + writer.rows([[1, "Ada"]]) + writer.rows([[2, "Bob"]]), terminator: "")
/// // users[2]{id,name}:
/// //   1,Ada
/// //   2,Bob
/// ```
package struct TableStreamWriter: Sendable {
    /// The formats a table can be streamed in.
    package enum Format: Sendable, Equatable {
        /// One JSON object per row.
        case jsonl
        /// RFC 4180 CSV with a header row and CRLF line ends; NULL is an empty field.
        case csv
        /// An official TOON tabular array of `rowCount` rows; a cell that is an
        /// array or an object is written as its JSON text.
        case toon(rowCount: Int)
    }

    /// The format.
    package let format: Format
    /// The column names.
    package let columns: [String]
    /// The name TOON's header carries.
    package let name: String

    private let encoder = ToonEncoder()

    /// A writer of rows under `columns`.
    package init(_ format: Format, columns: [String], name: String = "result") {
        self.format = format
        self.columns = columns
        self.name = name
    }

    /// What comes before the rows: nothing for JSON Lines, the header row for
    /// CSV, `name[N]{columns}:` and a newline for TOON.
    package var header: String {
        switch format {
        case .jsonl: return ""
        case .csv: return columns.map(Self.csvField).joined(separator: ",") + "\r\n"
        case .toon(let count):
            return encoder.tableHeader(ToonEncoder.key(name), count: count, fields: columns.map { ToonField(name: $0) }) + "\n"
        }
    }

    /// The text of `rows`, each ending with a newline (CRLF in CSV). A row
    /// shorter than ``columns`` reads as NULL in the missing places.
    package func rows(_ rows: [[Value]]) -> String {
        var out = ""
        for row in rows {
            switch format {
            case .jsonl:
                out += Self.jsonObject(columns, row) + "\n"
            case .csv:
                out += columns.indices.map { c -> String in
                    let v = Self.cell(row, c)
                    return v.isNull ? "" : Self.csvField(ResultSet.plainText(v))
                }.joined(separator: ",") + "\r\n"
            case .toon:
                out += encoder.indent(1) + encoder.tableRow(columns.indices.map { c -> Value in
                    let v = Self.cell(row, c)
                    switch v {
                    case .array, .object: return .string(v.jsonText())
                    default: return v
                    }
                }) + "\n"
            }
        }
        return out
    }

    /// One row as a JSON object; columns keep their order, repeats included.
    static func jsonObject(_ columns: [String], _ row: [Value]) -> String {
        "{" + columns.enumerated().map { c, name in JSONText.quote(name) + ":" + cell(row, c).jsonText() }
            .joined(separator: ",") + "}"
    }

    private static func cell(_ row: [Value], _ column: Int) -> Value {
        column < row.count ? row[column] : .null
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    private static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
    }
}
