import Foundation
import ToonCommands

extension AppState {
    /// The key-map context of the focused pane (the editor's while typing).
    package var context: KeyMap.Context {
        if detail != nil { return .detail }
        switch focus {
        case .keys: return .keys
        case .value: return .value
        case .query: return query.editing ? (inViNormalMode ? .viNormal : .editor) : .query
        case .search: return search.editing ? .editor : .search
        case .graph: return .graph
        case .stats: return .global
        }
    }

    /// What keys do while the full view is open.
    static let detailActions: Set<Action> = [.back, .copyValue, .up, .down, .top, .bottom, .halfPageDown, .halfPageUp,
                                             .pageDown, .pageUp, .cancel, .help]

    /// A key: the completion list takes it first, when open.
    mutating func handleKey(_ key: Key, _ keyMap: KeyMap) -> [Effect] {
        guard let list = completion else { return dispatch(key, keyMap) }
        if completionKey(key, keyMap) { return [] }
        var effects = dispatch(key, keyMap)
        // Typing into the word (or taking a character back) narrows the list.
        if case .char(let c) = key, !Completer.wordBreaks.contains(c) { effects += narrowCompletion(list.target) }
        if key == .backspace { effects += narrowCompletion(list.target) }
        return effects
    }

    private mutating func dispatch(_ key: Key, _ keyMap: KeyMap) -> [Effect] {
        // Esc and a digit typed at once read as Alt and the digit: unless they
        // pick another buffer, they are Esc and the digit.
        if case .alt(let c) = key, prompt == nil, !showHelp {
            if let n = c.wholeNumberValue, n - 1 != buffer, n - 1 < buffers.count {
                return switchBuffer(to: n - 1)
            }
            return dispatch(.escape, keyMap) + dispatch(.char(c), keyMap)
        }
        if showHelp { helpKey(key); return [] }
        if prompt != nil { return promptKey(key) }
        if key == .ctrl("c") { pendingKey = nil; return perform(.cancel) }
        let ctx = context
        if let first = pendingKey {
            pendingKey = nil
            let chord = Key.chord(first, key)
            if let a = keyMap.action(for: chord, in: ctx) { return act(a, in: ctx) }
            say("\(chord.name) does nothing here", error: true)
            return []
        }
        if keyMap.startsChord(key, in: ctx) {
            pendingKey = key
            say("\(key.name) …")
            return []
        }
        if ctx == .detail {
            // The full view takes its own keys and the moving ones; the panes below wait.
            if let a = keyMap.action(for: key, in: .detail), Self.detailActions.contains(a) { return perform(a) }
            return []
        }
        if ctx == .editor {
            if let a = keyMap.action(for: key, in: .editor), a == .complete || a == .newBuffer { return perform(a) }
            if key == .tab || key == .backTab || key == .function(1) || key == .function(10) {
                return perform(keyMap.action(for: key, in: .global)!)
            }
            return editorKey(key)
        }
        if let a = keyMap.action(for: key, in: ctx) { return act(a, in: ctx) }
        return []
    }

    /// Carries out an action of a key in `ctx` (vi's normal mode has its own meanings of the moving keys).
    private mutating func act(_ action: Action, in ctx: KeyMap.Context) -> [Effect] {
        ctx == .viNormal ? viPerform(action) : perform(action)
    }

    private mutating func helpKey(_ key: Key) {
        switch key {
        case .escape, .char("q"), .char("?"), .function(1), .enter: showHelp = false
        case .char("j"), .down: helpScroll += 1
        case .char("k"), .up: helpScroll = max(0, helpScroll - 1)
        case .pageDown, .ctrl("d"): helpScroll += 10
        case .pageUp, .ctrl("u"): helpScroll = max(0, helpScroll - 10)
        case .char("g"), .home: helpScroll = 0
        default: break
        }
    }

    /// A key while the query editor or the search text has focus.
    private mutating func editorKey(_ key: Key) -> [Effect] {
        if focus == .search {
            switch key {
            case .enter, .altEnter, .function(5):
                search.editing = false
                return runSearch()
            case .escape: search.editing = false
            default: _ = search.editor.handle(key)
            }
            return []
        }
        switch key {
        case .enter:
            if query.editor.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(";") { return runEditor() }
            query.editor.newline()
        case .altEnter, .function(5): return runEditor()
        case .escape:
            if editorMode == .vi { viNormal() } else { query.editing = false }
        case .up:
            if query.editor.isOnFirstLine, let e = query.history.older() { query.editor.set(e) } else { query.editor.up() }
        case .down:
            if query.editor.isOnLastLine, let e = query.history.newer() { query.editor.set(e) } else { query.editor.down() }
        case .ctrl("r"):
            let needle = query.editor.text
            if let hit = query.history.search(needle) { query.editor.set(hit) } else {
                say("no history entry contains \"\(needle)\"", error: true)
            }
        default: _ = query.editor.handle(key)
        }
        return []
    }

    /// A key while a prompt is open.
    private mutating func promptKey(_ key: Key) -> [Effect] {
        guard let p = prompt else { return [] }
        switch p {
        case .confirm(_, let what):
            prompt = nil
            if key == .char("y") || key == .char("Y") { return confirmed(what) }
            say("cancelled")
        case .copyFormat(let scope): return copyFormatKey(key, scope)
        case .command(var e), .filter(var e), .export(var e), .historySearch(var e):
            switch key {
            case .escape, .ctrl("c"):
                prompt = nil
                if case .filter = p { filter = "" }
            case .tab:
                if case .command = p, completionEnabled { return complete(.commandLine) }
            case .enter:
                prompt = nil
                switch p {
                case .command: return runCommandLine(e.text)
                case .filter:
                    filter = e.text
                    return jumpToMatch(forward: true, includeCurrent: true)
                case .export: return export(to: e.text)
                case .historySearch: searchHistory(e.text)
                default: break
                }
            default:
                _ = e.handle(key)
                switch p {
                case .command: prompt = .command(e)
                case .filter:
                    prompt = .filter(e)
                    filter = e.text
                    if !e.text.isEmpty, !matches().isEmpty { return jumpToMatch(forward: true, includeCurrent: true) }
                case .export: prompt = .export(e)
                case .historySearch: prompt = .historySearch(e)
                default: break
                }
            }
        }
        return []
    }
}
