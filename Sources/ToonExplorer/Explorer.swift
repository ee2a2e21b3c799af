import Foundation
import ToonCommands
import ToonDB

/// The explorer's brain: it owns the ``AppState``, turns input into
/// ``Action``s through the ``KeyMap``, carries them out against the
/// ``DataSource``, and renders into a ``Screen``. It never touches the
/// terminal, so tests drive it directly.
package final class Explorer: @unchecked Sendable {
    package var state = AppState()
    package let source: DataSource
    /// Runs query pane entries (SQL by default; the console's commands when plugged in).
    package var runner: CommandRunner
    package let keyMap: KeyMap
    let worker = QueryWorker()
    /// Where `y`/`Y` send text (the terminal: OSC 52, then a local tool);
    /// returns how it went, for the status line ("OSC 52 and xclip").
    package var copyToClipboard: @Sendable (String) -> String = { _ in "nowhere: no terminal" }
    /// Opens text in `$VISUAL`/`$EDITOR` in a file with the given suffix
    /// (`sql`, `json`, `txt`) and returns the saved text (nil: the editor failed).
    package var editExternally: ((String, String) -> String?)?
    /// Whether Tab completes in the query editor and on the `:` line (`completion` in the configuration file).
    package var completionEnabled = true
    /// The screen size the layout last used.
    package var width = 120, height = 40

    /// An explorer over `source`; `runner` defaults to SQL through the source.
    package init(source: DataSource, runner: CommandRunner? = nil, keyMap: KeyMap = .standard, history: [String] = []) {
        self.source = source
        self.runner = runner ?? CommandOutput.sqlRunner(source)
        self.keyMap = keyMap
        state.location = source.location
        state.readOnly = source.isReadOnly
        state.query.history = History(entries: history)
        state.tree.expand(0, source: source)
        selectionChanged()
    }

    /// The key-map context of the focused pane (the editor's while typing).
    var context: KeyMap.Context {
        if state.detail != nil { return .detail }
        switch state.focus {
        case .keys: return .keys
        case .value: return .value
        case .query: return state.query.editing ? (inViNormalMode ? .viNormal : .editor) : .query
        case .search: return state.search.editing ? .editor : .search
        case .graph: return .graph
        case .stats: return .global
        }
    }

    /// Handles one input event.
    package func handle(_ event: InputEvent) {
        switch event {
        case .key(let k): handleKey(k)
        case .click, .wheel:
            state.completion = nil
            pointerEvent(event)
        case .resize(let w, let h):
            width = w
            height = h
        case .tick: poll()
        case .endOfInput: state.quitRequested = true
        }
    }

    private func pointerEvent(_ event: InputEvent) {
        switch event {
        case .click(let x, let y, let double): click(x, y, double: double)
        case .wheel(let x, let y, let delta):
            if state.showHelp {
                state.helpScroll = max(0, state.helpScroll + delta * 3)
            } else if state.detail != nil {
                move(by: delta * 3)
            } else {
                if let p = pane(atX: x, y: y) { focus(p) }
                move(by: delta * 3)
            }
        default: break
        }
    }

    /// Collects a finished query, refreshes live panes.
    package func poll() {
        if let done = worker.take() { finishQuery(done) }
        state.query.running = worker.isRunning
        if statsShown, secondsSinceStats >= Self.statsInterval { loadStats() }
        noteTransaction()
    }

    /// Reads whether a transaction is open, and its pending writes, for the status line.
    func noteTransaction() {
        state.inTransaction = source.inTransaction
        state.pendingWrites = state.inTransaction ? source.pendingWrites : 0
    }

    /// How long the stats pane's figures stay before ``poll()`` reloads them, in seconds.
    static let statsInterval = 1.0

    private var statsShown: Bool { state.focus == .stats || state.tab == .stats }
    private var secondsSinceStats: Double { state.stats.updated.map { Date().timeIntervalSince($0) } ?? .infinity }

    /// How long the input loop may sleep before ``poll()`` has timed work:
    /// until the stats pane's next refresh while it shows, else for ever (nil).
    /// A finished query wakes the loop through the worker's pipe instead.
    package var idleTimeout: Duration? {
        guard statsShown else { return nil }
        let left = max(0, Self.statsInterval - secondsSinceStats)
        return .milliseconds(Int((left * 1000).rounded(.up)) + 1)
    }

    /// The descriptor ``Terminal/read(timeout:wake:)`` polls to hear of a finished query.
    package var wakeDescriptor: Int32 { worker.finishedPipe.readEnd }

    func handleKey(_ key: Key) {
        guard let list = state.completion else { dispatch(key); return }
        if completionKey(key) { return }
        dispatch(key)
        // Typing into the word (or taking a character back) narrows the list.
        if case .char(let c) = key, !Completer.wordBreaks.contains(c) { narrowCompletion(list.target) }
        if key == .backspace { narrowCompletion(list.target) }
    }

    private func dispatch(_ key: Key) {
        // Esc and a digit typed at once read as Alt and the digit: unless they
        // pick another buffer, they are Esc and the digit.
        if case .alt(let c) = key, state.prompt == nil, !state.showHelp {
            if let n = c.wholeNumberValue, n - 1 != state.buffer, n - 1 < state.buffers.count {
                switchBuffer(to: n - 1)
            } else {
                dispatch(.escape)
                dispatch(.char(c))
            }
            return
        }
        if state.showHelp { helpKey(key); return }
        if state.prompt != nil { promptKey(key); return }
        if key == .ctrl("c") { state.pendingKey = nil; perform(.cancel); return }
        let ctx = context
        if let first = state.pendingKey {
            state.pendingKey = nil
            let chord = Key.chord(first, key)
            if let a = keyMap.action(for: chord, in: ctx) { act(a, in: ctx) } else { state.say("\(chord.name) does nothing here", error: true) }
            return
        }
        if keyMap.startsChord(key, in: ctx) {
            state.pendingKey = key
            state.say("\(key.name) …")
            return
        }
        if ctx == .detail {
            // The full view takes its own keys and the moving ones; the panes below wait.
            if let a = keyMap.action(for: key, in: .detail), Self.detailActions.contains(a) { perform(a) }
            return
        }
        if ctx == .editor {
            if let a = keyMap.action(for: key, in: .editor), a == .complete || a == .newBuffer { perform(a); return }
            if key == .tab || key == .backTab || key == .function(1) || key == .function(10) {
                perform(keyMap.action(for: key, in: .global)!)
                return
            }
            editorKey(key)
            return
        }
        if let a = keyMap.action(for: key, in: ctx) { act(a, in: ctx) }
    }

    /// Carries out an action of a key in `ctx` (vi's normal mode has its own meanings of the moving keys).
    private func act(_ action: Action, in ctx: KeyMap.Context) {
        if ctx == .viNormal { viPerform(action) } else { perform(action) }
    }

    /// What keys do while the full view is open.
    static let detailActions: Set<Action> = [.back, .copyValue, .up, .down, .top, .bottom, .halfPageDown, .halfPageUp,
                                             .pageDown, .pageUp, .cancel, .help]

    func helpKey(_ key: Key) {
        switch key {
        case .escape, .char("q"), .char("?"), .function(1), .enter: state.showHelp = false
        case .char("j"), .down: state.helpScroll += 1
        case .char("k"), .up: state.helpScroll = max(0, state.helpScroll - 1)
        case .pageDown, .ctrl("d"): state.helpScroll += 10
        case .pageUp, .ctrl("u"): state.helpScroll = max(0, state.helpScroll - 10)
        case .char("g"), .home: state.helpScroll = 0
        default: break
        }
    }

    /// Carries out an action.
    package func perform(_ action: Action) {
        switch action {
        case .quit:
            noteTransaction()
            if state.inTransaction {
                let n = state.pendingWrites
                state.prompt = .confirm("A transaction is open with \(n) pending write\(n == 1 ? "" : "s"); quitting discards it. Quit? (y/n)", .quit)
            } else {
                state.quitRequested = true
            }
        case .cancel:
            if worker.cancel() {
                // Stop the statement itself too, not just stop waiting for it.
                source.interruptSQL()
                state.query.running = false
                state.say("query cancelled")
            } else {
                state.say("Ctrl-C cancels a running query; q quits")
            }
        case .help:
            state.showHelp = true
            state.helpScroll = 0
        case .commandLine: state.prompt = .command(LineEditor())
        case .nextPane: focus(Pane(rawValue: (state.focus.rawValue + 1) % Pane.allCases.count)!)
        case .previousPane: focus(Pane(rawValue: (state.focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case .focusKeys: focus(.keys)
        case .focusValue: focus(.value)
        case .focusQuery: focus(.query)
        case .focusSearch: focus(.search)
        case .focusGraph: focus(.graph)
        case .focusStats: focus(.stats)
        case .zoom: state.zoomed.toggle()
        case .back:
            if state.detail != nil {
                state.detail = nil
            } else if state.zoomed {
                state.zoomed = false
            } else if state.focus == .graph, let previous = state.graph.trail.popLast() {
                state.graph.root = previous
                state.graph.selected = 0
                loadGraph()
            } else if !state.filter.isEmpty {
                state.filter = ""
            } else {
                state.message = nil
            }
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .top: move(by: -1_000_000_000)
        case .bottom: move(by: 1_000_000_000)
        case .halfPageDown: move(by: max(1, bodyHeight / 2))
        case .halfPageUp: move(by: -max(1, bodyHeight / 2))
        case .pageDown: move(by: max(1, bodyHeight))
        case .pageUp: move(by: -max(1, bodyHeight))
        case .left: horizontal(-1)
        case .right: horizontal(1)
        case .lineStart: state.query.column = 0
        case .lineEnd: state.query.column = max(0, (state.query.output?.columns.count ?? 1) - 1)
        case .open: open()
        case .refresh: refresh()
        case .copyValue:
            if state.detail == nil, state.focus == .query { pickCopyFormat(.row) } else { copyValue() }
        case .copyKey:
            if state.detail == nil, state.focus == .query { pickCopyFormat(.result) } else { copyKey() }
        case .edit: editValue()
        case .delete: deleteKey()
        case .filter: state.prompt = .filter(LineEditor(state.filter))
        case .nextMatch: jumpToMatch(forward: true)
        case .previousMatch: jumpToMatch(forward: false)
        case .cycleValueMode:
            state.value.mode = state.value.mode.next
            rerenderValue()
            state.say("value view: \(state.value.mode.rawValue)")
        case .toggleMouse:
            state.mouseEnabled.toggle()
            state.say(state.mouseEnabled ? "mouse capture on" : "mouse capture off: the terminal selects text")
        case .widenTree: state.treePercent = min(70, state.treePercent + 5)
        case .narrowTree: state.treePercent = max(15, state.treePercent - 5)
        case .run: runEditor()
        case .editInput:
            if state.focus == .query {
                state.query.editing = true
                state.query.vi.mode = .insert
            }
            if state.focus == .search { state.search.editing = true }
        case .previousPage, .nextPage:
            let page = action == .nextPage ? min(state.query.pageCount - 1, state.query.page + 1) : max(0, state.query.page - 1)
            if page != state.query.page {
                state.query.page = page
                state.query.row = 0
                state.query.columnWidths = nil
            }
        case .export: askExportPath()
        case .increase, .decrease:
            let up = action == .increase
            if state.focus == .search {
                state.search.alpha = min(1, max(0, ((state.search.alpha + (up ? 0.1 : -0.1)) * 10).rounded() / 10))
                runSearch()
            } else if state.focus == .graph {
                state.graph.depth = min(6, max(1, state.graph.depth + (up ? 1 : -1)))
                loadGraph()
            }
        case .cycleSearchMode:
            state.search.mode = state.search.mode.next
            runSearch()
        case .historySearch: break
        case .externalEditor: editBufferExternally()
        case .explainPlan: explainEditor()
        case .newBuffer: newBuffer()
        case .switchBuffer: break  // the digit picks the buffer: see dispatch
        case .viWordForward, .viWordBackward, .viWordEnd, .viDeleteCharacter, .viDeleteLine, .viDeleteWord, .viChangeWord,
             .viPaste, .viUndo, .viInsert, .viAppend, .viAppendAtEnd, .viInsertAtStart, .viOpenLine, .viHistorySearch:
            if inViNormalMode { viPerform(action) }
        case .complete:
            if state.focus == .query, state.query.editing, completionEnabled { complete(.query) } else { perform(.nextPane) }
        }
    }

    /// Moves focus to a pane (a bottom pane becomes the tab shown).
    package func focus(_ p: Pane) {
        state.focus = p
        if p.isTab { state.tab = p }
        if p == .stats { loadStats() }
    }

    /// Rows of the focused pane's body (or of the full view), for paging.
    var bodyHeight: Int {
        if state.detail != nil { return DetailOverlay.bodyHeight(DetailOverlay.rect(width: width, height: height)) }
        let layout = Layout(width: width, height: height, state: state)
        guard let r = layout.rect(of: state.focus) else { return max(1, height / 2 - 3) }
        let header: Int
        switch state.focus {
        case .query: header = QueryPane.editorLines + 2
        case .search: header = 3
        case .graph: header = 2
        default: header = 0
        }
        return max(1, r.height - 2 - header)
    }
}
