/// A small multi-line text editor: the query buffer, the search text and
/// the prompts. Positions are in grapheme clusters.
package struct LineEditor: Sendable, Equatable {
    /// The lines (at least one).
    package private(set) var lines: [[Character]] = [[]]
    /// The cursor's line and column.
    package private(set) var row = 0, column = 0

    /// An empty editor, or one holding `text` with the cursor at its end.
    package init(_ text: String = "") { set(text) }

    /// The whole text.
    package var text: String { lines.map { String($0) }.joined(separator: "\n") }

    /// Replaces the text; the cursor goes to its end.
    package mutating func set(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        row = lines.count - 1
        column = lines[row].count
    }

    package var isOnFirstLine: Bool { row == 0 }
    package var isOnLastLine: Bool { row == lines.count - 1 }

    package mutating func insert(_ c: Character) {
        if c == "\n" || c == "\r" { newline(); return }
        lines[row].insert(c, at: column)
        column += 1
    }

    package mutating func newline() {
        let rest = Array(lines[row][column...])
        lines[row].removeSubrange(column...)
        lines.insert(rest, at: row + 1)
        row += 1
        column = 0
    }

    package mutating func backspace() {
        if column > 0 {
            lines[row].remove(at: column - 1)
            column -= 1
        } else if row > 0 {
            let rest = lines.remove(at: row)
            row -= 1
            column = lines[row].count
            lines[row] += rest
        }
    }

    package mutating func deleteForward() {
        if column < lines[row].count { lines[row].remove(at: column) } else if row + 1 < lines.count {
            lines[row] += lines.remove(at: row + 1)
        }
    }

    package mutating func left() {
        if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
    }

    package mutating func right() {
        if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
    }

    package mutating func up() { if row > 0 { row -= 1; column = min(column, lines[row].count) } }
    package mutating func down() { if row + 1 < lines.count { row += 1; column = min(column, lines[row].count) } }
    package mutating func home() { column = 0 }
    package mutating func end() { column = lines[row].count }
    /// Replaces the `count` characters before the cursor on its line with
    /// `text` (one line), leaving the cursor after it: what completion does.
    package mutating func replaceBeforeCursor(_ count: Int, with text: String) {
        let n = max(0, min(count, column))
        lines[row].replaceSubrange((column - n)..<column, with: Array(text))
        column += text.count - n
    }

    /// Puts the cursor at `row`, `column` (kept inside the text).
    package mutating func moveTo(row: Int, column: Int) {
        self.row = max(0, min(row, lines.count - 1))
        self.column = max(0, min(column, lines[self.row].count))
    }

    /// Removes the characters of the cursor's line in `range` (clipped to
    /// the line) and returns them; the cursor goes to where they were.
    @discardableResult
    package mutating func removeInLine(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, lines[row].count)), upper = max(lower, min(range.upperBound, lines[row].count))
        let removed = String(lines[row][lower..<upper])
        lines[row].removeSubrange(lower..<upper)
        column = lower
        return removed
    }

    /// Removes the cursor's line (the last one left becomes empty) and returns
    /// it; the cursor goes to the start of the line that takes its place.
    @discardableResult
    package mutating func removeLine() -> String {
        let removed = String(lines[row])
        if lines.count == 1 { lines = [[]] } else { lines.remove(at: row) }
        row = min(row, lines.count - 1)
        column = 0
        return removed
    }

    /// Inserts a line holding `text` below (or above) the cursor's line and
    /// puts the cursor at its start.
    package mutating func insertLine(_ text: String, below: Bool) {
        row = below ? row + 1 : row
        lines.insert(Array(text), at: row)
        column = 0
    }

    /// Inserts `text` at the cursor (a newline splits the line); the cursor goes after it.
    package mutating func insertText(_ text: String) { for c in text { insert(c) } }

    /// Ctrl-U: removes the text before the cursor on this line.
    package mutating func killToStart() { lines[row].removeSubrange(0..<column); column = 0 }
    /// Ctrl-K: removes the text after the cursor on this line.
    package mutating func killToEnd() { lines[row].removeSubrange(column...) }

    /// Applies an editing key; false when the key is not an editing key.
    package mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace, .ctrl("h"): backspace()
        case .delete: deleteForward()
        case .left, .ctrl("b"): left()
        case .right, .ctrl("f"): right()
        case .home, .ctrl("a"): home()
        case .end, .ctrl("e"): end()
        case .ctrl("u"): killToStart()
        case .ctrl("k"): killToEnd()
        default: return false
        }
        return true
    }
}

/// Statements run before, newest last, walked with Up/Down in an editor.
package struct History: Sendable, Equatable {
    /// The entries, oldest first.
    package private(set) var entries: [String] = []
    /// Where Up/Down are (entries.count: past the newest).
    package private(set) var position = 0
    /// At most this many entries are kept.
    package var capacity = 2000
    /// The entries added since this history was made, oldest first (what is saved on quit).
    package private(set) var added: [String] = []

    package init(entries: [String] = []) {
        self.entries = entries
        position = entries.count
    }

    /// Adds an entry (not a repeat of the newest, not a blank one, nor one starting with a space).
    package mutating func add(_ entry: String) {
        let t = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        if !t.isEmpty, !entry.hasPrefix(" "), entries.last != t {
            entries.append(t)
            added.append(t)
        }
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        position = entries.count
    }

    /// The entry before the current one, or nil at the oldest.
    package mutating func older() -> String? {
        guard position > 0 else { return nil }
        position -= 1
        return entries[position]
    }

    /// The entry after the current one; "" past the newest; nil when already there.
    package mutating func newer() -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? "" : entries[position]
    }

    /// The same entries with Up/Down at `position` (another buffer's place in them).
    package func positioned(at position: Int) -> History {
        var h = self
        h.position = max(0, min(position, entries.count))
        return h
    }

    /// The newest entry containing `text`, for Ctrl-R.
    package func search(_ text: String) -> String? { entries.last { $0.contains(text) } }
}

import Foundation
