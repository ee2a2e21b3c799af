/// The completion list open under the cursor (toondb(1), KEY BINDINGS,
/// "Completion list"): the words that could replace the word before the
/// cursor, one of them selected.
package struct CompletionList: Sendable, Equatable {
    /// Which editor the list completes in.
    package enum Target: Sendable, Equatable {
        /// The query pane's editor.
        case query
        /// The `:` command line.
        case commandLine
    }

    /// The candidates, in the order offered.
    package var items: [String]
    /// The selected candidate (an index into `items`).
    package var selected = 0
    package var target: Target
    /// How many characters before the cursor the word being completed has.
    package var wordLength: Int

    /// A list of `items` for a word of `wordLength` characters in `target`.
    package init(items: [String], target: Target, wordLength: Int) {
        self.items = items
        self.target = target
        self.wordLength = wordLength
    }

    /// Selects the next candidate (after the last, the first).
    package mutating func next() { if !items.isEmpty { selected = (selected + 1) % items.count } }

    /// Selects the previous candidate (before the first, the last).
    package mutating func previous() { if !items.isEmpty { selected = (selected + items.count - 1) % items.count } }

    /// The longest text every candidate starts with (compared without case; the first candidate's spelling).
    package static func commonPrefix(_ items: [String]) -> String {
        guard var prefix = items.first.map(Array.init) else { return "" }
        for item in items.dropFirst() {
            let chars = Array(item)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n].lowercased() == chars[n].lowercased() { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        return String(prefix)
    }
}
