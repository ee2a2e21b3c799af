import Foundation
import ToonDB

/// The explorer's hands: it owns the ``AppState``, sends it each input as a
/// ``Message`` (``AppState/reduce(_:keyMap:)`` decides what changes), carries
/// out the ``Effect``s the reducer returns against the ``DataSource``, the
/// query worker, the clipboard and the editor, sends their results back,
/// and renders into a ``Screen``. It never touches the terminal, so tests
/// drive it directly.
package final class Explorer: @unchecked Sendable {
    package var state = AppState()
    package let source: DataSource
    /// Runs query pane entries (SQL by default; the console's commands when plugged in).
    package var runner: CommandRunner
    package let keyMap: KeyMap
    let worker = QueryWorker()
    /// Where `y`/`Y` send text (the terminal: OSC 52, then a local tool);
    /// returns how it went, for the status line ("OSC 52 and xclip").
    package var copyToClipboard: @Sendable (String) -> String = { _ in "nowhere: no terminal" }
    /// Opens text in `$VISUAL`/`$EDITOR` in a file with the given suffix
    /// (`sql`, `json`, `txt`) and returns the saved text (nil: the editor failed).
    package var editExternally: ((String, String) -> String?)?

    /// An explorer over `source`; `runner` defaults to SQL through the source.
    package init(source: DataSource, runner: CommandRunner? = nil, keyMap: KeyMap = .standard, history: [String] = []) {
        self.source = source
        self.runner = runner ?? CommandOutput.sqlRunner(source)
        self.keyMap = keyMap
        state.location = source.location
        state.readOnly = source.isReadOnly
        state.query.history = History(entries: history)
        send(.start)
    }

    /// Reduces `message` into the state and carries out the effects it
    /// returns, in order, each result reduced as soon as it is in.
    package func send(_ message: Message) {
        for effect in state.reduce(message, keyMap: keyMap) {
            if let result = run(effect) { send(result) }
        }
    }

    /// Handles one input event.
    package func handle(_ event: InputEvent) {
        if case .tick = event { poll() } else { send(.input(event)) }
    }

    /// Collects a finished query, refreshes live panes.
    package func poll() {
        if let done = worker.take() { send(.queryFinished(done)) }
        send(.tick(.now))
    }

    /// How long the input loop may sleep before ``poll()`` has timed work:
    /// until the stats pane's next refresh while it shows, else for ever (nil).
    /// A finished query wakes the loop through the worker's pipe instead.
    package var idleTimeout: Duration? {
        guard state.statsShown else { return nil }
        guard let updated = state.stats.updated else { return .milliseconds(1) }
        let left = max(.zero, AppState.statsInterval - (ContinuousClock.now - updated))
        return left + .milliseconds(1)
    }

    /// The descriptor ``Terminal/read(timeout:wake:)`` polls to hear of a finished query.
    package var wakeDescriptor: Int32 { worker.finishedPipe.readEnd }

    /// Moves focus to a pane.
    package func focus(_ pane: Pane) { send(.focus(pane)) }

    /// Runs `text` in the query pane, off the UI thread.
    package func startQuery(_ text: String) { send(.runQuery(text)) }

    /// Expands the tree to a key path and selects it.
    package func goto(_ path: String) { send(.goto(path)) }

    /// Waits for the running query (tests and the bench use it; the UI polls instead).
    package func waitForQuery(timeout: Double = 10) {
        worker.wait(timeout: timeout)
        poll()
    }
}
