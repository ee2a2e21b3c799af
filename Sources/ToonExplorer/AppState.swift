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
    public var search = SearchState()
    public var graph = GraphState()
    public var stats = StatsState()

    /// A prompt on the status line.
    public var prompt: Prompt?
    /// The last message for the status line, and whether it is an error.
    public var message: String?
    public var messageIsError = false

    public var location = ""
    public var readOnly = false
    public var inTransaction = false
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
    public var history = History()
    public var output: CommandOutput?
    public var error: String?
    public var ranText: String?
    public var elapsed: Double?
    public var running = false
    public var row = 0
    public var rowScroll = 0
    public var columnOffset = 0
    public var page = 0

    /// The number of pages of the current result.
    public var pageCount: Int { max(1, ((output?.rows.count ?? 0) + Self.pageRows - 1) / Self.pageRows) }
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
    public var selected = 0
    public var error: String?
}

/// The stats pane.
public struct StatsState: Sendable {
    public var lines: [(String, String)] = []
    public var updated: Date?
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
}

/// What a confirmation prompt would do.
public enum Confirmable: Sendable, Equatable {
    case delete(key: [UInt8])
    case put(key: [UInt8], value: [UInt8])
    case quit
}
