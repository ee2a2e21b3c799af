import Foundation
import ToonDB

/// The panes, in Tab order; `1`…`6` jump to them.
package enum Pane: Int, Sendable, CaseIterable {
    case keys, value, query, search, graph, stats

    /// The title shown on the pane or its tab.
    package var title: String {
        switch self {
        case .keys: return "Keys"
        case .value: return "Value"
        case .query: return "Query"
        case .search: return "Search"
        case .graph: return "Graph"
        case .stats: return "Stats"
        }
    }

    /// Whether it lives in the tabbed bottom-right pane.
    package var isTab: Bool { rawValue >= Pane.query.rawValue }
}

/// Everything the explorer shows, as plain values: panes render it,
/// ``reduce(_:keyMap:)`` changes it in answer to messages (returning the
/// I/O to do as ``Effect``s), tests inspect it.
package struct AppState: Sendable {
    /// The screen size the layout last used.
    package var screenWidth = 120, screenHeight = 40
    package var focus: Pane = .keys
    /// The tab shown in the bottom-right pane.
    package var tab: Pane = .query
    package var zoomed = false
    package var showHelp = false
    package var helpScroll = 0
    package var mouseEnabled = true
    /// The keys pane's share of the width, in percent.
    package var treePercent = 30

    package var tree = KeyTree()
    package var treeRow = 0
    package var treeScroll = 0
    package var filter: String = ""

    package var value = ValueState()
    package var query = QueryState()
    /// Every query buffer (the one shown is `query`; its slot here is brought up to date when another is shown).
    package var buffers: [QueryState] = [QueryState()]
    /// Which buffer `query` is.
    package var buffer = 0
    package var search = SearchState()
    package var graph = GraphState()
    package var stats = StatsState()

    /// The full view of one cell, hit or value, over the panes (Esc closes it).
    package var detail: DetailState?
    /// The first key of a chord (Ctrl-X of Ctrl-X Ctrl-E), waiting for the second.
    package var pendingKey: Key?

    /// A prompt on the status line.
    package var prompt: Prompt?
    /// The format `y`/`Y` used last (the picker's Enter takes it) and `E` proposes.
    package var copyFormat: ResultFormat = .tsv
    /// The completion list open under the cursor (Tab in the query editor or on the `:` line).
    package var completion: CompletionList?
    /// The last message for the status line, and whether it is an error.
    package var message: String?
    package var messageIsError = false

    package var location = ""
    package var readOnly = false
    package var inTransaction = false
    /// How the query editor edits: emacs-style keys, or vi's modes (`editor_mode`, `:set vi`).
    package var editorMode: EditorMode = .emacs
    /// The writes waiting in the open transaction (``DataSource/pendingWrites``).
    package var pendingWrites = 0
    /// Whether Tab completes in the query editor and on the `:` line (`completion` in the configuration file).
    package var completionEnabled = true
    package var quitRequested = false

    package init() {}

    /// Shows a message in the status line.
    package mutating func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }
}

/// What the value pane shows.
package struct ValueState: Sendable {
    package var title = "Value"
    /// The raw bytes, when the selection is a stored value.
    package var bytes: [UInt8]?
    /// The key the bytes came from (for copy, edit, delete).
    package var key: [UInt8]?
    package var lines: [StyledLine] = [StyledLine("Select a key to see its value.", .dim)]
    package var mode: ValueMode = .auto
    package var shownMode: ValueMode = .auto
    package var scroll = 0
    package var hscroll = 0
}

/// The query pane: an editor, its history, and the last result.
package struct QueryState: Sendable {
    /// Rows per page of the grid.
    package static let pageRows = 500
    package var editor = LineEditor()
    package var editing = true
    /// vi's mode, register and undo list (with `editor_mode = "vi"`).
    package var vi = ViState()
    package var history = History()
    package var output: CommandOutput?
    package var error: String?
    package var ranText: String?
    package var elapsed: Double?
    package var running = false
    /// The selected row (on the page) and column of the grid.
    package var row = 0
    package var column = 0
    package var rowScroll = 0
    /// The first column shown (the grid scrolls so the selected column shows).
    package var columnOffset = 0
    package var page = 0
    /// The line and column the last error names (from the engine's message), and the text that ran:
    /// the editor underlines the token there while it still holds that text.
    package var errorAt: (line: Int, column: Int)?
    package var errorText: String?
    /// The column widths of the page shown (worked out once per page, not per frame).
    package var columnWidths: [Int]?

    /// The number of pages of the current result.
    package var pageCount: Int { max(1, ((output?.rows.count ?? 0) + Self.pageRows - 1) / Self.pageRows) }

    /// The index in the whole result of the selected row.
    package var absoluteRow: Int { page * Self.pageRows + row }
}

