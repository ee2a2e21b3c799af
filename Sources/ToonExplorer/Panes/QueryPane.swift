import Foundation
import ToonDB
import ToonFormat

/// The query pane: the editor (3 lines), a summary line, and the result
/// grid with column widths, `…` truncation, horizontal scroll and pages.
enum QueryPane {
    static let editorLines = 3
    static let maximumColumnWidth = 40

    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect, focused: Bool) {
        let q = state.query
        guard r.height > editorLines + 2 else { return }
        // The editor, scrolled so the cursor line shows.
        let first = max(0, q.editor.row - editorLines + 1)
        let styles = SQLHighlighter.styles(q.editor.lines, error: q.errorText == q.editor.text ? q.errorAt : nil)
        for i in 0..<editorLines {
            let li = first + i
            let y = r.y + i
            let prefix = li == 0 ? "sql> " : "...> "
            if li < q.editor.lines.count {
                screen.put(r.x, y, prefix, .prompt)
                SQLHighlighter.draw(q.editor.lines[li], styles: styles[li], at: r.x + 5, y, into: &screen, limit: r.width - 5)
            } else if li == 0 {
                screen.put(r.x, y, prefix, .prompt)
            }
        }
        if q.editor.text.isEmpty {
            screen.put(r.x + 5, r.y, "type SQL; Enter runs after ;  (Alt-Enter/F5 runs now)", .dim, limit: r.width - 5)
        }
        if focused && q.editing {
            let before = String(q.editor.lines[q.editor.row].prefix(q.editor.column))
            screen.cursor = (r.x + 5 + DisplayWidth.of(before), r.y + q.editor.row - first)
        }
        // The summary line.
        let sy = r.y + editorLines
        screen.put(r.x, sy, String(repeating: "─", count: r.width), .paneBorder)
        var summary: String
        if q.running { summary = "running… (Ctrl-C cancels)" } else if let e = q.error { summary = e } else if let out = q.output {
            let ms = q.elapsed.map { String(format: "%.1f ms", $0 * 1000) } ?? ""
            if out.columns.isEmpty { summary = (out.message ?? "done") + " · " + ms } else {
                summary = "\(out.rows.count) row\(out.rows.count == 1 ? "" : "s") · \(ms)"
                if q.pageCount > 1 { summary += " · page \(q.page + 1)/\(q.pageCount) (< >)" }
                if out.columns.count > 1 { summary += " · column \(min(q.column, out.columns.count - 1) + 1)/\(out.columns.count)" }
                summary += " · Enter shows the cell"
            }
        } else { summary = "no query run yet" }
        screen.put(r.x + 1, sy, " " + summary + " ", q.error != nil ? .statusError : .statusInfo, limit: r.width - 2)
        guard let out = q.output, !out.columns.isEmpty else { return }
        grid(out, q, into: &screen, Rect(x: r.x, y: sy + 1, width: r.width, height: r.height - editorLines - 1),
             focused: focused && !q.editing)
    }

    /// The text of a cell.
    static func cellText(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .string(let s): return s.replacingOccurrences(of: "\n", with: "↵")
        default: return v.jsonText()
        }
    }

    /// The rows of the page shown: a slice, whatever the size of the result.
    static func pageRows(_ out: CommandOutput, _ q: QueryState) -> ArraySlice<[Value]> {
        let start = min(q.page * QueryState.pageRows, out.rows.count)
        return out.rows[start..<min(out.rows.count, start + QueryState.pageRows)]
    }

    /// Each column's width on the shown page (its header and cells, at most
    /// ``maximumColumnWidth``; a lone column, such as a query plan's, may
    /// take `paneWidth`).
    static func columnWidths(_ out: CommandOutput, _ q: QueryState, paneWidth: Int = 0) -> [Int] {
        let rows = pageRows(out, q)
        let most = out.columns.count == 1 ? max(maximumColumnWidth, paneWidth) : maximumColumnWidth
        return out.columns.indices.map { c in
            var w = DisplayWidth.of(out.columns[c])
            for row in rows where c < row.count && w < most { w = max(w, DisplayWidth.of(cellText(row[c]))) }
            return min(most, max(1, w))
        }
    }

    /// The first column to show so that the selected one fits in `width` columns.
    static func columnOffset(_ q: QueryState, widths: [Int], width: Int) -> Int {
        guard !widths.isEmpty else { return 0 }
        let column = max(0, min(q.column, widths.count - 1))
        var offset = min(q.columnOffset, column)
        while offset < column, widths[offset...column].reduce(0, +) + (column - offset) > width { offset += 1 }
        return offset
    }

    static func grid(_ out: CommandOutput, _ q: QueryState, into screen: inout Screen, _ r: Rect, focused: Bool) {
        let pageRows = pageRows(out, q)
        let all = q.columnWidths ?? columnWidths(out, q)
        let cols = Array(min(q.columnOffset, out.columns.count)..<out.columns.count)
        var widths: [Int: Int] = [:]
        for c in cols { widths[c] = c < all.count ? all[c] : 1 }
        func numeric(_ v: Value) -> Bool {
            switch v { case .int, .double: return true; default: return false }
        }
        // Header.
        var x = r.x
        for c in cols where x < r.x + r.width {
            let w = widths[c]!
            screen.put(x, r.y, DisplayWidth.pad(DisplayWidth.truncate(out.columns[c], to: w), to: w), .gridHeader,
                       limit: r.x + r.width - x)
            x += w
            if x < r.x + r.width { screen.put(x, r.y, "│", .paneBorder) }
            x += 1
        }
        let visible = r.height - 1
        guard visible > 0 else { return }
        let scroll = max(0, q.row - visible + 1)
        for i in 0..<visible {
            let ri = scroll + i
            guard ri < pageRows.count else { break }
            let row = pageRows[pageRows.startIndex + ri]
            let y = r.y + 1 + i
            x = r.x
            var cell: (x: Int, width: Int)?
            for c in cols where x < r.x + r.width {
                if c == q.column { cell = (x, min(widths[c]!, r.x + r.width - x)) }
                let w = widths[c]!
                let v = c < row.count ? row[c] : .null
                let full = cellText(v)
                let cut = DisplayWidth.truncate(full, to: w)
                let text = numeric(v) ? DisplayWidth.pad(cut, to: w, right: true) : cut
                let style: StyleKey = v == .null ? .gridNull : numeric(v) ? .gridNumber : .text
                let room = r.x + r.width - x
                let drawn = screen.put(x, y, text, style, limit: min(w, room))
                if cut != full, drawn == DisplayWidth.of(text) { screen.put(x + drawn - 1, y, "…", .gridTruncation) }
                if drawn < DisplayWidth.of(text), room > 0 { screen.put(r.x + r.width - 1, y, "…", .gridTruncation) }
                x += w
                if x < r.x + r.width { screen.put(x, y, "│", .paneBorder) }
                x += 1
            }
            if ri == q.row {
                screen.highlight(r.x, y, r.width, focused ? .selection : .selectionUnfocused)
                if focused, let cell { screen.highlight(cell.x, y, cell.width, .cursor) }
            }
        }
    }
}
