/// Where each pane goes for a screen size (toondb(1), EXPLORER): keys on the left,
/// value top right, the tabbed pane bottom right, then the status line and
/// the hint row. Below ``minimumWidth``×``minimumHeight`` there is no layout.
package struct Layout: Sendable {
    package static let minimumWidth = 80
    package static let minimumHeight = 24

    package let width: Int, height: Int
    package let keys: Rect, value: Rect, bottom: Rect
    package let statusRow: Int, hintRow: Int
    let zoomed: Pane?
    let tab: Pane
    /// The query tab's title: `Query`, or `Query 2/3` with several buffers.
    let queryTitle: String

    /// The layout for a size and state.
    package init(width: Int, height: Int, state: AppState) {
        self.width = width
        self.height = height
        statusRow = height - 2
        hintRow = height - 1
        let mainHeight = max(0, height - 2)
        let kw = max(20, width * state.treePercent / 100)
        keys = Rect(x: 0, y: 0, width: kw, height: mainHeight)
        let vh = max(6, mainHeight * 2 / 5)
        value = Rect(x: kw, y: 0, width: width - kw, height: vh)
        bottom = Rect(x: kw, y: vh, width: width - kw, height: mainHeight - vh)
        zoomed = state.zoomed ? state.focus : nil
        tab = state.tab
        queryTitle = state.buffers.count > 1 ? "Query \(state.buffer + 1)/\(state.buffers.count)" : Pane.query.title
    }

    /// Whether the terminal is big enough.
    package var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    /// The rectangle a pane occupies (nil when it is hidden).
    package func rect(of pane: Pane) -> Rect? {
        let main = Rect(x: 0, y: 0, width: width, height: max(0, height - 2))
        if let z = zoomed { return z == pane ? main : nil }
        switch pane {
        case .keys: return keys
        case .value: return value
        default: return pane == tab ? bottom : nil
        }
    }

    /// The tab titles' positions on the bottom pane's top border.
    package func tabs() -> [(pane: Pane, x: Int, width: Int, label: String)] {
        guard let r = rect(of: tab), tab.isTab else { return [] }
        var x = r.x + 2
        var out: [(Pane, Int, Int, String)] = []
        for p in [Pane.query, .search, .graph, .stats] {
            let label = " \(p.rawValue + 1) \(p == .query ? queryTitle : p.title) "
            out.append((p, x, label.count, label))
            x += label.count + 1
        }
        return out
    }

    /// The tab under a cell.
    package func tabAt(x: Int, y: Int) -> Pane? {
        guard let r = rect(of: tab), y == r.y else { return nil }
        return tabs().first { x >= $0.x && x < $0.x + $0.width }?.pane
    }

    /// Rows above the body (editor, header) inside a tabbed pane.
    func bodyOffset(_ pane: Pane) -> Int {
        switch pane {
        case .query: return 4
        case .search: return 2
        default: return 0
        }
    }
}
