import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// The query editor of the real explorer under tmux: completion from the
/// live catalog, copying a result in a picked format, the transaction mark.
@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason))
struct ExplorerEditorTmuxTests {
    /// After CREATE TABLE in the same session, Tab completes the new table,
    /// and the popup lists its columns after WHERE.
    @Test func completionPopupListsATableCreatedInThisSession() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("CREATE TABLE fresh_items(alpha_one INTEGER, alpha_two TEXT)")
            try t.keys("\\;", "Enter")
            try t.waitFor("0 rows changed")
            try t.keys("C-u")
            try t.type("SELECT * FROM fre")
            try t.keys("Tab")
            try t.waitFor("sql> SELECT * FROM fresh_items")
            try t.type(" WHERE alph")
            try t.keys("Tab")
            var s = try t.waitFor("alpha_two")
            #expect(s.contains("alpha_one"), "\(s)")
            #expect(s.contains("sql> SELECT * FROM fresh_items WHERE alpha_"))
            try t.keys("C-n", "Enter")
            s = try t.waitFor("sql> SELECT * FROM fresh_items WHERE alpha_two")
            #expect(!s.contains("alpha_one"), "the popup closed")
            try t.keys("Escape", "q")
            #expect(try t.waitForExit())
        }
    }
}
