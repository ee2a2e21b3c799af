import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct CompletionTests {
    /// Tab lists what could follow, read from the catalog as it is now: a
    /// table created a moment ago in the same explorer, and its columns
    /// after SELECT when the FROM names it.
    @Test func tabListsTablesAndColumnsCreatedAMomentAgo() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("CREATE TABLE fresh_items(alpha_one INTEGER, alpha_two TEXT);")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.editing, "a statement without a grid leaves the editor open")
        f.explorer.state.query.editor.set("SELECT * FROM fre")
        f.keys(.tab)
        // One candidate goes straight in.
        #expect(f.explorer.state.query.editor.text == "SELECT * FROM fresh_items")
        #expect(f.explorer.state.completion == nil)
        f.type(" WHERE alph")
        f.keys(.tab)
        // Two: their shared part goes in and the list opens under the cursor.
        #expect(f.explorer.state.query.editor.text == "SELECT * FROM fresh_items WHERE alpha_")
        #expect(f.explorer.state.completion?.items == ["alpha_one", "alpha_two"])
        let s = f.screen()
        let cursor = try #require(s.cursor)
        #expect(s.line(cursor.y + 2).contains("alpha_one") && s.line(cursor.y + 3).contains("alpha_two"), "\(s)")
        #expect(s[cursor.x - 6 + 2, cursor.y + 2].selected == .selection)
        // Ctrl-N moves, Enter takes.
        f.keys(.ctrl("n"), .enter)
        #expect(f.explorer.state.query.editor.text == "SELECT * FROM fresh_items WHERE alpha_two")
        #expect(f.explorer.state.completion == nil)
        // Ctrl-P wraps to the last; Esc closes and changes nothing.
        f.explorer.state.query.editor.set("SELECT * FROM fresh_items WHERE alpha_")
        f.keys(.tab, .ctrl("p"))
        #expect(f.explorer.state.completion?.selected == 1)
        f.keys(.escape)
        #expect(f.explorer.state.completion == nil)
        #expect(f.explorer.state.query.editing, "Esc closed the list, not the editor")
        #expect(f.explorer.state.query.editor.text == "SELECT * FROM fresh_items WHERE alpha_")
    }

    @Test func typingNarrowsTheListAndOtherKeysCloseIt() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.explorer.state.query.editor.set("SELECT * FROM books WHERE ")
        f.keys(.tab)
        let all = try #require(f.explorer.state.completion?.items)
        #expect(all.first == "id", "the columns of books come first: \(all)")
        f.type("ti")
        #expect(f.explorer.state.completion?.items == ["title"])
        f.keys(.backspace, .backspace)
        #expect(f.explorer.state.completion == nil, "an empty word closes the list")
        f.keys(.tab, .left)
        #expect(f.explorer.state.completion == nil)
    }

    @Test func commandLineCompletesItsCommandsAndKeyPaths() throws {
        let f = try DemoFixture()
        f.keys(.char(":"))
        f.type("go")
        f.keys(.tab)
        guard case .command(let e) = f.explorer.state.prompt else { Issue.record("the prompt closed"); return }
        #expect(e.text == "goto")
        f.type(" users/al")
        f.keys(.tab)
        guard case .command(let e2) = f.explorer.state.prompt else { Issue.record("the prompt closed"); return }
        #expect(e2.text == "goto users/alice/")
        f.keys(.escape)
        f.keys(.char(":"))
        f.type(".sc")
        f.keys(.tab)
        #expect(f.explorer.state.completion?.items == [".scan", ".schema"])
        #expect(f.screen().contains(".schema"))
    }

    @Test func completionOffLeavesTabToThePanes() throws {
        let f = try DemoFixture()
        f.explorer.state.completionEnabled = false
        f.keys(.char("3"))
        f.explorer.state.query.editor.set("SELECT * FROM bo")
        f.keys(.tab)
        #expect(f.explorer.state.focus == .search)
        #expect(f.explorer.state.query.editor.text == "SELECT * FROM bo")
        let c = try ExplorerConfig.parse("completion = false\n", file: "c.toml")
        #expect(c.completion == false)
        #expect(try ExplorerConfig.parse("", file: "c.toml").completion)
        #expect(throws: ThemeError.self) { try ExplorerConfig.parse("completion = \"no\"\n", file: "c.toml") }
    }

    @Test func commonPrefixIgnoresCase() {
        #expect(CompletionList.commonPrefix(["SELECT", "selected"]) == "SELECT")
        #expect(CompletionList.commonPrefix(["abc", "abd", "ab"]) == "ab")
        #expect(CompletionList.commonPrefix([]) == "")
    }
}
