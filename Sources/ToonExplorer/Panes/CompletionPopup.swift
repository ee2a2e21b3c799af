import ToonDB
import ToonFormat

/// The completion list, drawn in a box under the cursor (above it when
/// there is no room below), its left edge under the word being completed.
enum CompletionPopup {
    /// Candidates shown at once; the list scrolls to keep the selected one in view.
    static let maximumRows = 8

    static func render(_ list: CompletionList, cursor: (x: Int, y: Int), into screen: inout Screen, bottom: Int) {
        let shown = min(maximumRows, list.items.count)
        guard shown > 0 else { return }
        let widest = list.items.map(DisplayWidth.of).max() ?? 0
        let title = "\(list.selected + 1)/\(list.items.count)"
        let width = min(screen.width, max(widest, DisplayWidth.of(title) + 4) + 4)
        let height = shown + 2
        var y = cursor.y + 1
        if y + height > bottom { y = max(0, cursor.y - height) }
        let x = max(0, min(screen.width - width, cursor.x - list.wordLength))
        let box = Rect(x: x, y: y, width: width, height: height)
        screen.fill(box, .help)
        screen.box(box, title: title, focused: true)
        let first = max(0, min(list.selected - shown + 1, list.items.count - shown))
        for i in 0..<shown {
            let item = first + i
            let row = y + 1 + i
            screen.put(x + 2, row, list.items[item], .help, limit: width - 4)
            if item == list.selected { screen.highlight(x + 1, row, width - 2) }
        }
    }
}