/// How the search pane searches.
package enum SearchMode: String, Sendable, CaseIterable {
    case hybrid, keyword, vector
    package var next: SearchMode { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
}

/// One search hit with its rank in each list (1-based; nil: not in that list).
package struct SearchRow: Sendable, Equatable {
    package var id: String
    package var vectorRank: Int?
    package var keywordRank: Int?
    package var fusedRank: Int?
    package var score: Double
    package var content: String
}

/// The search pane.
package struct SearchState: Sendable {
    package var namespace: String?
    package var collection: String?
    /// The document whose vector "more like this" and hybrid search use.
    package var sourceDocument: String?
    package var editor = LineEditor()
    package var editing = false
    package var mode: SearchMode = .hybrid
    package var alpha = 0.5
    package var k = 10
    package var rows: [SearchRow] = []
    package var selected = 0
    package var error: String?
    /// What the search actually did when it is less than the mode asks
    /// ("keyword only: select a document for vector similarity").
    package var note: String?
    package var elapsed: Double?
}

/// One row of the graph pane's neighbourhood tree.
package struct GraphRow: Sendable, Equatable {
    package var depth: Int
    /// `→` for an outgoing edge, `←` for an incoming one, "" for the root.
    package var arrow: String
    package var edgeType: String
    package var node: String
    package var nodeType: String
    /// Already shown higher up (not expanded again).
    package var seen: Bool
}

/// The graph pane.
package struct GraphState: Sendable {
    package var namespace: String?
    package var root: String?
    package var depth = 2
    package var rows: [GraphRow] = []
    /// The selected row (an index into `rows`; always a visible one).
    package var selected = 0
    /// Rows whose subtrees are hidden (`h`), by index into `rows`.
    package var collapsed: Set<Int> = []
    /// The nodes walked from, newest last (Esc walks back).
    package var trail: [String] = []
    package var error: String?

    /// The indexes of the rows shown: those under a collapsed row are hidden.
    package var visibleRows: [Int] {
        var out: [Int] = []
        var hideBelow: Int?
        for (i, r) in rows.enumerated() {
            if let d = hideBelow {
                if r.depth > d { continue }
                hideBelow = nil
            }
            out.append(i)
            if collapsed.contains(i) { hideBelow = r.depth }
        }
        return out
    }

    /// Whether row `i` has rows hanging from it.
    package func hasChildren(_ i: Int) -> Bool { i + 1 < rows.count && rows[i + 1].depth > rows[i].depth }

    /// The row that row `i` hangs from.
    package func parent(of i: Int) -> Int? {
        guard rows.indices.contains(i), rows[i].depth > 0 else { return nil }
        return rows[..<i].lastIndex { $0.depth < rows[i].depth }
    }
}

/// The stats pane.
package struct StatsState: Sendable {
    package var lines: [(String, String)] = []
    package var updated: ContinuousClock.Instant?
    package var scroll = 0
}

/// The full view of one thing (a grid cell, a search hit, a value): its
/// lines unwrapped, and wrapped for the width last drawn.
package struct DetailState: Sendable {
    package var title: String
    /// The text `y` copies.
    package var text: String
    /// The lines before wrapping.
    package var lines: [StyledLine]
    /// The lines wrapped to `wrapWidth` columns (made when drawn).
    package var wrapped: [StyledLine] = []
    package var wrapWidth = 0
    package var scroll = 0

    /// A view of `lines` titled `title`; `text` is what `y` copies.
    package init(title: String, text: String, lines: [StyledLine]) {
        self.title = title
        self.text = text
        self.lines = lines
    }
}

/// A prompt on the status line.
package enum Prompt: Sendable {
    /// `:` command line.
    case command(LineEditor)
    /// `/` filter.
    case filter(LineEditor)
    /// A yes/no question; `y` runs the confirmed thing.
    case confirm(String, Confirmable)
    /// `E`: the file to export to.
    case export(LineEditor)
    /// `/` in vi's normal mode: text to find in the history.
    case historySearch(LineEditor)
    /// `y`/`Y` in the result grid: the format to copy in.
    case copyFormat(CopyScope)
}

/// What a confirmation prompt would do.
package enum Confirmable: Sendable, Equatable {
    case delete(key: [UInt8])
    case put(key: [UInt8], value: [UInt8])
    case quit
}
