extension AppState {
    /// Carries out an action (what a key is bound to).
    mutating func perform(_ action: Action) -> [Effect] {
        switch action {
        case .quit: return [.readTransaction(quitting: true)]
        case .cancel:
            guard query.running else {
                say("Ctrl-C cancels a running query; q quits")
                return []
            }
            // Stop the statement itself too, not just stop waiting for it.
            query.running = false
            say("query cancelled")
            return [.cancelQuery]
        case .help:
            showHelp = true
            helpScroll = 0
        case .commandLine: prompt = .command(LineEditor())
        case .nextPane: return focus(Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!)
        case .previousPane: return focus(Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case .focusKeys: return focus(.keys)
        case .focusValue: return focus(.value)
        case .focusQuery: return focus(.query)
        case .focusSearch: return focus(.search)
        case .focusGraph: return focus(.graph)
        case .focusStats: return focus(.stats)
        case .zoom: zoomed.toggle()
        case .back: return back()
        case .up: return move(by: -1)
        case .down: return move(by: 1)
        case .top: return move(by: -1_000_000_000)
        case .bottom: return move(by: 1_000_000_000)
        case .halfPageDown: return move(by: max(1, bodyHeight / 2))
        case .halfPageUp: return move(by: -max(1, bodyHeight / 2))
        case .pageDown: return move(by: max(1, bodyHeight))
        case .pageUp: return move(by: -max(1, bodyHeight))
        case .left: return horizontal(-1)
        case .right: return horizontal(1)
        case .lineStart: query.column = 0
        case .lineEnd: query.column = max(0, (query.output?.columns.count ?? 1) - 1)
        case .open: return open()
        case .refresh: return refresh()
        case .copyValue:
            if detail == nil, focus == .query { pickCopyFormat(.row) } else { return copyValue() }
        case .copyKey:
            if detail == nil, focus == .query { pickCopyFormat(.result) } else { return copyKey() }
        case .edit: return editValue()
        case .delete: deleteKey()
        case .filter: prompt = .filter(LineEditor(filter))
        case .nextMatch: return jumpToMatch(forward: true)
        case .previousMatch: return jumpToMatch(forward: false)
        case .cycleValueMode:
            value.mode = value.mode.next
            rerenderValue()
            say("value view: \(value.mode.rawValue)")
        case .toggleMouse:
            mouseEnabled.toggle()
            say(mouseEnabled ? "mouse capture on" : "mouse capture off: the terminal selects text")
        case .widenTree: treePercent = min(70, treePercent + 5)
        case .narrowTree: treePercent = max(15, treePercent - 5)
        case .run: return runEditor()
        case .editInput:
            if focus == .query {
                query.editing = true
                query.vi.mode = .insert
            }
            if focus == .search { search.editing = true }
        case .previousPage, .nextPage:
            let page = action == .nextPage ? min(query.pageCount - 1, query.page + 1) : max(0, query.page - 1)
            if page != query.page {
                query.page = page
                query.row = 0
                query.columnWidths = nil
            }
        case .export: askExportPath()
        case .increase, .decrease:
            let up = action == .increase
            if focus == .search {
                search.alpha = min(1, max(0, ((search.alpha + (up ? 0.1 : -0.1)) * 10).rounded() / 10))
                return runSearch()
            } else if focus == .graph {
                graph.depth = min(6, max(1, graph.depth + (up ? 1 : -1)))
                return loadGraph()
            }
        case .cycleSearchMode:
            search.mode = search.mode.next
            return runSearch()
        case .historySearch: break
        case .externalEditor: return editBufferExternally()
        case .explainPlan: return explainEditor()
        case .newBuffer: return newBuffer()
        case .switchBuffer: break  // the digit picks the buffer: see dispatch
        case .viWordForward, .viWordBackward, .viWordEnd, .viDeleteCharacter, .viDeleteLine, .viDeleteWord, .viChangeWord,
             .viPaste, .viUndo, .viInsert, .viAppend, .viAppendAtEnd, .viInsertAtStart, .viOpenLine, .viHistorySearch:
            if inViNormalMode { return viPerform(action) }
        case .complete:
            if focus == .query, query.editing, completionEnabled { return complete(.query) }
            return perform(.nextPane)
        }
        return []
    }

    /// Esc: close the full view, the zoom, walk the graph back, clear the filter or the message.
    private mutating func back() -> [Effect] {
        if detail != nil {
            detail = nil
        } else if zoomed {
            zoomed = false
        } else if focus == .graph, let previous = graph.trail.popLast() {
            graph.root = previous
            graph.selected = 0
            return loadGraph()
        } else if !filter.isEmpty {
            filter = ""
        } else {
            message = nil
        }
        return []
    }
}
