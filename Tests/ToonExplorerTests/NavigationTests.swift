import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

/// The key bindings of toondb(1) (KEY BINDINGS) in every pane, large results, the search notes and
/// the graph's node types and folding.
@Suite struct NavigationTests {
    @Test func aMillionRowResultIsPagedAndDrawnPageByPage() throws {
        let f = try DemoFixture()
        var rows: [[Value]] = []
        rows.reserveCapacity(1_000_000)
        for i in 0..<1_000_000 { rows.append([.int(Int64(i)), .string(i == 999_999 ? String(repeating: "w", count: 300) : "n")]) }
        f.show(CommandOutput(columns: ["id", "name"], rows: rows))
        var s = f.screen()
        #expect(s.contains("1000000 rows"))
        #expect(s.contains("page 1/2000"))
        // The widths come from the page shown, not from the whole result.
        #expect(f.explorer.state.query.columnWidths == [3, 4])
        f.keys(.char(">"), .char("G"))
        s = f.screen()
        #expect(s.contains("page 2/2000"))
        #expect(f.explorer.state.query.absoluteRow == 999)
        #expect(s.contains("999"))
        for _ in 0..<2000 { f.keys(.char(">")) }
        s = f.screen()
        #expect(s.contains("page 2000/2000"))
        #expect(f.explorer.state.query.columnWidths == [6, QueryPane.maximumColumnWidth])
        f.keys(.char("G"), .char("l"), .enter)
        #expect(f.explorer.state.detail?.text.count == 300)
        f.keys(.escape, .char("<"), .char("g"))
        #expect(f.explorer.state.query.absoluteRow == 999_000)
        // A new result replaces it (the old one is freed off the UI thread).
        f.show(CommandOutput(columns: ["x"], rows: [[.int(1)]]))
        #expect(f.screen().contains("1 row ·"))
    }

    @Test func movingKeysWorkInEveryPane() throws {
        let f = try DemoFixture()
        let e = f.explorer
        // Keys pane: G/End, g/Home, PgDn/PgUp, Ctrl-d/Ctrl-u, h/l.
        f.keys(.char("G"))
        #expect(e.state.treeRow == e.state.tree.rows.count - 1)
        f.keys(.home)
        #expect(e.state.treeRow == 0)
        f.keys(.end, .char("g"), .char("l"), .char("j"), .char("l"))
        #expect(e.state.tree.rows.count > 8)
        f.keys(.char("h"))
        #expect(e.state.tree.nodes[e.state.tree.rows[e.state.treeRow]].isExpanded == false)
        f.keys(.char("h"))
        #expect(e.state.treeRow == 0)
        // Value pane: a long value scrolls by page and half page.
        try f.database.putPath("long", (1...200).map { "line \($0)" }.joined(separator: "\n"))
        f.keys(.char("R"))
        e.goto("long")
        f.keys(.char("2"), .pageDown)
        let page = e.state.value.scroll
        #expect(page > 5)
        f.keys(.ctrl("u"))
        #expect(e.state.value.scroll == page - page / 2 || e.state.value.scroll == page - (page + 1) / 2)
        f.keys(.char("G"))
        #expect(e.state.value.scroll == 199)
        f.keys(.pageUp, .ctrl("d"), .char("g"))
        #expect(e.state.value.scroll == 0)
        // Query grid: moving rows within a page.
        f.show(CommandOutput(columns: ["i"], rows: (0..<100).map { [.int(Int64($0))] }))
        f.keys(.end)
        #expect(e.state.query.row == 99)
        f.keys(.ctrl("u"), .pageUp, .char("g"))
        #expect(e.state.query.row == 0)
        f.keys(.pageDown, .ctrl("d"))
        #expect(e.state.query.row > 10)
        // R runs a reading query again, not a write.
        e.state.query.ranText = "DELETE FROM books;"
        f.keys(.char("R"))
        #expect(e.state.messageIsError && !e.state.query.running)
        // The stats pane scrolls with the wheel and the keys.
        f.keys(.char("6"))
        _ = f.screen()
        f.explorer.handle(.wheel(x: 100, y: 30, delta: 1))
        #expect(e.state.stats.scroll == min(3, e.state.stats.lines.count - 1))
        // The wheel scrolls help instead of the panes under it.
        f.keys(.char("?"))
        f.explorer.handle(.wheel(x: 50, y: 10, delta: 2))
        #expect(e.state.helpScroll == 6 && e.state.focus == .stats)
        f.keys(.escape)
        // z and F10 zoom; Esc unzooms.
        f.keys(.function(10))
        #expect(e.state.zoomed)
        f.keys(.escape, .char("z"), .char("z"))
        #expect(!e.state.zoomed)
        for (key, pane) in zip(["1", "2", "3", "4", "5", "6"], Pane.allCases) {
            f.keys(.char(Character(key)))
            #expect(e.state.focus == pane)
            if pane == .query { f.keys(.escape) }
        }
    }

    @Test func hybridWithoutADocumentSaysItIsKeywordOnly() throws {
        let f = try DemoFixture()
        let e = f.explorer
        e.state.search.namespace = DemoDatabase.namespace
        e.state.search.collection = DemoDatabase.collection
        e.focus(.search)
        f.keys(.char("i"))
        f.type("bloom")
        f.keys(.enter)
        var s = f.screen()
        #expect(s.contains("keyword only: select a document for vector similarity · hybrid in library/articles"))
        #expect(!e.state.search.rows.isEmpty && e.state.search.rows.allSatisfy { $0.vectorRank == nil })
        f.keys(.char("m"), .char("m"))
        #expect(e.state.search.mode == .vector)
        s = f.screen()
        #expect(s.contains("no vector search: select a document"))
        // With a document, hybrid is hybrid and the note goes.
        e.state.search.sourceDocument = "a01"
        f.keys(.char("m"), .char("R"))
        #expect(e.state.search.note == nil)
        #expect(f.screen().contains("hybrid in library/articles · alpha 0.5"))
    }

    @Test func graphRowsShowNodeTypesFoldAndEscWalksBack() throws {
        let f = try DemoFixture()
        let e = f.explorer
        e.send(.showGraph(namespace: DemoDatabase.namespace, root: "alice"))
        var s = f.screen()
        #expect(s.contains("● alice : person"))
        #expect(s.contains("─[knows]→ bob : person"))
        #expect(s.contains("─[works_at]→ acme : company"))
        let bob = e.state.graph.rows.firstIndex { $0.node == "bob" && $0.depth == 1 }!
        e.state.graph.selected = bob
        let before = e.state.graph.visibleRows.count
        f.keys(.char("h"))
        #expect(e.state.graph.collapsed.contains(bob))
        #expect(e.state.graph.visibleRows.count < before)
        s = f.screen()
        #expect(s.contains("▸"))
        f.keys(.char("j"), .char("k"))
        #expect(e.state.graph.selected == bob)
        f.keys(.char("l"))
        #expect(e.state.graph.visibleRows.count == before)
        f.keys(.char("j"), .char("h"))
        #expect(e.state.graph.selected == bob, "h on a leaf goes to its parent")
        f.keys(.enter)
        #expect(e.state.graph.root == "bob")
        #expect(f.screen().contains("Esc back to alice"))
        f.keys(.escape)
        #expect(e.state.graph.root == "alice")
        // A click selects the row under it.
        let layout = Layout(width: 120, height: 40, state: e.state)
        e.handle(.click(x: layout.bottom.x + 10, y: layout.bottom.y + 1 + 2 + 1, double: false))
        #expect(e.state.graph.selected == e.state.graph.visibleRows[1])
    }
}
