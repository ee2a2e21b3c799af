import Foundation
import ToonDB

/// The panes, in Tab order; `1`…`6` jump to them.
public enum Pane: Int, Sendable, CaseIterable {
    case keys, value, query, search, graph, stats

    /// The title shown on the pane or its tab.
    public var title: String {
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
    public var isTab: Bool { rawValue >= Pane.query.rawValue }
}

/// Everything the explorer shows, as plain values: panes render it,
/// ``Explorer`` changes it in answer to actions, tests inspect it.
public struct AppState: Sendable {
    public var focus: Pane = .keys
    /// The tab shown in the bottom-right pane.
    public var tab: Pane = .query
    public var zoomed = false
    public var showHelp = false
    public var helpScroll = 0
    public var mouseEnabled = true
    /// The keys pane's share of the width, in percent.
    public var treePercent = 30

    public var tree = KeyTree()
    public var treeRow = 0
    public var treeScroll = 0
    public var filter: String = ""

    public var value = ValueState()
    public var query = QueryState()
    /// Every query buffer (the one shown is `query`; its slot here is brought up to date when another is shown).
    public var buffers: [QueryState] = [QueryState()]
    /// Which buffer `query` is.
    public var buffer = 0
    public var search = SearchState()
    public var graph = GraphState()
    public var stats = StatsState()

    /// The full view of one cell, hit or value, over the panes (Esc closes it).
    public var detail: DetailState?
    /// The first key of a chord (Ctrl-X of Ctrl-X Ctrl-E), waiting for the second.
    public var pendingKey: Key?

    /// A prompt on the status line.
    public var prompt: Prompt?
    /// The format `y`/`Y` used last (the picker's Enter takes it) and `E` proposes.
    public var copyFormat: ResultFormat = .tsv
    /// The completion list open under the cursor (Tab in the query editor or on the `:` line).
    public var completion: CompletionList?
    /// The last message for the status line, and whether it is an error.
    public var message: String?
    public var messageIsError = false

    public var location = ""
    public var readOnly = false
    public var inTransaction = false
    /// How the query editor edits: emacs-style keys, or vi's modes (`editor_mode`, `:set vi`).
    public var editorMode: EditorMode = .emacs
    /// The writes waiting in the open transaction (``DataSource/pendingWrites``).
    public var pendingWrites = 0
    public var quitRequested = false

    public init() {}

    /// Shows a message in the status line.
    public mutating func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }
}

/// What the value pane shows.
public struct ValueState: Sendable {
    public var title = "Value"
    /// The raw bytes, when the selection is a stored value.
    public var bytes: [UInt8]?
    /// The key the bytes came from (for copy, edit, delete).
    public var key: [UInt8]?
    public var lines: [StyledLine] = [StyledLine("Select a key to see its value.", .dim)]
    public var mode: ValueMode = .auto
    public var shownMode: ValueMode = .auto
    public var scroll = 0
    public var hscroll = 0
}

/// The query pane: an editor, its history, and the last result.
public struct QueryState: Sendable {
    /// Rows per page of the grid.
    public static let pageRows = 500
    public var editor = LineEditor()
    public var editing = true
    /// vi's mode, register and undo list (with `editor_mode = "vi"`).
    public var vi = ViState()
    public var history = History()
    public var output: CommandOutput?
    public var error: String?
    public var ranText: String?
    public var elapsed: Double?
    public var running = false
    /// The selected row (on the page) and column of the grid.
    public var row = 0
    public var column = 0
    public var rowScroll = 0
    /// The first column shown (the grid scrolls so the selected column shows).
    public var columnOffset = 0
    public var page = 0
    /// The line and column the last error names (from the engine's message), and the text that ran:
    /// the editor underlines the token there while it still holds that text.
    public var errorAt: (line: Int, column: Int)?
    public var errorText: String?
    /// The column widths of the page shown (worked out once per page, not per frame).
    public var columnWidths: [Int]?

    /// The number of pages of the current result.
    public var pageCount: Int { max(1, ((output?.rows.count ?? 0) + Self.pageRows - 1) / Self.pageRows) }

    /// The index in the whole result of the selected row.
    public var absoluteRow: Int { page * Self.pageRows + row }
}

/// How the search pane searches.
public enum SearchMode: String, Sendable, CaseIterable {
    case hybrid, keyword, vector
    public var next: SearchMode { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
}

/// One search hit with its rank in each list (1-based; nil: not in that list).
public struct SearchRow: Sendable, Equatable {
    public var id: String
    public var vectorRank: Int?
    public var keywordRank: Int?
    public var fusedRank: Int?
    public var score: Double
    public var content: String
}

/// The search pane.
public struct SearchState: Sendable {
    public var namespace: String?
    public var collection: String?
    /// The document whose vector "more like this" and hybrid search use.
    public var sourceDocument: String?
    public var editor = LineEditor()
    public var editing = false
    public var mode: SearchMode = .hybrid
    public var alpha = 0.5
    public var k = 10
    public var rows: [SearchRow] = []
    public var selected = 0
    public var error: String?
    /// What the search actually did when it is less than the mode asks
    /// ("keyword only: select a document for vector similarity").
    public var note: String?
    public var elapsed: Double?
}

/// One row of the graph pane's neighbourhood tree.
public struct GraphRow: Sendable, Equatable {
    public var depth: Int
    /// `→` for an outgoing edge, `←` for an incoming one, "" for the root.
    public var arrow: String
    public var edgeType: String
    public var node: String
    public var nodeType: String
    /// Already shown higher up (not expanded again).
    public var seen: Bool
}

/// The graph pane.
public struct GraphState: Sendable {
    public var namespace: String?
    public var root: String?
    public var depth = 2
    public var rows: [GraphRow] = []
    /// The selected row (an index into `rows`; always a visible one).
    public var selected = 0
    /// Rows whose subtrees are hidden (`h`), by index into `rows`.
    public var collapsed: Set<Int> = []
    /// The nodes walked from, newest last (Esc walks back).
    public var trail: [String] = []
    public var error: String?

    /// The indexes of the rows shown: those under a collapsed row are hidden.
    public var visibleRows: [Int] {
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
    public func hasChildren(_ i: Int) -> Bool { i + 1 < rows.count && rows[i + 1].depth > rows[i].depth }

    /// The row that row `i` hangs from.
    public func parent(of i: Int) -> Int? {
        guard rows.indices.contains(i), rows[i].depth > 0 else { return nil }
        return rows[..<i].lastIndex { $0.depth < rows[i].depth }
    }
}

/// The stats pane.
public struct StatsState: Sendable {
    public var lines: [(String, String)] = []
    public var updated: Date?
    public var scroll = 0
}

/// The full view of one thing (a grid cell, a search hit, a value): its
/// lines unwrapped, and wrapped for the width last drawn.
public struct DetailState: Sendable {
    public var title: String
    /// The text `y` copies.
    public var text: String
    /// The lines before wrapping.
    public var lines: [StyledLine]
    /// The lines wrapped to `wrapWidth` columns (made when drawn).
    public var wrapped: [StyledLine] = []
    public var wrapWidth = 0
    public var scroll = 0

    /// A view of `lines` titled `title`; `text` is what `y` copies.
    public init(title: String, text: String, lines: [StyledLine]) {
        self.title = title
        self.text = text
        self.lines = lines
    }
}

/// A prompt on the status line.
public enum Prompt: Sendable {
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
public enum Confirmable: Sendable, Equatable {
    case delete(key: [UInt8])
    case put(key: [UInt8], value: [UInt8])
    case quit
}
