import ToonDB

/// The full view of one grid cell, search hit or value, over the panes:
/// pretty JSON or wrapped text that scrolls; Esc closes it.
enum DetailOverlay {
    /// Where the view goes on a screen (the status line and hint row stay visible).
    static func rect(width: Int, height: Int) -> Rect {
        Rect(x: 1, y: 0, width: width - 2, height: height - 2)
    }

    /// The columns text is wrapped to inside `rect`.
    static func wrapWidth(_ r: Rect) -> Int { max(1, r.width - 4) }

    /// The rows of text shown inside `rect`.
    static func bodyHeight(_ r: Rect) -> Int { max(1, r.height - 2) }

    static func render(_ d: DetailState, into screen: inout Screen) {
        let r = rect(width: screen.width, height: screen.height)
        screen.fill(r, .background)
        let body = bodyHeight(r)
        let count = d.wrapped.count
        let last = min(count, d.scroll + body)
        let position = count > body ? " · \(d.scroll + 1)–\(last) of \(count) lines" : ""
        screen.box(r, title: "\(d.title)\(position) · j/k scroll · y copies · Esc closes", focused: true)
        for i in 0..<body {
            let li = d.scroll + i
            guard li < count else { break }
            var x = r.x + 2
            for (text, style) in d.wrapped[li].spans {
                x += screen.put(x, r.y + 1 + i, text, style, limit: r.x + r.width - 2 - x)
            }
        }
    }
}
