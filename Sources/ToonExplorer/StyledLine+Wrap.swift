import ToonDB
import ToonFormat

extension StyledLine {
    /// The line broken into lines of at most `width` columns, by display
    /// width: at a space when one falls in the second half of the line, else
    /// between graphemes (a wide glyph is never split). Continuation lines
    /// keep the line's indentation, up to a third of the width, so wrapped
    /// pretty JSON stays readable.
    package func wrapped(to width: Int) -> [StyledLine] {
        let width = max(1, width)
        var cells: [(char: Character, style: StyleKey, width: Int)] = []
        var total = 0
        for (text, style) in spans {
            for c in text {
                let w = c == "\t" ? 1 : DisplayWidth.of(c)
                cells.append((c == "\t" ? " " : c, style, w))
                total += w
            }
        }
        if total <= width { return [self] }
        let indent = min(width / 3, cells.prefix { $0.char == " " }.count)
        var out: [StyledLine] = []
        var start = 0
        while start < cells.count {
            let lead = out.isEmpty ? 0 : indent
            let room = width - lead
            var end = start, used = 0
            var lastSpace: Int?
            while end < cells.count, used + cells[end].width <= room {
                if cells[end].char == " " { lastSpace = end }
                used += cells[end].width
                end += 1
            }
            if end == start { end = start + 1 }
            if end < cells.count, let sp = lastSpace, sp > start, sp - start >= room / 2 { end = sp + 1 }
            var spans: [(String, StyleKey)] = lead > 0 ? [(String(repeating: " ", count: lead), .text)] : []
            for cell in cells[start..<end] {
                if let last = spans.last, last.1 == cell.style {
                    spans[spans.count - 1].0.append(cell.char)
                } else {
                    spans.append((String(cell.char), cell.style))
                }
            }
            out.append(StyledLine(spans))
            start = end
        }
        return out
    }
}
