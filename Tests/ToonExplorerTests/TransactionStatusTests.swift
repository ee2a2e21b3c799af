import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct TransactionStatusTests {
    /// A BEGIN in the query pane shows in the status line with its pending
    /// writes; q asks before quitting, and n stays.
    @Test func theStatusLineCountsPendingWritesAndQuitAsks() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("BEGIN; INSERT INTO authors VALUES (90, 'Ng', 'SG'), (91, 'Oz', 'AU');")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.screen().line(38).contains(" TXN open: 2 pending writes "), "\(f.screen())")
        f.explorer.state.query.editor.set("UPDATE authors SET country = 'NZ' WHERE id = 91;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.screen().line(38).contains(" TXN open: 3 pending writes "))
        f.keys(.escape, .char("q"))
        #expect(f.screen().line(38).contains("A transaction is open with 3 pending writes; quitting discards it. Quit? (y/n)"))
        f.keys(.char("n"))
        #expect(!f.explorer.state.quitRequested)
        f.keys(.char("i"))
        f.explorer.state.query.editor.set("ROLLBACK;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(!f.screen().line(38).contains("TXN"))
        f.keys(.escape, .char("q"))
        #expect(f.explorer.state.quitRequested, "no transaction: q quits at once")
    }
}
