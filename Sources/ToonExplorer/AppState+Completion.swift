import ToonCommands

extension AppState {
    /// Tab in the query editor or on the `:` line: asks the completer for the
    /// word before the cursor (``completions(_:_:)`` takes the answer).
    mutating func complete(_ target: CompletionList.Target) -> [Effect] {
        if query.running {
            say("a query is running: completion waits for it", error: true)
            return []
        }
        guard let request = completionRequest(target, narrowing: false) else { return [] }
        return [.complete(request)]
    }

    /// A key while the completion list is open: true when the list took it.
    /// Any other key closes the list and then does what it does.
    mutating func completionKey(_ key: Key, _ keyMap: KeyMap) -> Bool {
        guard var list = completion else { return false }
        switch keyMap.action(for: key, in: .completion) {
        case .down?:
            list.next()
            completion = list
        case .up?:
            list.previous()
            completion = list
        case .open?:
            replaceWord(list.wordLength, with: list.items[list.selected], in: list.target)
            completion = nil
        case .back?:
            completion = nil
        default:
            completion = nil
            return false
        }
        return true
    }

    /// After a key typed into the word with the list open: the list again,
    /// narrowed to the word as it is now (closed when nothing is left).
    mutating func narrowCompletion(_ target: CompletionList.Target) -> [Effect] {
        guard !query.running, let request = completionRequest(target, narrowing: true), !request.word.isEmpty else {
            completion = nil
            return []
        }
        return [.complete(request)]
    }

    /// The word before the cursor in `target`'s editor and its context; nil when that editor is not open.
    func completionRequest(_ target: CompletionList.Target, narrowing: Bool) -> CompletionRequest? {
        let editor: LineEditor
        switch target {
        case .query:
            guard focus == .query, query.editing else { return nil }
            editor = query.editor
        case .commandLine:
            guard case .command(let e) = prompt else { return nil }
            editor = e
        }
        let line = editor.lines[editor.row]
        var start = editor.column
        while start > 0, !Completer.wordBreaks.contains(line[start - 1]) { start -= 1 }
        return CompletionRequest(target: target, word: String(line[start..<editor.column]), linePrefix: String(line[..<start]),
                                 pending: editor.lines[..<editor.row].map { String($0) + "\n" }.joined(),
                                 following: String(line[editor.column...]) + editor.lines[(editor.row + 1)...].map { "\n" + String($0) }.joined(),
                                 narrowing: narrowing)
    }

    /// The completer's answer: narrowing, the list as it is now; else one
    /// candidate goes in at once, and several open the list after the text they all share.
    mutating func completions(_ request: CompletionRequest, _ items: [String]) {
        let word = request.word
        if request.narrowing {
            completion = items.isEmpty ? nil : CompletionList(items: items, target: request.target, wordLength: word.count)
            return
        }
        guard !items.isEmpty else {
            completion = nil
            say(word.isEmpty ? "nothing to complete here" : "no completions for \"\(word)\"")
            return
        }
        if items.count == 1 {
            replaceWord(word.count, with: items[0], in: request.target)
            completion = nil
            return
        }
        var length = word.count
        let shared = CompletionList.commonPrefix(items)
        if shared.count > length {
            replaceWord(length, with: shared, in: request.target)
            length = shared.count
        }
        completion = CompletionList(items: items, target: request.target, wordLength: length)
    }

    /// Replaces the `length` characters before the cursor of `target`'s editor with `text`.
    private mutating func replaceWord(_ length: Int, with text: String, in target: CompletionList.Target) {
        switch target {
        case .query: query.editor.replaceBeforeCursor(length, with: text)
        case .commandLine:
            guard case .command(var e) = prompt else { return }
            e.replaceBeforeCursor(length, with: text)
            prompt = .command(e)
        }
    }
}
