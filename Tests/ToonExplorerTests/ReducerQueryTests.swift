import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

/// The query pane, focus, ticks and quitting driven through
/// ``AppState/reduce(_:keyMap:)`` alone: no data source, no worker, no terminal.
@Suite struct ReducerQueryTests {
    /// A state with the query editor focused and holding `text`.
    func editing(_ text: String) -> AppState {
        var s = AppState.withKeys()
        _ = s.reduce(.focus(.query))
        s.query.editor.set(text)
        return s
    }

    func finished(_ text: String, _ result: Result<CommandOutput, ToonDBError>) -> Message {
        .queryFinished(QueryWorker.Finished(text: text, result: result, elapsed: 0.002))
    }

    @Test func enterAfterASemicolonRunsTheQueryOnce() {
        var s = editing("SELECT 1 AS n")
        #expect(s.keys(.enter).isEmpty, "no semicolon: a new line")
        #expect(s.query.editor.lines.count == 2 && !s.query.running)
        s.query.editor.set("SELECT 1 AS n;")
        #expect(s.keys(.enter) == [.runQuery("SELECT 1 AS n;")])
        #expect(s.query.running && s.query.ranText == "SELECT 1 AS n;")
        #expect(s.message == "running…")
        #expect(s.query.history.entries == ["SELECT 1 AS n;"])
        // Another run waits for this one.
        #expect(s.keys(.function(5)).isEmpty)
        #expect(s.messageIsError && s.message == "a query is running: Ctrl-C cancels it")
        #expect(s.keys(.char("x")).isEmpty, "typing goes on while it runs")
    }

    @Test func aFinishedQueryFillsTheResultPane() {
        var s = editing("SELECT 1 AS n;")
        _ = s.keys(.enter)
        s.query.row = 3
        let after = s.reduce(finished("SELECT 1 AS n;", .success(CommandOutput(columns: ["n"], rows: [[.int(1)]]))))
        #expect(after == [.readTransaction(quitting: false)])
        #expect(!s.query.running)
        #expect(s.query.output == CommandOutput(columns: ["n"], rows: [[.int(1)]]))
        #expect(s.query.row == 0 && !s.query.editing)
        #expect(s.message == "1 row · 2.0 ms" && !s.messageIsError)
        // Enter on the cell shows it in full.
        #expect(s.keys(.enter).isEmpty)
        #expect(s.detail?.title == "n · row 1" && s.detail?.text == "1")
    }

    @Test func aFailedQueryShowsWhereItFailed() {
        var s = editing("SELEC 1;")
        _ = s.keys(.enter)
        _ = s.reduce(finished("SELEC 1;", .failure(ToonDBError(.sqlSyntax, "unexpected SELEC at line 1, column 1"))))
        #expect(s.query.error?.contains("unexpected SELEC at line 1, column 1") == true)
        #expect(s.query.errorText == "SELEC 1;" && s.messageIsError)
        #expect(s.query.output == nil && s.query.editing, "the editor stays for the fix")
    }

