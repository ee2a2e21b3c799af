/// Every key binding of the explorer, in one table: input becomes an
/// ``Action`` here, and the `?` help, the hint row and the KEY BINDINGS
/// section of toondb(1) are all made from (or tested against) this table.
package struct KeyMap: Sendable {
    /// Where a binding applies.
    package enum Context: String, Sendable, CaseIterable {
        case global = "Everywhere"
        case keys = "Keys pane"
        case value = "Value pane"
        case query = "Query pane (results)"
        case editor = "Query and search input"
        case completion = "Completion list"
        case viNormal = "Query editor, vi normal mode"
        case search = "Search pane (results)"
        case graph = "Graph pane"
        case detail = "Cell view"
    }

    /// One binding: keys, where, what, and the words help shows.
    package struct Binding: Sendable {
        package var context: Context
        package var keys: [Key]
        package var action: Action
        package var help: String
    }

    /// The bindings, in the order help lists them.
    package var bindings: [Binding]

    /// The explorer's bindings; KEY BINDINGS in toondb(1) is generated from them.
    package static let standard = KeyMap(bindings: [
        .init(context: .global, keys: [.char("q")], action: .quit, help: "quit (asks when a transaction is open)"),
        .init(context: .global, keys: [.ctrl("c")], action: .cancel, help: "cancel a running query; never quits"),
        .init(context: .global, keys: [.char("?"), .function(1)], action: .help, help: "show this help"),
        .init(context: .global, keys: [.char(":")], action: .commandLine, help: "command line: SQL, a dot-command, or goto PATH, set vi|emacs, refresh, help, quit"),
        .init(context: .global, keys: [.tab], action: .nextPane, help: "next pane"),
        .init(context: .global, keys: [.backTab], action: .previousPane, help: "previous pane"),
        .init(context: .global, keys: [.char("1")], action: .focusKeys, help: "keys pane"),
        .init(context: .global, keys: [.char("2")], action: .focusValue, help: "value pane"),
        .init(context: .global, keys: [.char("3")], action: .focusQuery, help: "query pane"),
        .init(context: .global, keys: [.char("4")], action: .focusSearch, help: "search pane"),
        .init(context: .global, keys: [.char("5")], action: .focusGraph, help: "graph pane"),
        .init(context: .global, keys: [.char("6")], action: .focusStats, help: "stats pane"),
        .init(context: .global, keys: [.char("z"), .function(10)], action: .zoom, help: "zoom the focused pane, or unzoom"),
        .init(context: .global, keys: [.escape], action: .back, help: "go back: close help, a prompt, the zoom or the filter"),
        .init(context: .global, keys: [.char("j"), .down], action: .down, help: "move down"),
        .init(context: .global, keys: [.char("k"), .up], action: .up, help: "move up"),
        .init(context: .global, keys: [.char("g"), .home], action: .top, help: "go to the first row"),
        .init(context: .global, keys: [.char("G"), .end], action: .bottom, help: "go to the last row"),
        .init(context: .global, keys: [.ctrl("d")], action: .halfPageDown, help: "half a page down"),
        .init(context: .global, keys: [.ctrl("u")], action: .halfPageUp, help: "half a page up"),
        .init(context: .global, keys: [.pageDown], action: .pageDown, help: "a page down"),
        .init(context: .global, keys: [.pageUp], action: .pageUp, help: "a page up"),
        .init(context: .global, keys: [.ctrl("t")], action: .newBuffer, help: "a new query buffer (at most 9), in the query pane"),
        .init(context: .global, keys: (1...9).map { .alt(Character(String($0))) }, action: .switchBuffer,
              help: "switch to query buffer 1…9 (each keeps its text, result and history position)"),
        .init(context: .global, keys: [.char("R")], action: .refresh, help: "refresh what is shown"),
        .init(context: .global, keys: [.char("M")], action: .toggleMouse, help: "turn mouse capture off or on (off lets the terminal select text)"),
        .init(context: .global, keys: [.char("[")], action: .narrowTree, help: "make the keys pane narrower"),
        .init(context: .global, keys: [.char("]")], action: .widenTree, help: "make the keys pane wider"),
        .init(context: .keys, keys: [.char("h"), .left], action: .left, help: "collapse, or go to the parent"),
        .init(context: .keys, keys: [.char("l"), .right], action: .right, help: "expand"),
        .init(context: .keys, keys: [.enter], action: .open, help: "open: show the value, run a table, walk a graph node, load more rows"),
        .init(context: .keys, keys: [.char("/")], action: .filter, help: "filter the loaded rows as you type"),
        .init(context: .keys, keys: [.char("n")], action: .nextMatch, help: "next filter match"),
        .init(context: .keys, keys: [.char("N")], action: .previousMatch, help: "previous filter match"),
        .init(context: .keys, keys: [.char("y")], action: .copyValue, help: "copy the value (OSC 52, then a clipboard tool)"),
        .init(context: .keys, keys: [.char("Y")], action: .copyKey, help: "copy the key path (OSC 52, then a clipboard tool)"),
        .init(context: .keys, keys: [.char("e")], action: .edit, help: "edit the value in $EDITOR, then confirm"),
        .init(context: .keys, keys: [.char("d")], action: .delete, help: "delete the key, after confirmation"),
        .init(context: .value, keys: [.char("v")], action: .cycleValueMode, help: "cycle the view: auto, JSON, TOON, text, hex"),
        .init(context: .value, keys: [.char("h"), .left], action: .left, help: "scroll left"),
        .init(context: .value, keys: [.char("l"), .right], action: .right, help: "scroll right"),
        .init(context: .value, keys: [.char("y")], action: .copyValue, help: "copy the value (OSC 52, then a clipboard tool)"),
        .init(context: .value, keys: [.char("e")], action: .edit, help: "edit the value in $EDITOR, then confirm"),
        .init(context: .value, keys: [.enter], action: .open, help: "show the value wrapped, in a full-screen view"),
        .init(context: .query, keys: [.char("i")], action: .editInput, help: "edit the query"),
        .init(context: .query, keys: [.enter], action: .open, help: "show the selected cell in full (pretty JSON, or wrapped text)"),
        .init(context: .query, keys: [.char("h"), .left], action: .left, help: "select the column to the left"),
        .init(context: .query, keys: [.char("l"), .right], action: .right, help: "select the column to the right (the grid scrolls)"),
        .init(context: .query, keys: [.char("0")], action: .lineStart, help: "first column"),
        .init(context: .query, keys: [.char("$")], action: .lineEnd, help: "last column"),
        .init(context: .query, keys: [.char("<")], action: .previousPage, help: "previous page of rows"),
        .init(context: .query, keys: [.char(">")], action: .nextPage, help: "next page of rows"),
        .init(context: .query, keys: [.char("E")], action: .export,
              help: "export the result to a file, the format by extension: tsv csv json jsonl md sql toon"),
        .init(context: .query, keys: [.char("y")], action: .copyValue,
              help: "copy the row as TSV, CSV, JSON, JSON Lines, Markdown or SQL INSERT (a key picks)"),
        .init(context: .query, keys: [.char("x")], action: .explainPlan, help: "show how the editor's statement would run: its query plan, as a tree"),
        .init(context: .query, keys: [.char("Y")], action: .copyKey, help: "copy the whole result, in a format picked as for y"),
        .init(context: .editor, keys: [.enter], action: .run, help: "run when the text ends in ;, else a new line"),
        .init(context: .editor, keys: [.altEnter, .function(5)], action: .run, help: "run now"),
        .init(context: .editor, keys: [.up, .down], action: .historySearch, help: "walk the history at the first or last line"),
        .init(context: .editor, keys: [.chord(.ctrl("x"), .ctrl("e"))], action: .externalEditor,
              help: "edit the text in $VISUAL or $EDITOR (else vi); saving replaces it"),
        .init(context: .editor, keys: [.escape], action: .back, help: "stop editing: keys move in the results"),
        .init(context: .editor, keys: [.ctrl("t")], action: .newBuffer, help: "a new query buffer"),
        .init(context: .editor, keys: (1...9).map { .alt(Character(String($0))) }, action: .switchBuffer, help: "switch to query buffer 1…9"),
        .init(context: .editor, keys: [.tab], action: .complete,
              help: "complete the word before the cursor (query editor and : line; else next pane)"),
        .init(context: .completion, keys: [.tab, .ctrl("n"), .down], action: .down, help: "select the next candidate"),
        .init(context: .completion, keys: [.backTab, .ctrl("p"), .up], action: .up, help: "select the previous candidate"),
        .init(context: .completion, keys: [.enter], action: .open, help: "take the selected candidate"),
        .init(context: .completion, keys: [.escape], action: .back, help: "close the list; other keys close it and do what they do (typing narrows it)"),
        .init(context: .viNormal, keys: [.char("h"), .left], action: .left, help: "a character left"),
        .init(context: .viNormal, keys: [.char("l"), .right], action: .right, help: "a character right"),
        .init(context: .viNormal, keys: [.char("j"), .down], action: .down, help: "a line down"),
        .init(context: .viNormal, keys: [.char("k"), .up], action: .up, help: "a line up"),
        .init(context: .viNormal, keys: [.char("w")], action: .viWordForward, help: "to the start of the next word"),
        .init(context: .viNormal, keys: [.char("b")], action: .viWordBackward, help: "to the start of the word before"),
        .init(context: .viNormal, keys: [.char("e")], action: .viWordEnd, help: "to the end of the word"),
        .init(context: .viNormal, keys: [.char("0"), .home], action: .lineStart, help: "to the start of the line"),
        .init(context: .viNormal, keys: [.char("$"), .end], action: .lineEnd, help: "to the end of the line"),
        .init(context: .viNormal, keys: [.char("x")], action: .viDeleteCharacter, help: "delete the character under the cursor"),
        .init(context: .viNormal, keys: [.chord(.char("d"), .char("d"))], action: .viDeleteLine, help: "delete the line"),
        .init(context: .viNormal, keys: [.chord(.char("d"), .char("w"))], action: .viDeleteWord, help: "delete to the next word"),
        .init(context: .viNormal, keys: [.chord(.char("c"), .char("w"))], action: .viChangeWord, help: "change to the end of the word (then insert mode)"),
        .init(context: .viNormal, keys: [.char("p")], action: .viPaste, help: "put what was deleted last after the cursor (a line: below)"),
        .init(context: .viNormal, keys: [.char("u")], action: .viUndo, help: "undo the last change"),
        .init(context: .viNormal, keys: [.char("i")], action: .viInsert, help: "insert mode before the cursor"),
        .init(context: .viNormal, keys: [.char("a")], action: .viAppend, help: "insert mode after the cursor"),
        .init(context: .viNormal, keys: [.char("A")], action: .viAppendAtEnd, help: "insert mode at the end of the line"),
        .init(context: .viNormal, keys: [.char("I")], action: .viInsertAtStart, help: "insert mode at the start of the line"),
        .init(context: .viNormal, keys: [.char("o")], action: .viOpenLine, help: "a new line below, in insert mode"),
        .init(context: .viNormal, keys: [.char("/")], action: .viHistorySearch, help: "search the history: Enter takes the newest entry containing the text"),
        .init(context: .viNormal, keys: [.enter], action: .run, help: "run the text"),
        .init(context: .viNormal, keys: [.escape], action: .back, help: "stop editing: keys move in the results (Esc in insert mode: normal mode)"),
        .init(context: .search, keys: [.char("i"), .char("/")], action: .editInput, help: "edit the search text"),
        .init(context: .search, keys: [.char("m")], action: .cycleSearchMode, help: "cycle the mode: hybrid, keyword, vector (more like this)"),
        .init(context: .search, keys: [.char("+")], action: .increase, help: "raise alpha (more vector weight), search again"),
        .init(context: .search, keys: [.char("-")], action: .decrease, help: "lower alpha (more keyword weight), search again"),
        .init(context: .search, keys: [.enter], action: .open, help: "show the hit in full (content, metadata, ranks)"),
        .init(context: .graph, keys: [.enter], action: .open, help: "walk to the selected neighbour"),
        .init(context: .graph, keys: [.escape], action: .back, help: "walk back to the node shown before"),
        .init(context: .graph, keys: [.char("h"), .left], action: .left, help: "collapse the selected row, or go to its parent"),
        .init(context: .graph, keys: [.char("l"), .right], action: .right, help: "expand the selected row"),
        .init(context: .graph, keys: [.char("+")], action: .increase, help: "one level deeper"),
        .init(context: .graph, keys: [.char("-")], action: .decrease, help: "one level shallower"),
        .init(context: .detail, keys: [.escape, .char("q"), .enter], action: .back, help: "close the view"),
        .init(context: .detail, keys: [.char("y")], action: .copyValue, help: "copy the whole text"),
    ])

    /// The action of `key` in `context` (its own bindings first, then the global ones).
    package func action(for key: Key, in context: Context) -> Action? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
        if context == .editor || context == .completion { return nil }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.action
    }

    /// Whether `key` starts a chord bound in `context` (or globally).
    package func startsChord(_ key: Key, in context: Context) -> Bool {
        bindings.contains { b in
            (b.context == context || context != .editor && context != .completion && b.context == .global)
                && b.keys.contains { if case .chord(let first, _) = $0 { return first == key } else { return false } }
        }
    }

    /// The keys of `action` in `context`, joined for a hint (`j/Down`).
    package func keys(for action: Action, in context: Context = .global) -> String? {
        bindings.first(where: { $0.action == action && $0.context == context }).map { $0.keys.map(\.name).joined(separator: "/") }
    }

    /// The help text: one heading per context, one `keys  what` line per binding.
    package func helpLines() -> [(keys: String, help: String, isHeading: Bool)] {
        var out: [(String, String, Bool)] = []
        for c in Context.allCases {
            out.append((c.rawValue, "", true))
            for b in bindings where b.context == c {
                out.append((b.keys.map(\.name).joined(separator: ", "), b.help, false))
            }
        }
        return out
    }

    /// The KEY BINDINGS section body of toondb(1), in mdoc: one `.Ss` per
    /// context, a tag list of the bindings (the man page test compares the
    /// page with this).
    package func mdoc() -> String {
        var out = ""
        for c in Context.allCases {
            out += ".Ss \(c.rawValue)\n.Bl -tag -width Ds\n"
            for b in bindings where b.context == c {
                out += ".It " + b.keys.map { "Ic " + Self.mdocEscape($0.name) }.joined(separator: " , ") + "\n"
                out += Self.mdocText(b.help) + "\n"
            }
            out += ".El\n"
        }
        return out
    }

    /// A key name as an mdoc argument (quoted when mdoc would read it as punctuation or a macro).
    static func mdocEscape(_ s: String) -> String {
        let special: Set<String> = [".", ",", ":", ";", "(", ")", "[", "]", "?", "!", "|", "<", ">", "$", "0"]
        if special.contains(s) || s.count == 1 && !s.first!.isLetter { return "\\&" + s }
        return s
    }

    /// Help text as an mdoc text line (sentence start escaped, `$EDITOR` as is).
    static func mdocText(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\\", with: "\\e")
        if t.hasPrefix(".") || t.hasPrefix("'") { t = "\\&" + t }
        return t.prefix(1).uppercased() + t.dropFirst() + "."
    }
}
