import Foundation
import ToonCommands
import ToonDB

extension Explorer {
    /// The words the `:` line offers first: its own commands.
    static let commandLineWords = ["goto", "help", "quit", "refresh"]

    /// Tab in the query editor or on the `:` line: completes the word before
    /// the cursor through the console's ``Completer`` (one candidate goes in
    /// at once; several open the list, after the text they all share).
    func complete(_ target: CompletionList.Target) {
        if worker.isRunning {
            state.say("a query is running: completion waits for it", error: true)
            return
        }
        guard let (word, items) = completionCandidates(target) else { return }
        guard !items.isEmpty else {
            state.completion = nil
            state.say(word.isEmpty ? "nothing to complete here" : "no completions for \"\(word)\"")
            return
        }
        if items.count == 1 {
            replaceWord(word.count, with: items[0], in: target)
            state.completion = nil
            return
        }
        var length = word.count
        let shared = CompletionList.commonPrefix(items)
        if shared.count > length {
            replaceWord(length, with: shared, in: target)
            length = shared.count
        }
        state.completion = CompletionList(items: items, target: target, wordLength: length)
    }

    /// A key while the completion list is open: true when the list took it.
    /// Any other key closes the list and then does what it does.
    func completionKey(_ key: Key) -> Bool {
        guard var list = state.completion else { return false }
        switch keyMap.action(for: key, in: .completion) {
        case .down?:
            list.next()
            state.completion = list
        case .up?:
            list.previous()
            state.completion = list
        case .open?:
            replaceWord(list.wordLength, with: list.items[list.selected], in: list.target)
            state.completion = nil
        case .back?:
            state.completion = nil
        default:
            state.completion = nil
            return false
        }
        return true
    }

    /// After a key typed into the word with the list open: the list again,
    /// narrowed to the word as it is now (closed when nothing is left).
    func narrowCompletion(_ target: CompletionList.Target) {
        guard !worker.isRunning, let (word, items) = completionCandidates(target), !word.isEmpty, !items.isEmpty else {
            state.completion = nil
            return
        }
        state.completion = CompletionList(items: items, target: target, wordLength: word.count)
    }

    /// The word before the cursor in `target`'s editor and what could replace
    /// it; nil when that editor is not open.
    func completionCandidates(_ target: CompletionList.Target) -> (word: String, items: [String])? {
        let editor: LineEditor
        switch target {
        case .query:
            guard state.focus == .query, state.query.editing else { return nil }
            editor = state.query.editor
        case .commandLine:
            guard case .command(let e) = state.prompt else { return nil }
            editor = e
        }
        let line = editor.lines[editor.row]
        var start = editor.column
        while start > 0, !Completer.wordBreaks.contains(line[start - 1]) { start -= 1 }
        let word = String(line[start..<editor.column])
        let linePrefix = String(line[..<start])
        let following = String(line[editor.column...]) + editor.lines[(editor.row + 1)...].map { "\n" + String($0) }.joined()
        let pending = editor.lines[..<editor.row].map { String($0) + "\n" }.joined()
        let completer = Completer(source: source)
        guard target == .commandLine else {
            return (word, completer.candidates(word: word, linePrefix: linePrefix, pending: pending, following: following))
        }
        let words = linePrefix.split(separator: " ")
        if words.isEmpty {
            let own = Self.commandLineWords.filter { $0.hasPrefix(word.lowercased()) }
            return (word, own + completer.candidates(word: word, linePrefix: linePrefix, following: following))
        }
        if words.count == 1, ["goto", "cd", "key"].contains(words[0].lowercased()) {
            return (word, completer.keyPaths(word))
        }
        return (word, completer.candidates(word: word, linePrefix: linePrefix, following: following))
    }

    /// Replaces the `length` characters before the cursor of `target`'s editor with `text`.
    func replaceWord(_ length: Int, with text: String, in target: CompletionList.Target) {
        switch target {
        case .query: state.query.editor.replaceBeforeCursor(length, with: text)
        case .commandLine:
            guard case .command(var e) = state.prompt else { return }
            e.replaceBeforeCursor(length, with: text)
            state.prompt = .command(e)
        }
    }
}
