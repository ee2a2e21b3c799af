import Foundation
import ToonDB

extension Explorer {
    /// Enter in the query results: the selected cell in full.
    func openCell() {
        guard let out = state.query.output, !out.columns.isEmpty else {
            state.say("no result to show: run a query first (i edits it)", error: true)
            return
        }
        let i = state.query.absoluteRow
        guard out.rows.indices.contains(i) else { return }
        let c = max(0, min(state.query.column, out.columns.count - 1))
        let v = c < out.rows[i].count ? out.rows[i][c] : .null
        let (lines, text) = Self.detailLines(v)
        state.detail = DetailState(title: "\(out.columns[c]) · row \(i + 1)", text: text, lines: lines)
    }

    /// Enter on a search hit: the whole document (content and metadata
    /// unabridged) with the hit's ranks; the value pane shows it too.
    func openSearchHit() {
        guard state.search.rows.indices.contains(state.search.selected),
              let ns = state.search.namespace, let col = state.search.collection else { return }
        let hit = state.search.rows[state.search.selected]
        showDocument(ns, col, hit.id, focusValue: false)
        do {
            guard let d = try source.document(namespace: ns, collection: col, id: hit.id) else {
                state.say("document \(hit.id) no longer exists", error: true)
                return
            }
            var o = OrderedDictionary<String, Value>()
            o["id"] = .string(d.id)
            o["score"] = .double(hit.score)
            o["ranks"] = .object(["fused": hit.fusedRank.map { .int(Int64($0)) } ?? .null,
                                  "vector": hit.vectorRank.map { .int(Int64($0)) } ?? .null,
                                  "bm25": hit.keywordRank.map { .int(Int64($0)) } ?? .null])
            o["metadata"] = .object(d.metadata)
            var lines = ValueView.jsonLines(.object(o))
            var text = Value.object(o).jsonText(pretty: true)
            if let content = d.content {
                lines += [StyledLine(""), StyledLine("content", .gridHeader)]
                lines += content.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }
                text += "\n\n" + content
            }
            state.detail = DetailState(title: "\(ns)/\(col)/\(d.id)", text: text, lines: lines)
        } catch {
            state.say("\(error)", error: true)
        }
    }

    /// Enter in the value pane: the value wrapped, in the full view.
    func openValue() {
        guard let b = state.value.bytes else {
            state.detail = DetailState(title: state.value.title, text: state.value.lines.map(\.text).joined(separator: "\n"),
                                       lines: state.value.lines)
            return
        }
        state.detail = DetailState(title: state.value.title, text: String(decoding: b, as: UTF8.self), lines: state.value.lines)
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
    func layOutDetail() {
        guard var d = state.detail else { return }
        let r = DetailOverlay.rect(width: width, height: height)
        let w = DetailOverlay.wrapWidth(r)
        if d.wrapWidth != w {
            d.wrapped = d.lines.flatMap { $0.wrapped(to: w) }
            d.wrapWidth = w
        }
        d.scroll = max(0, min(d.scroll, d.wrapped.count - DetailOverlay.bodyHeight(r)))
        state.detail = d
    }
}
