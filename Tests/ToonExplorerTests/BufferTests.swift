import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonExplorer

@Suite struct BufferTests {
    /// Ctrl-T opens a buffer, Alt-N switches; each keeps its text, result and
    /// place in the one history; the tab title lists them.
    @Test func buffersKeepTheirTextResultAndHistoryPosition() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("SELECT 1 AS one;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        f.keys(.ctrl("t"))
        #expect(f.explorer.state.buffers.count == 2 && f.explorer.state.buffer == 1)
        #expect(f.explorer.state.query.editing && f.explorer.state.query.editor.text.isEmpty)
        #expect(f.explorer.state.query.output == nil, "a new buffer has no result")
        #expect(f.screen().contains(" 3 Query 2/2 "))
        f.type("SELECT 2 AS two;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        f.keys(.char("i"))
        f.keys(.up)
        #expect(f.explorer.state.query.editor.text == "SELECT 2 AS two;", "the history is shared, newest first")
        f.keys(.alt("1"))
        #expect(f.explorer.state.buffer == 0)
        #expect(f.explorer.state.query.output?.columns == ["one"])
        #expect(f.explorer.state.query.editor.text == "SELECT 1 AS one;")
        #expect(f.screen().contains(" 3 Query 1/2 "))
        f.keys(.alt("2"))
        #expect(f.explorer.state.query.output?.columns == ["two"])
        #expect(f.explorer.state.query.editor.text == "SELECT 2 AS two;", "the buffer kept its place in the history")
        #expect(f.explorer.state.query.history.entries.suffix(2) == ["SELECT 1 AS one;", "SELECT 2 AS two;"])
        // Alt with a digit that picks no other buffer is Esc, then the digit.
        f.keys(.alt("1"))
        f.keys(.alt("1"))
        #expect(f.explorer.state.buffer == 0 && f.explorer.state.focus == .keys)
        f.keys(.char("3"), .char("i"))
        #expect(f.explorer.state.query.editing)
        f.keys(.alt("1"))
        #expect(!f.explorer.state.query.editing && f.explorer.state.focus == .keys)
        #expect(f.explorer.state.bufferTexts == ["SELECT 1 AS one;", "SELECT 2 AS two;"])
    }

    @Test func textsAreKeptBetweenSessions() throws {
        let dir = TemporaryDirectory("toondb-buffers")
        let store = QueryBufferStore(path: dir.file("state/toondb/buffers"))
        #expect(store.load().isEmpty)
        #expect(store.save(["SELECT 1;", "SELECT 'a\"b'\nFROM t;"]) == nil)
        #expect(store.load() == ["SELECT 1;", "SELECT 'a\"b'\nFROM t;"])
        let f = try DemoFixture()
        f.explorer.state.restoreBuffers(store.load())
        #expect(f.explorer.state.buffers.count == 2 && f.explorer.state.query.editor.text == "SELECT 1;")
        #expect(QueryBufferStore.resolvePath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/toondb/buffers")
        #expect(QueryBufferStore.resolvePath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/toondb/buffers")
    }
}
