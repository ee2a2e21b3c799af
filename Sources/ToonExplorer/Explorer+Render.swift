import ToonDB
import ToonFormat

extension Explorer {
    /// Draws the whole explorer into a screen of its size.
    package func render(into screen: inout Screen) {
        state.screenWidth = screen.width
        state.screenHeight = screen.height
        screen.fill(Rect(x: 0, y: 0, width: screen.width, height: screen.height), .background)
        let layout = Layout(width: screen.width, height: screen.height, state: state)
        guard layout.fits else {
            let lines = ["The terminal is \(screen.width)×\(screen.height);",
                         "the explorer needs at least \(Layout.minimumWidth)×\(Layout.minimumHeight).",
                         "Enlarge the window, or press q to quit."]
            for (i, l) in lines.enumerated() {
                let y = screen.height / 2 - 1 + i
                screen.put(max(0, (screen.width - DisplayWidth.of(l)) / 2), y, l, i == 1 ? .statusError : .text)
            }
            return
        }
        if let r = layout.rect(of: .keys) {
            let visible = max(1, r.height - 2)
            if state.treeRow < state.treeScroll { state.treeScroll = state.treeRow }
            if state.treeRow >= state.treeScroll + visible { state.treeScroll = state.treeRow - visible + 1 }
            KeysPane.render(state, matches: Set(state.matches()), into: &screen, r)
        }
        if let r = layout.rect(of: .value) { ValuePane.render(state, into: &screen, r) }
        if let r = layout.rect(of: state.tab), state.tab.isTab {
            let focused = state.focus == state.tab
            screen.box(r, title: "", focused: focused)
            for t in layout.tabs() {
                screen.put(t.x, r.y, t.label, t.pane == state.tab ? .tabActive : .tab)
            }
            switch state.tab {
            case .query:
                if let out = state.query.output, !out.columns.isEmpty {
                    // Widths once per page; the grid scrolls so the selected column shows.
                    let widths = state.query.columnWidths ?? QueryPane.columnWidths(out, state.query, paneWidth: r.inner.width)
                    state.query.columnWidths = widths
                    state.query.columnOffset = QueryPane.columnOffset(state.query, widths: widths, width: r.inner.width)
                }
                QueryPane.render(state, into: &screen, r.inner, focused: focused)
            case .search: SearchPane.render(state, into: &screen, r.inner, focused: focused)
            case .graph: GraphPane.render(state, into: &screen, r.inner, focused: focused)
            case .stats: StatsPane.render(state, into: &screen, r.inner)
            default: break
            }
        }
        StatusBar.render(state, keyMap: keyMap, context: state.context, into: &screen, layout)
        if let list = state.completion, let cursor = screen.cursor {
            CompletionPopup.render(list, cursor: cursor, into: &screen, bottom: layout.statusRow)
            screen.cursor = cursor
        }
        if state.detail != nil {
            state.layOutDetail()
            DetailOverlay.render(state.detail!, into: &screen)
        }
        if state.showHelp { HelpOverlay.render(state, keyMap: keyMap, into: &screen) }
    }

    /// A fresh screen of `width`×`height` with the explorer drawn in it.
    package func renderScreen(width: Int, height: Int) -> Screen {
        var s = Screen(width: width, height: height)
        render(into: &s)
        return s
    }
}
