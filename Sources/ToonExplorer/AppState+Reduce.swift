import Foundation

extension AppState {
    /// Changes the state in answer to `message` and returns the I/O it asks
    /// for; the ``Explorer`` carries the effects out and sends their results
    /// back here. It reads no data source and draws nothing, so tests drive
    /// the explorer through it alone.
    package mutating func reduce(_ message: Message, keyMap: KeyMap = .standard) -> [Effect] {
        switch message {
        case .start: return expand(0, then: .select)
        case .input(let event): return input(event, keyMap)
        case .action(let action): return perform(action)
        case .focus(let pane): return focus(pane)
        case .goto(let path): return goto(path)
        case .runQuery(let text): return startQuery(text)
        case .showGraph(let ns, let root): return showGraph(namespace: ns, root: root)
        case .tick(let now): return tick(now)
        case .childrenLoaded(let load, let page): return childrenLoaded(load, page)
        case .valueLoaded(let content): valueLoaded(content)
        case .searchHitLoaded(.success(let d)): detail = d
        case .searchHitLoaded(.failure(let e)): say(e.message, error: true)
        case .statsLoaded(let lines, let at):
            stats.lines = lines
            stats.updated = at  // also after an error: tried again in a second, not at every wake-up
        case .graphLoaded(let rows, let error): graphLoaded(rows, error)
        case .searchFinished(let outcome): searchFinished(outcome)
        case .queryFinished(let done): return finishQuery(done)
        case .transactionRead(let status, let quitting): transactionRead(status, quitting: quitting)
        case .copied(let what, let how): say("copied \(what) via \(how)")
        case .edited(let target, let outcome): edited(target, outcome)
        case .written(let write, let error): return written(write, error: error)
        case .exported(let path, let rows, let format, let ok):
            if ok { say("exported \(rows) rows to \(path) (\(Self.formatName(format)))") } else { say("cannot write \(path)", error: true) }
        case .completions(let request, let items): completions(request, items)
        }
        return []
    }

    private mutating func input(_ event: InputEvent, _ keyMap: KeyMap) -> [Effect] {
        switch event {
        case .key(let k): return handleKey(k, keyMap)
        case .click, .wheel:
            completion = nil
            return pointer(event)
        case .resize(let w, let h):
            screenWidth = w
            screenHeight = h
        case .tick: break  // the explorer sends a tick as .tick(now), after collecting a finished query
        case .endOfInput: quitRequested = true
        }
        return []
    }

    /// How long the stats pane's figures stay before a tick reloads them, in seconds.
    package static let statsInterval = Duration.seconds(1)

    /// Whether the stats pane shows (it refreshes itself while it does).
    package var statsShown: Bool { focus == .stats || tab == .stats }

    /// A wake-up: reload the stats when due, and read the transaction's state for the status line.
    private mutating func tick(_ now: ContinuousClock.Instant) -> [Effect] {
        var effects: [Effect] = []
        if statsShown, stats.updated.map({ now - $0 >= Self.statsInterval }) ?? true { effects.append(.loadStats) }
        effects.append(.readTransaction(quitting: false))
        return effects
    }

    /// Notes whether a transaction is open, and its pending writes; quitting, asks first when one is.
    mutating func transactionRead(_ status: TransactionStatus, quitting: Bool) {
        inTransaction = status.open
        pendingWrites = status.open ? status.pendingWrites : 0
        guard quitting else { return }
        if inTransaction {
            let n = pendingWrites
            prompt = .confirm("A transaction is open with \(n) pending write\(n == 1 ? "" : "s"); quitting discards it. Quit? (y/n)", .quit)
        } else {
            quitRequested = true
        }
    }
}
