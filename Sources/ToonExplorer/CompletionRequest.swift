import ToonCommands

/// The word before the cursor of an editor and its context, for the
/// completer (``Effect/complete(_:)``).
package struct CompletionRequest: Sendable, Equatable {
    package var target: CompletionList.Target
    /// The word being completed.
    package var word: String
    /// The line before the word.
    package var linePrefix: String
    /// The query editor's lines above the cursor's.
    package var pending: String
    /// The text after the cursor.
    package var following: String
    /// Whether the list is open and only narrows to the word as it is now.
    package var narrowing: Bool

    /// The words the `:` line offers first: its own commands.
    static let commandLineWords = ["goto", "help", "quit", "refresh"]

    /// What could replace the word, as `completer` sees it: on the `:` line
    /// its own commands first, and key paths after `goto`.
    func candidates(_ completer: Completer) -> [String] {
        guard target == .commandLine else {
            return completer.candidates(word: word, linePrefix: linePrefix, pending: pending, following: following)
        }
        let words = linePrefix.split(separator: " ")
        if words.isEmpty {
            let own = Self.commandLineWords.filter { $0.hasPrefix(word.lowercased()) }
            return own + completer.candidates(word: word, linePrefix: linePrefix, following: following)
        }
        if words.count == 1, ["goto", "cd", "key"].contains(words[0].lowercased()) {
            return completer.keyPaths(word)
        }
        return completer.candidates(word: word, linePrefix: linePrefix, following: following)
    }
}
