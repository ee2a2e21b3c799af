import ToonDB
import ToonFormat

/// A grid of cells, each holding one grapheme cluster and a ``StyleKey``.
/// Panes draw into it; the ``Terminal`` copies it to the screen; tests read
/// its text. A wide character (two columns) fills its cell and marks the
/// next as a continuation, so nothing is ever drawn over half a glyph.
package struct Screen: Sendable {
    /// One cell.
    package struct Cell: Sendable, Equatable {
        /// The grapheme shown ("" in the second column of a wide one).
        package var text: String
        /// How it is styled.
        package var style: StyleKey
        /// Whether it is the right half of a wide grapheme.
        package var isContinuation: Bool
        /// Drawn with the selection style over its own.
        package var selected: StyleKey?

        static let blank = Cell(text: " ", style: .text, isContinuation: false, selected: nil)
    }

    /// Columns.
    package let width: Int
    /// Rows.
    package let height: Int
    /// Row-major cells.
    package private(set) var cells: [Cell]
    /// Where the terminal's cursor should be shown, if anywhere.
    package var cursor: (x: Int, y: Int)?

    /// A blank screen.
    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`.
    package subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Writes `text` from column `x` on row `y`, clipped to `limit` columns
    /// (and the screen's edge). A grapheme that does not fit whole is left
    /// out (a space goes in its place). Returns the columns written.
    @discardableResult
    package mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: StyleKey = .text, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var col = x
        for ch in text {
            let w: Int
            if ch == "\t" { w = 1 } else if ch.isNewline { w = 1 } else { w = DisplayWidth.of(ch) }
            if w == 0 { continue }
            if col + w > end {
                if col < end { set(col, y, Cell(text: " ", style: style, isContinuation: false, selected: nil)) }
                return max(0, min(end, col + 1) - x)
            }
            if col >= 0 {
                let shown = (ch == "\t" || ch.isNewline) ? " " : String(ch)
                set(col, y, Cell(text: shown, style: style, isContinuation: false, selected: nil))
                if w == 2 { set(col + 1, y, Cell(text: "", style: style, isContinuation: true, selected: nil)) }
            }
            col += w
        }
        return col - x
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        // Overwriting half of a wide glyph blanks its other half.
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", style: cells[i - 1].style, isContinuation: false, selected: nil) }
        if !cells[i].isContinuation, x + 1 < width, cells[i + 1].isContinuation, !cell.isContinuation {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style, isContinuation: false, selected: nil)
        }
        cells[i] = cell
    }

    /// Fills a rectangle with blanks in `style`.
    package mutating func fill(_ rect: Rect, _ style: StyleKey = .text) {
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                cells[y * width + x] = Cell(text: " ", style: style, isContinuation: false, selected: nil)
            }
        }
    }

    /// Marks row `y` between `x` and `x + w` as selected (drawn with `style` over each cell's own).
    package mutating func highlight(_ x: Int, _ y: Int, _ w: Int, _ style: StyleKey = .selection) {
        guard y >= 0, y < height else { return }
        for c in max(0, x)..<min(width, x + w) { cells[y * width + c].selected = style }
    }

    /// Draws a box border around `rect` with a title.
    package mutating func box(_ rect: Rect, title: String, focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let border: StyleKey = focused ? .paneBorderFocused : .paneBorder
        let right = rect.x + rect.width - 1, bottom = rect.y + rect.height - 1
        put(rect.x, rect.y, "┌", border)
        put(right, rect.y, "┐", border)
        put(rect.x, bottom, "└", border)
        put(right, bottom, "┘", border)
        for x in (rect.x + 1)..<right {
            put(x, rect.y, "─", border)
            put(x, bottom, "─", border)
        }
        for y in (rect.y + 1)..<bottom {
            put(rect.x, y, "│", border)
            put(right, y, "│", border)
        }
        if !title.isEmpty, rect.width > 6 {
            let t = " " + DisplayWidth.truncate(title, to: rect.width - 6) + " "
            put(rect.x + 2, rect.y, t, focused ? .paneTitleFocused : .paneTitle)
        }
    }

    /// The text of row `y`, wide characters once, trailing spaces kept.
    package func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        return s
    }

    /// Every row's text with trailing spaces removed, joined by newlines.
    package var text: String {
        (0..<height).map { y -> String in
            var l = line(y)
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }

    /// Whether any row contains `fragment`.
    package func contains(_ fragment: String) -> Bool { text.contains(fragment) }
}

/// A rectangle of cells.
package struct Rect: Sendable, Equatable {
    package var x: Int, y: Int, width: Int, height: Int

    /// A rectangle.
    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The rectangle inside a border.
    package var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }

    /// Whether the cell (`px`, `py`) lies inside.
    package func contains(_ px: Int, _ py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}

extension Screen: CustomStringConvertible {
    /// The screen's text (what test failures print).
    package var description: String { "\n" + text }
}