    @Test func aWriteReloadsTheOpenTablesSection() {
        var s = editing("CREATE TABLE t (a);")
        // The tables section is open.
        let tables = TreeLoad(node: 2, kind: .section(.tables), after: nil, expand: true, then: .nothing)
        _ = s.reduce(.childrenLoaded(tables, .success(TreePage(children: [], nextAfter: nil))))
        _ = s.keys(.enter)
        let after = s.reduce(finished("CREATE TABLE t (a);", .success(CommandOutput(message: "0 rows changed"))))
        #expect(after == [.loadChildren(TreeLoad(node: 2, kind: .section(.tables), after: nil, expand: false, then: .nothing)),
                          .readTransaction(quitting: false)])
        #expect(s.message == "0 rows changed · 2.0 ms")
        // Read-only, nothing can have changed.
        s.readOnly = true
        _ = s.reduce(.runQuery("SELECT 1;"))
        #expect(s.reduce(finished("SELECT 1;", .success(CommandOutput(message: "done")))) == [.readTransaction(quitting: false)])
    }

    @Test func ctrlCCancelsOnlyARunningQueryAndNeverQuits() {
        var s = editing("SELECT 1;")
        #expect(s.keys(.ctrl("c")).isEmpty)
        #expect(s.message == "Ctrl-C cancels a running query; q quits")
        _ = s.keys(.enter)
        #expect(s.keys(.ctrl("c")) == [.cancelQuery])
        #expect(!s.query.running && !s.quitRequested)
        #expect(s.message == "query cancelled")
        // A result that comes anyway is dropped.
        #expect(s.reduce(finished("SELECT 1;", .success(CommandOutput(columns: ["x"], rows: [[.int(1)]])))).isEmpty)
        #expect(s.query.output == nil)
    }

    @Test func aLargeOldResultIsFreedOffTheUIThread() {
        var s = editing("SELECT 1;")
        _ = s.reduce(.runQuery("big"))
        _ = s.reduce(finished("big", .success(CommandOutput(columns: ["i"], rows: (0..<10_001).map { [.int(Int64($0))] }))))
        _ = s.reduce(.runQuery("small"))
        let after = s.reduce(finished("small", .success(CommandOutput(columns: ["i"], rows: [[.int(1)]]))))
        #expect(after.count == 2)
        guard case .releaseOutput? = after.first else { Issue.record("the old result is not handed off: \(after)"); return }
        #expect(s.query.output?.rows.count == 1)
    }

    @Test func tabCyclesThePanesAndTheStatsPaneReadsItsFigures() {
        var s = AppState.withKeys()
        s.query.editing = false  // Tab in the query editor completes
        var seen: [Pane] = []
        for _ in Pane.allCases {
            let effects = s.keys(.tab)
            seen.append(s.focus)
            #expect(effects == (s.focus == .stats ? [.loadStats] : []), "\(s.focus)")
        }
        #expect(seen == [.value, .query, .search, .graph, .stats, .keys])
        #expect(s.tab == .stats, "the last bottom pane shown stays the tab")
        _ = s.keys(.backTab)
        #expect(s.focus == .stats)
        _ = s.keys(.char("3"))
        #expect(s.focus == .query && s.tab == .query)
    }

    @Test func aTickReloadsTheStatsOnlyWhenDue() {
        var s = AppState.withKeys()
        #expect(s.reduce(.tick(.now)) == [.readTransaction(quitting: false)], "the stats pane is not shown")
        _ = s.reduce(.focus(.stats))
        let t0 = ContinuousClock.now
        _ = s.reduce(.statsLoaded([("segments", "3")], at: t0))
        #expect(s.stats.lines.first?.1 == "3")
        #expect(s.reduce(.tick(t0 + .milliseconds(500))) == [.readTransaction(quitting: false)])
        #expect(s.reduce(.tick(t0 + .seconds(1))) == [.loadStats, .readTransaction(quitting: false)])
        _ = s.reduce(.transactionRead(TransactionStatus(open: true, pendingWrites: 2), quitting: false))
        #expect(s.inTransaction && s.pendingWrites == 2 && s.prompt == nil)
    }

    @Test func quittingAsksWhileATransactionIsOpen() {
        var s = AppState.withKeys()
        #expect(s.keys(.char("q")) == [.readTransaction(quitting: true)])
        #expect(!s.quitRequested, "not before the transaction is read")
        _ = s.reduce(.transactionRead(TransactionStatus(open: true, pendingWrites: 1), quitting: true))
        #expect(!s.quitRequested)
        guard case .confirm(let text, .quit)? = s.prompt else { Issue.record("q does not ask"); return }
        #expect(text == "A transaction is open with 1 pending write; quitting discards it. Quit? (y/n)")
        _ = s.keys(.char("n"))
        #expect(!s.quitRequested && s.prompt == nil && s.message == "cancelled")
        _ = s.keys(.char("q"))
        _ = s.reduce(.transactionRead(TransactionStatus(open: true, pendingWrites: 1), quitting: true))
        #expect(s.keys(.char("y")).isEmpty)
        #expect(s.quitRequested)
        var t = AppState.withKeys()
        _ = t.reduce(.transactionRead(TransactionStatus(open: false, pendingWrites: 0), quitting: true))
        #expect(t.quitRequested && t.prompt == nil)
    }

    @Test func tabCompletionAsksTheCompleterAndTakesOneAnswer() {
        var s = editing("SELECT * FROM bo")
        s.query.editor.end()
        let effects = s.keys(.tab)
        guard case .complete(let request)? = effects.first, effects.count == 1 else { Issue.record("no completion: \(effects)"); return }
        #expect(request.word == "bo" && request.linePrefix == "SELECT * FROM " && !request.narrowing)
        _ = s.reduce(.completions(request, ["books"]))
        #expect(s.query.editor.text == "SELECT * FROM books" && s.completion == nil)
        _ = s.reduce(.completions(request, []))
        #expect(s.message == "no completions for \"bo\"")
        s.completionEnabled = false
        #expect(s.keys(.tab).isEmpty && s.focus == .search, "Tab moves on when completion is off")
    }
}
