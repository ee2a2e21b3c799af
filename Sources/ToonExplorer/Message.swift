import Foundation
import ToonFormat

/// What ``AppState/reduce(_:keyMap:)`` takes: input, a request from the
/// program, or the result of an ``Effect`` the ``Explorer`` carried out.
package enum Message: Sendable {
    /// The first screen: the keys section loaded and the selection shown.
    case start
    /// A key, click, wheel turn, resize or the end of input (the explorer
    /// sends a wake-up as ``tick(_:)``, after collecting a finished query).
    case input(InputEvent)
    /// What a key bound to `action` asks for.
    case action(Action)
    /// Focus a pane.
    case focus(Pane)
    /// Expand the tree to a key path and select it (`:goto`).
    case goto(String)
    /// Run text in the query pane.
    case runQuery(String)
    /// Show the neighbourhood of a graph node in the graph pane.
    case showGraph(namespace: String, root: String)
    /// A wake-up or time-out of the input loop, at `now`.
    case tick(ContinuousClock.Instant)

    /// A page of a node's children (``Effect/loadChildren(_:)``).
    case childrenLoaded(TreeLoad, Result<TreePage, LoadError>)
    /// What the value pane shows for the selection (``Effect/loadValue(_:)``).
    case valueLoaded(ValueContent)
    /// The full view of a search hit (``Effect/loadSearchHit(namespace:collection:hit:)``).
    case searchHitLoaded(Result<DetailState, LoadError>)
    /// The stats pane's lines, read at `at` (``Effect/loadStats``).
    case statsLoaded([(String, String)], at: ContinuousClock.Instant)
    /// The graph pane's rows (``Effect/loadGraph(_:)``); `error` when the walk stopped early.
    case graphLoaded(rows: [GraphRow], error: String?)
    /// The search pane's hits (``Effect/search(_:)``).
    case searchFinished(SearchOutcome)
    /// A query the worker finished (``Effect/runQuery(_:)``).
    case queryFinished(QueryWorker.Finished)
    /// Whether a transaction is open (``Effect/readTransaction(quitting:)``).
    case transactionRead(TransactionStatus, quitting: Bool)
    /// Text went to the clipboard (``Effect/copy(_:what:)``); `how` names the ways.
    case copied(what: String, how: String)
    /// The external editor closed (``Effect/editExternally(_:suffix:)``).
    case edited(EditTarget, EditorOutcome)
    /// A confirmed write was done (``Effect/write(_:)``), or failed with `error`.
    case written(Write, error: String?)
    /// The result grid was written to a file (``Effect/export(path:text:rows:format:)``), or could not be.
    case exported(path: String, rows: Int, format: ResultFormat, ok: Bool)
    /// The words that could complete the word before the cursor (``Effect/complete(_:)``).
    case completions(CompletionRequest, [String])
}

/// Why a load from the data source failed, as the panes show it.
package struct LoadError: Error, Sendable, Equatable {
    package var message: String

    /// The failure `error` describes.
    package init(_ error: any Error) { message = "\(error)" }

    /// A failure saying `message`.
    package init(message: String) { self.message = message }
}

/// Whether a transaction is open, and its writes waiting (``DataSource/pendingWrites``).
package struct TransactionStatus: Sendable, Equatable {
    package var open: Bool
    package var pendingWrites: Int

    package init(open: Bool, pendingWrites: Int) {
        self.open = open
        self.pendingWrites = pendingWrites
    }
}

/// How the external editor ended.
package enum EditorOutcome: Sendable, Equatable {
    /// No editor is plugged in (no terminal).
    case unavailable
    /// The editor failed; nothing was saved.
    case failed
    /// The text saved.
    case saved(String)
}
