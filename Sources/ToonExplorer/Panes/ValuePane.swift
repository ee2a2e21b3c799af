import ToonDB
import ToonFormat

/// The value pane: the selected value in the chosen view, scrolled.
enum ValuePane {
    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect) {
        let v = state.value
        var title = "2 \(v.title)"
        if v.bytes != nil { title += " · \(v.shownMode.rawValue)\(v.mode == .auto ? " (auto)" : "") · \(v.bytes!.count) B" }
        screen.box(r, title: title, focused: state.focus == .value)
        let inner = r.inner
        for i in 0..<inner.height {
            let li = v.scroll + i
            guard li < v.lines.count else { break }
            var skip = v.hscroll
            var x = inner.x
            for (text, style) in v.lines[li].spans {
                var t = Substring(text)
                while skip > 0, let c = t.first { skip -= DisplayWidth.of(c); t = t.dropFirst() }
                x += screen.put(x, inner.y + i, String(t), style, limit: inner.x + inner.width - x)
            }
            if x >= inner.x + inner.width, DisplayWidth.of(v.lines[li].text) - v.hscroll > inner.width {
                screen.put(inner.x + inner.width - 1, inner.y + i, "…", .gridTruncation)
            }
        }
        if v.lines.count > inner.height {
            screen.put(r.x + r.width - 12, r.y + r.height - 1, " \(v.scroll + 1)/\(v.lines.count) ", .paneTitle)
        }
    }
}
