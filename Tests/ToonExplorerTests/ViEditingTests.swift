import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct ViEditingTests {
    func viFixture(_ text: String) throws -> DemoFixture {
        let f = try DemoFixture()
        f.explorer.state.editorMode = .vi
        f.keys(.char("3"))
        f.explorer.state.query.editor.set(text)
        f.keys(.escape)
        #expect(f.explorer.state.query.vi.mode == .normal)
        #expect(f.explorer.state.query.editing, "Esc in insert mode goes to normal mode, not out of the editor")
        return f
    }

    var text: (DemoFixture) -> String { { $0.explorer.state.query.editor.text } }
    var column: (DemoFixture) -> Int { { $0.explorer.state.query.editor.column } }

    @Test func motions() throws {
        let f = try viFixture("SELECT name, age FROM users")
        f.keys(.char("0"))
        #expect(column(f) == 0)
        f.keys(.char("w"))
        #expect(column(f) == 7)
        f.keys(.char("w"))
        #expect(column(f) == 11, "the comma is a word of its own")
        f.keys(.char("e"))
        #expect(column(f) == 15)
        f.keys(.char("b"), .char("b"))
        #expect(column(f) == 11)
        f.keys(.char("$"))
        #expect(column(f) == 26)
        f.keys(.char("h"), .char("h"), .char("l"))
        #expect(column(f) == 25)
        #expect(f.screen().line(38).contains("-- NORMAL --"))
    }

    @Test func deleteChangePasteUndo() throws {
        let f = try viFixture("SELECT name, age FROM users")
        f.keys(.char("0"), .char("w"), .char("d"), .char("w"))
        #expect(text(f) == "SELECT , age FROM users")
        f.keys(.char("x"))
        #expect(text(f) == "SELECT  age FROM users")
        f.keys(.char("u"), .char("u"))
        #expect(text(f) == "SELECT name, age FROM users")
        // Undo put the cursor back where it was, on "name".
        #expect(column(f) == 7)
        f.keys(.char("c"), .char("w"))
        #expect(f.explorer.state.query.vi.mode == .insert)
        f.type("title")
        f.keys(.escape)
        #expect(text(f) == "SELECT title, age FROM users")
        f.keys(.char("d"), .char("d"))
        #expect(text(f) == "")
        f.keys(.char("p"))
        #expect(text(f) == "\nSELECT title, age FROM users")
        f.keys(.char("u"), .char("u"))
        #expect(text(f) == "SELECT title, age FROM users")
    }

    @Test func insertCommandsAndHistorySearch() throws {
        let f = try viFixture("FROM t")
        f.keys(.char("I"))
        f.type("SELECT * ")
        f.keys(.escape, .char("A"))
        f.type(";")
        f.keys(.escape)
        #expect(text(f) == "SELECT * FROM t;")
        f.keys(.char("o"))
        f.type("x")
        #expect(text(f) == "SELECT * FROM t;\nx")
        #expect(f.screen().line(38).contains("-- INSERT --"))
        f.keys(.escape, .char("0"), .char("a"))
        f.type("y")
        #expect(text(f) == "SELECT * FROM t;\nxy")
        f.explorer.state.query.history.add("SELECT 1 AS first")
        f.explorer.state.query.history.add("SELECT 2 AS second")
        f.keys(.escape, .char("/"))
        f.type("first")
        f.keys(.enter)
        #expect(text(f) == "SELECT 1 AS first")
        // Enter runs; Esc in normal mode leaves the editor.
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.output?.rows == [[.int(1)]])
        f.keys(.char("i"), .escape, .escape)
        #expect(!f.explorer.state.query.editing)
    }

    @Test func setAndTheConfigChooseTheMode() throws {
        let f = try DemoFixture()
        f.keys(.char(":"))
        f.type("set vi")
        f.keys(.enter)
        #expect(f.explorer.state.editorMode == .vi)
        f.keys(.char(":"))
        f.type("set emacs")
        f.keys(.enter)
        #expect(f.explorer.state.editorMode == .emacs)
        #expect(try ExplorerConfig.parse("editor_mode = \"vi\"\n", file: "c.toml").editorMode == .vi)
        #expect(throws: ThemeError.self) { try ExplorerConfig.parse("editor_mode = \"ed\"\n", file: "c.toml") }
    }
}
