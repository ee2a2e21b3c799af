import ToonCore

/// The grid formats: `table` (aligned, a dashed rule under the header) and
/// `box` (Unicode box drawing). Widths are display widths, so CJK text and
/// emoji line up; cells wider than ``ResultSet/RenderOptions/maximumCellWidth``
/// are cut with `…` at a grapheme boundary.
extension ResultSet {
    /// Cell texts (already cut) and the width of each column.
    private func grid(_ options: RenderOptions) -> (header: [String], cells: [[String]], widths: [Int]) {
        func cut(_ s: String) -> String { options.maximumCellWidth.map { DisplayWidth.truncate(s, to: $0) } ?? s }
        let header = columns.map(cut)
        let cells = rows.indices.map { r in columns.indices.map { cut(cellText(value(r, $0), options)) } }
        var widths = header.map(DisplayWidth.of)
        for row in cells { for (c, text) in row.enumerated() { widths[c] = max(widths[c], DisplayWidth.of(text)) } }
        return (header, cells, widths)
    }

    /// Whether every non-null value of column `c` is a number (such columns align right in a box and a Markdown table).
    func isNumeric(_ c: Int) -> Bool {
        var any = false
        for r in rows.indices {
            switch value(r, c) {
            case .int, .double: any = true
            case .null: continue
            default: return false
            }
        }
        return any
    }

    func renderTable(_ options: RenderOptions) -> String {
        let (header, cells, widths) = grid(options)
        func line(_ items: [String]) -> String {
            var s = zip(items, widths).map { DisplayWidth.pad($0, to: $1) }.joined(separator: "  ")
            while s.last == " " { s.removeLast() }
            return s + "\n"
        }
        var out = line(header) + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) }
        return out
    }

    func renderBox(_ options: RenderOptions) -> String {
        let (header, cells, widths) = grid(options)
        let numeric = columns.indices.map(isNumeric)
        func rule(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right + "\n"
        }
        func line(_ items: [String], alignNumbers: Bool) -> String {
            "│" + items.enumerated().map { c, text in
                " " + DisplayWidth.pad(text, to: widths[c], right: alignNumbers && numeric[c]) + " "
            }.joined(separator: "│") + "│\n"
        }
        var out = rule("┌", "┬", "┐") + line(header, alignNumbers: false) + rule("├", "┼", "┤")
        for row in cells { out += line(row, alignNumbers: true) }
        return out + rule("└", "┴", "┘")
    }
}
