/// The parts of the explorer a theme styles (the `[styles]` keys of a theme
/// file, listed in toondb-themes(5)). A key a theme leaves out falls back to
/// its parent (`pane.border.focused` → `pane.border`) and then to `ui.text`.
public enum StyleKey: String, Sendable, CaseIterable, Hashable {
    case text = "ui.text"
    case background = "ui.background"
    case dim = "ui.dim"
    case paneBorder = "pane.border"
    case paneBorderFocused = "pane.border.focused"
    case paneTitle = "pane.title"
    case paneTitleFocused = "pane.title.focused"
    case tab = "tab"
    case tabActive = "tab.active"
    case selection = "selection"
    case selectionUnfocused = "selection.unfocused"
    case match = "match"
    case treeBranch = "tree.branch"
    case treeLeaf = "tree.leaf"
    case treeNamespace = "tree.namespace"
    case treeCollection = "tree.collection"
    case treeTable = "tree.table"
    case treeGraph = "tree.graph"
    case treeCount = "tree.count"
    case gridHeader = "grid.header"
    case gridNull = "grid.null"
    case gridNumber = "grid.number"
    case gridTruncation = "grid.truncation"
    case jsonKey = "json.key"
    case jsonString = "json.string"
    case jsonNumber = "json.number"
    case jsonLiteral = "json.literal"
    case jsonPunctuation = "json.punctuation"
    case hexOffset = "hex.offset"
    case sqlKeyword = "sql.keyword"
    case sqlString = "sql.string"
    case sqlNumber = "sql.number"
    case searchScore = "search.score"
    case searchRank = "search.rank"
    case graphNode = "graph.node"
    case graphEdge = "graph.edge"
    case statsLabel = "stats.label"
    case statsValue = "stats.value"
    case status = "status"
    case statusReadOnly = "status.readonly"
    case statusError = "status.error"
    case statusInfo = "status.info"
    case hint = "hint"
    case hintKey = "hint.key"
    case help = "help"
    case helpKey = "help.key"
    case prompt = "prompt"
    case cursor = "cursor"

    /// The key this one falls back to, or nil for `ui.text`.
    public var parent: StyleKey? {
        if self == .text { return nil }
        if self == .selectionUnfocused { return .selection }
        var parts = rawValue.split(separator: ".")
        while parts.count > 1 {
            parts.removeLast()
            if let k = StyleKey(rawValue: parts.joined(separator: ".")) { return k }
        }
        return .text
    }

    /// One line saying what it colours (toondb-themes(5)).
    public var summary: String {
        switch self {
        case .text: return "ordinary text"
        case .background: return "the background of every pane"
        case .dim: return "secondary text: placeholders, hints inside panes"
        case .paneBorder: return "the border of a pane"
        case .paneBorderFocused: return "the border of the focused pane"
        case .paneTitle: return "a pane's title"
        case .paneTitleFocused: return "the focused pane's title"
        case .tab: return "a tab of the bottom pane"
        case .tabActive: return "the tab shown"
        case .selection: return "the selected row of the focused pane"
        case .selectionUnfocused: return "the selected row of another pane"
        case .match: return "text matching the filter"
        case .treeBranch: return "a key-path prefix with children"
        case .treeLeaf: return "a key holding a value"
        case .treeNamespace: return "a namespace"
        case .treeCollection: return "a collection and its documents"
        case .treeTable: return "a SQL table"
        case .treeGraph: return "a graph and its nodes"
        case .treeCount: return "counts beside tree rows"
        case .gridHeader: return "the header row of a result grid"
        case .gridNull: return "NULL cells"
        case .gridNumber: return "numeric cells"
        case .gridTruncation: return "the truncation mark of a cut cell"
        case .jsonKey: return "object keys in JSON and TOON"
        case .jsonString: return "strings in JSON"
        case .jsonNumber: return "numbers in JSON"
        case .jsonLiteral: return "true, false and null in JSON"
        case .jsonPunctuation: return "braces, brackets, commas and colons"
        case .hexOffset: return "offsets in the hex view"
        case .sqlKeyword: return "SQL keywords in the query editor"
        case .sqlString: return "SQL string literals"
        case .sqlNumber: return "SQL numbers"
        case .searchScore: return "scores in search results"
        case .searchRank: return "ranks in search results"
        case .graphNode: return "node ids in the graph pane"
        case .graphEdge: return "edge types and arrows"
        case .statsLabel: return "counter names in the stats pane"
        case .statsValue: return "counter values"
        case .status: return "the status line"
        case .statusReadOnly: return "the RO mark"
        case .statusError: return "error messages"
        case .statusInfo: return "information messages"
        case .hint: return "the hint row"
        case .hintKey: return "key names in the hint row"
        case .help: return "the help overlay"
        case .helpKey: return "key names in the help overlay"
        case .prompt: return "the command line and confirmation prompts"
        case .cursor: return "the text cursor in editors, and the selected cell of the result grid"
        }
    }
}
