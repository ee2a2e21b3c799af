import Foundation
import ToonDB
import ToonFormat

/// The search pane: the text, mode and alpha on one line, then the hits with
/// vector rank, BM25 rank and fused rank side by side.
enum SearchPane {
    /// The first hit shown, so the selected one is on screen.
    static func scroll(_ s: SearchState, shown: Int) -> Int { max(0, s.selected - max(1, shown) + 1) }

    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect, focused: Bool) {
        let s = state.search
        guard r.height > 3 else { return }
        let target = s.collection.map { "\(s.namespace ?? "")/\($0)" } ?? "(no collection)"
        var head = "\(s.mode.rawValue) in \(target)"
        // What the search could not do comes first, so a narrow pane still shows it.
        if let note = s.note { head = note + " · " + head } else if s.mode == .hybrid {
            head += String(format: " · alpha %.1f (+/-)", s.alpha)
        }
        if let d = s.sourceDocument { head += " · like \(d)" }
        if let e = s.elapsed { head += String(format: " · %.1f ms", e * 1000) }
        screen.put(r.x, r.y, head, .statusInfo, limit: r.width)
        screen.put(r.x, r.y + 1, "text> ", .prompt)
        screen.put(r.x + 6, r.y + 1, s.editor.text.isEmpty && !s.editing ? "(i to type keywords)" : s.editor.text,
                   s.editor.text.isEmpty ? .dim : .text, limit: r.width - 6)
        if focused && s.editing {
            let before = String(s.editor.lines[s.editor.row].prefix(s.editor.column))
            screen.cursor = (r.x + 6 + DisplayWidth.of(before), r.y + 1)
        }
        if let e = s.error {
            screen.put(r.x, r.y + 2, e, .statusError, limit: r.width)
            return
        }
        let header = ["fused", "vector", "bm25", "score", "id", "content"]
        let widths = [5, 6, 4, 8, 16]
        var x = r.x
        for (i, h) in header.enumerated() {
            let w = i < widths.count ? widths[i] : max(1, r.x + r.width - x)
            x += screen.put(x, r.y + 2, DisplayWidth.pad(h, to: w) + " ", .gridHeader, limit: r.x + r.width - x)
        }
        let first = scroll(s, shown: r.height - 3)
        for (i, row) in s.rows.enumerated().dropFirst(first) {
            let y = r.y + 3 + i - first
            guard y < r.y + r.height else { break }
            x = r.x
            func rank(_ v: Int?) -> String { v.map { "#\($0)" } ?? "–" }
            let cells: [(String, StyleKey)] = [
                (rank(row.fusedRank), .searchRank), (rank(row.vectorRank), .searchRank), (rank(row.keywordRank), .searchRank),
                (String(format: "%.4f", row.score), .searchScore), (DisplayWidth.truncate(row.id, to: 16), .text),
            ]
            for (j, (t, st)) in cells.enumerated() {
                x += screen.put(x, y, DisplayWidth.pad(t, to: widths[j], right: j < 4) + " ", st, limit: r.x + r.width - x)
            }
            screen.put(x, y, DisplayWidth.truncate(row.content, to: max(1, r.x + r.width - x)), .dim, limit: r.x + r.width - x)
            if i == s.selected { screen.highlight(r.x, y, r.width, focused && !s.editing ? .selection : .selectionUnfocused) }
        }
    }
}
