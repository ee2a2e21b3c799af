import Foundation
import ToonSQL

/// The formats a query result can be printed in (SPEC §6, §14).
public enum ResultFormat: String, Sendable, CaseIterable {
    /// Aligned columns under a header, NULL shown as `NULL`.
    case table
    /// A JSON array of objects, one per row, keys in column order.
    case json
    /// RFC 4180 CSV with a header row; NULL is an empty field.
    case csv
    /// TOON's compact form: `result[N]{a,b}:1,x;2,y`.
    case toon
}

extension SQLQueryResult {
    /// The result as text in `format` (ending with a newline unless empty).
    public func rendered(as format: ResultFormat, name: String = "result") -> String {
        switch format {
        case .table: return renderTable()
        case .json: return renderJSON() + "\n"
        case .csv: return renderCSV()
        case .toon: return renderToon(name: name) + "\n"
        }
    }

    private func renderTable() -> String {
        guard !columns.isEmpty else { return "" }
        let cells = values.map { $0.map(\.description) }
        var widths = columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ items: [String]) -> String {
            zip(items, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(columns) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    private func renderJSON() -> String {
        "[" + values.map { row in
            "{" + zip(columns, row).map { "\(JSONText.quote($0)):\(Self.json($1))" }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]"
    }

    private static func json(_ v: SQLValue) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? SQLValue.formatReal(d) : "null"
        case .text(let s): return JSONText.quote(s)
        case .blob(let b): return JSONText.quote(b.map { String(format: "%02x", $0) }.joined())
        }
    }

    private func renderCSV() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        guard !columns.isEmpty else { return "" }
        var out = columns.map(field).joined(separator: ",") + "\r\n"
        for row in values {
            out += row.map { $0.isNull ? "" : field($0.description) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Values holding `,` `;` `"` `\` or a line break are quoted, with `"` and `\` escaped.
    private func renderToon(name: String) -> String {
        func value(_ v: SQLValue) -> String {
            if v.isNull { return "null" }
            let s = v.description
            if s.isEmpty || s.contains(where: { ",;\"\\\n\r".contains($0) }) || s == "null" {
                return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "\""
            }
            return s
        }
        return "\(name)[\(rows.count)]{\(columns.joined(separator: ","))}:" + values.map { $0.map(value).joined(separator: ",") }.joined(separator: ";")
    }
}
