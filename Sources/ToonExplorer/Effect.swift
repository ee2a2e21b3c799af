import ToonFormat

/// The I/O a state change asks for, as a value: ``AppState/reduce(_:keyMap:)``
/// returns effects and the ``Explorer`` carries them out against the data
/// source, the query worker, the clipboard, the external editor and the
/// file system, sending each result back as a ``Message``.
package enum Effect: Sendable, Equatable {
    /// Load a page of a tree node's children; answered by ``Message/childrenLoaded(_:_:)``.
    case loadChildren(TreeLoad)
    /// Read what a tree row stands for (a stored value, a namespace, a collection,
    /// a document, a graph node, a table); answered by ``Message/valueLoaded(_:)``.
    case loadValue(TreeNode.Kind)
    /// Read a search hit's document for the full view; answered by ``Message/searchHitLoaded(_:)``.
    case loadSearchHit(namespace: String, collection: String, hit: SearchRow)
    /// Read the stats pane's figures; answered by ``Message/statsLoaded(_:at:)``.
    case loadStats
    /// Walk a graph node's neighbourhood; answered by ``Message/graphLoaded(rows:error:)``.
    case loadGraph(GraphRequest)
    /// Search a collection; answered by ``Message/searchFinished(_:)``.
    case search(SearchPaneRequest)
    /// Start text on the query worker; the next tick after it ends brings ``Message/queryFinished(_:)``.
    case runQuery(String)
    /// Abandon the running query and interrupt its statement.
    case cancelQuery
    /// Free a large old result off the UI thread.
    case releaseOutput(OutputBox)
    /// Read whether a transaction is open; answered by ``Message/transactionRead(_:quitting:)``.
    case readTransaction(quitting: Bool)
    /// Put text on the clipboard; answered by ``Message/copied(what:how:)``.
    case copy(String, what: String)
    /// Open text in `$VISUAL`/`$EDITOR` in a file ending in `.suffix`; answered by ``Message/edited(_:_:)``.
    case editExternally(EditTarget, suffix: String)
    /// Write to the data source (after confirmation); answered by ``Message/written(_:error:)``.
    case write(Write)
    /// Write the result grid, rendered as `text`, to a file; answered by ``Message/exported(path:rows:format:ok:)``.
    case export(path: String, text: String, rows: Int, format: ResultFormat)
    /// Ask the completer for the words that fit; answered by ``Message/completions(_:_:)``.
    case complete(CompletionRequest)
}

/// What the external editor edits, and the text it starts from.
package enum EditTarget: Sendable, Equatable {
    /// The value stored at `key` (`e`).
    case value(key: [UInt8], old: String)
    /// The query editor's text (Ctrl-X Ctrl-E).
    case queryText(old: String)
    /// The search text (Ctrl-X Ctrl-E in the search pane).
    case searchText(old: String)

    /// The text the editor starts from.
    package var old: String {
        switch self {
        case .value(_, let old), .queryText(let old), .searchText(let old): return old
        }
    }
}

/// A write to the data source the user confirmed.
package enum Write: Sendable, Equatable {
    case delete(key: [UInt8])
    case put(key: [UInt8], value: [UInt8])
}

/// Carries a result to another thread to be freed there: the reducer moves
/// the old result into the box, so the box holds its only reference.
package final class OutputBox: @unchecked Sendable, Equatable {
    private var output: CommandOutput?

    init(_ output: CommandOutput) { self.output = output }

    /// Drops the result (on the thread that calls it).
    func release() { output = nil }

    package static func == (a: OutputBox, b: OutputBox) -> Bool { a === b }
}
