import ToonDB
import ToonFormat

/// `?`: every binding of the ``KeyMap``, by context, in a box over the panes.
enum HelpOverlay {
    static func render(_ state: AppState, keyMap: KeyMap, into screen: inout Screen) {
        let w = min(screen.width - 4, 120), h = screen.height - 4
        let r = Rect(x: (screen.width - w) / 2, y: 1, width: w, height: h)
        screen.fill(r, .help)
        screen.box(r, title: "Help · Esc closes · j/k scroll", focused: true)
        let lines = keyMap.helpLines()
        let inner = r.inner
        let keyWidth = 22
        let scroll = min(state.helpScroll, max(0, lines.count - inner.height))
        for i in 0..<inner.height {
            let li = scroll + i
            guard li < lines.count else { break }
            let l = lines[li]
            if l.isHeading {
                screen.put(inner.x + 1, inner.y + i, l.keys, .paneTitleFocused, limit: inner.width - 1)
            } else {
                screen.put(inner.x + 3, inner.y + i, DisplayWidth.truncate(l.keys, to: keyWidth - 1), .helpKey, limit: keyWidth)
                screen.put(inner.x + 3 + keyWidth, inner.y + i, l.help, .help, limit: inner.width - keyWidth - 3)
            }
        }
    }
}
