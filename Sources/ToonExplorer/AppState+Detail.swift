import Foundation
import ToonDB

extension AppState {
    /// Enter in the query results: the selected cell in full.
    mutating func openCell() {
        guard let out = query.output, !out.columns.isEmpty else {
            say("no result to show: run a query first (i edits it)", error: true)
            return
        }
        let i = query.absoluteRow
        guard out.rows.indices.contains(i) else { return }
        let c = max(0, min(query.column, out.columns.count - 1))
        let v = c < out.rows[i].count ? out.rows[i][c] : .null
        let (lines, text) = Self.detailLines(v)
        detail = DetailState(title: "\(out.columns[c]) · row \(i + 1)", text: text, lines: lines)
    }

    /// Enter on a search hit: the whole document (content and metadata
    /// unabridged) with the hit's ranks, read by ``Effect/loadSearchHit(namespace:collection:hit:)``;
    /// the value pane shows it too.
    mutating func openSearchHit() -> [Effect] {
        guard search.rows.indices.contains(search.selected),
              let ns = search.namespace, let col = search.collection else { return [] }
        let hit = search.rows[search.selected]
        return showDocument(ns, col, hit.id) + [.loadSearchHit(namespace: ns, collection: col, hit: hit)]
    }

    /// Enter in the value pane: the value wrapped, in the full view.
    mutating func openValue() {
        guard let b = value.bytes else {
            detail = DetailState(title: value.title, text: value.lines.map(\.text).joined(separator: "\n"),
                                       lines: value.lines)
            return
        }
        detail = DetailState(title: value.title, text: String(decoding: b, as: UTF8.self), lines: value.lines)
    }

    /// A value's lines in the full view and its text: pretty JSON for an
    /// object or array (or a string holding one), else the text as is.
    static func detailLines(_ v: Value) -> ([StyledLine], String) {
        switch v {
        case .object, .array:
            return (ValueView.jsonLines(v), v.jsonText(pretty: true))
        case .string(let s):
            if let f = s.trimmingCharacters(in: .whitespacesAndNewlines).first, f == "{" || f == "[",
               let json = try? Value(json: s) {
                return (ValueView.jsonLines(json), json.jsonText(pretty: true))
            }
            return (s.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }, s)
        case .null:
            return ([StyledLine("NULL", .gridNull)], "NULL")
        default:
            let t = v.jsonText()
            return ([StyledLine(t)], t)
        }
    }

    /// Wraps the full view's lines for the screen size and keeps its scroll in range.
    mutating func layOutDetail() {
        guard var d = detail else { return }
        let r = DetailOverlay.rect(width: screenWidth, height: screenHeight)
        let w = DetailOverlay.wrapWidth(r)
        if d.wrapWidth != w {
            d.wrapped = d.lines.flatMap { $0.wrapped(to: w) }
            d.wrapWidth = w
        }
        d.scroll = max(0, min(d.scroll, d.wrapped.count - DetailOverlay.bodyHeight(r)))
        detail = d
    }
}
