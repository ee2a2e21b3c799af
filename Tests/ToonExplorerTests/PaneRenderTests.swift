import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

/// Every pane rendered into a Screen for fixed states over the demo database.
@Suite struct PaneRenderTests {
    @Test func firstScreenShowsTheTreeSectionsAndHints() throws {
        let f = try DemoFixture()
        let s = f.screen()
        #expect(s.contains("1 Keys"))
        #expect(s.contains("▾ ⌗ keys"))
        #expect(s.contains("▸ users/"))
        #expect(s.contains("▸ ◆ namespaces"))
        #expect(s.contains("▸ ▦ tables"))
        #expect(s.contains("3 Query") && s.contains("4 Search") && s.contains("5 Graph") && s.contains("6 Stats"))
        #expect(s.line(39).contains("?/F1 help"))
        #expect(s.line(38).contains(f.database.path))
    }

    @Test func theStatsPaneStatesEachCollectionsBytesPerVectorGraphBytesAndTombstones() throws {
        let f = try DemoFixture()
        let ns = try f.database.namespace(DemoDatabase.namespace)
        try ns.createCollection(CollectionConfig(name: "small", dimension: 24, quantization: .scalar8))
        let dropped = try ns.createCollection(CollectionConfig(name: "dropped", dimension: 4))
        try dropped.insert(id: "a", vector: [1, 0, 0, 0])
        try dropped.insert(id: "b", vector: [0, 1, 0, 0])
        try dropped.delete("a")
        let graph = try dropped.stats().graphBytes
        f.keys(.char("6"))
        let screen = f.screen(160, 60)
        let lines = f.explorer.state.stats.lines
        let demo = try #require(lines.first { $0.0 == "\(DemoDatabase.namespace)/\(DemoDatabase.collection)" })
        #expect(demo.1.contains("\(DemoDatabase.dimension) dims, \(4 * DemoDatabase.dimension) bytes/vector"), "\(demo.1)")
        let small = try #require(lines.first { $0.0 == "\(DemoDatabase.namespace)/small" })
        #expect(small.1 == "0 documents, 24 dims, 24 bytes/vector (scalar8), graph 0 bytes, 0 tombstones", "\(small.1)")
        #expect(screen.contains("24 bytes/vector (scalar8), graph 0 bytes"))
        let d = try #require(lines.first { $0.0 == "\(DemoDatabase.namespace)/dropped" })
        #expect(graph > 0)
        #expect(d.1 == "1 documents, 4 dims, 16 bytes/vector, graph \(graph) bytes, 1 tombstone", "\(d.1)")
    }

    @Test func walkingTheTreeShowsPrettyJSONAndWideText() throws {
        let f = try DemoFixture()
        f.explorer.goto("users/yuki/profile")
        var s = f.screen()
        #expect(s.contains("▾ yuki/"))
        #expect(s.contains("users/yuki/profile · json (auto)"))
        #expect(s.contains("\"city\": \"東京\""))
        let row = (0..<40).first { s.line($0).contains("\"city\"") }!
        let cell = (0..<120).first { s[$0, row].text == "\"city\"" || s[$0, row].text == "\"" }
        #expect(cell != nil)
        #expect(s.contains("\"manager\": \"alice\""))
        // v cycles: TOON, text, hex.
        f.keys(.char("2"), .char("v"), .char("v"))
        s = f.screen()
        #expect(s.contains("· toon"))
        #expect(s.contains("city: 東京"))
        f.keys(.char("v"), .char("v"))
        s = f.screen()
        #expect(s.contains("· hex"))
        #expect(s.contains("00000000  7b 22"))
        // A binary value is shown as hex automatically.
        f.explorer.goto("blobs/logo.bin")
        #expect(f.explorer.state.value.shownMode == .hex)
    }

    @Test func filterMarksMatchesAndNJumps() throws {
        let f = try DemoFixture()
        f.explorer.goto("users/alice/name")
        f.keys(.char("/"))
        f.type("email")
        f.keys(.enter)
        let s = f.screen()
        #expect(s.contains("/email (1)"))
        #expect(f.explorer.state.tree.node(atRow: f.explorer.state.treeRow)?.name == "email")
    }

    @Test func pagingKeepsBigBranchesLazy() throws {
        let f = try DemoFixture()
        for i in 0..<450 { try f.database.putPath(String(format: "big/k%05d", i), "v") }
        f.keys(.char("R"))
        f.explorer.goto("big")
        let index = f.explorer.state.tree.rows[f.explorer.state.treeRow]
        #expect(f.explorer.state.tree.nodes[index].children?.count == KeyTree.pageSize + 1)
        #expect(f.explorer.state.tree.nodes[index].count == "≥ 201")
        // Going to a key on the third page loads pages as needed.
        f.explorer.goto("big/k00420")
        #expect(f.explorer.state.tree.node(atRow: f.explorer.state.treeRow)?.name == "k00420")
    }

    @Test func queryGridWithWideCellsTruncationAndScroll() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("SELECT b.title, a.name, b.notes FROM books b JOIN authors a ON a.id = b.author_id ORDER BY b.id;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        var s = f.screen()
        #expect(s.contains("9 rows ·"))
        #expect(s.contains("红高粱家族"))
        #expect(s.contains("ラジオ and cats"))
        #expect(s.contains("An ambiguous utopia, told in …"))
        #expect(s.contains("title") && s.contains("name") && s.contains("notes"))
        #expect(f.explorer.state.query.editing == false)
        f.keys(.char("l"))
        s = f.screen()
        #expect(s.contains("column 2/3"))
        #expect(f.explorer.state.query.columnOffset == 0, "the selected column fits: no scroll")
        f.keys(.char("$"), .char("0"), .char("j"))
        #expect(f.explorer.state.query.row == 1 && f.explorer.state.query.column == 0)
        // History: edit, Up brings the last statement back.
        f.keys(.char("i"))
        f.explorer.state.query.editor.set("")
        f.keys(.up)
        #expect(f.explorer.state.query.editor.text.hasPrefix("SELECT b.title"))
    }

    @Test func queryErrorsAndWritesShowInTheStatus() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("SELEC nonsense;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.explorer.state.messageIsError)
        #expect(f.screen().contains("sql"))
        f.explorer.state.query.editor.set("INSERT INTO authors VALUES (6, 'Ng', 'SG');")
        f.keys(.function(5))
        f.explorer.waitForQuery()
        #expect(f.screen().contains("1 row changed"))
    }

    @Test func readOnlyRefusesWrites() throws {
        let f = try DemoFixture(readOnly: true)
        #expect(f.screen().line(38).contains(" RO"))
        f.keys(.char("3"))
        f.type("DELETE FROM books;")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.error?.contains("read-only") == true)
        f.explorer.goto("users/alice/name")
        f.keys(.char("d"))
        #expect(f.explorer.state.prompt == nil)
        #expect(f.explorer.state.message?.contains("read-only") == true)
    }

    @Test func deleteAsksFirst() throws {
        let f = try DemoFixture()
        f.explorer.goto("users/bob/email")
        f.keys(.char("d"))
        #expect(f.screen().contains("Delete users/bob/email? (y/n)"))
        f.keys(.char("n"))
        #expect(try f.database.getPath("users/bob/email") != nil)
        f.keys(.char("d"), .char("y"))
        #expect(try f.database.getPath("users/bob/email") == nil)
    }

    @Test func searchShowsRanksSideBySideAndAlphaIsLive() throws {
        let f = try DemoFixture()
        let e = f.explorer
        e.state.search.namespace = DemoDatabase.namespace
        e.state.search.collection = DemoDatabase.collection
        e.state.search.sourceDocument = "a08"   // hybrid retrieval
        e.focus(.search)
        f.keys(.char("i"))
        f.type("vector keyword")
        f.keys(.enter)
        var s = f.screen()
        #expect(s.contains("hybrid in library/articles · alpha 0.5"))
        #expect(s.contains("fused") && s.contains("vector") && s.contains("bm25") && s.contains("score"))
        #expect(!e.state.search.rows.isEmpty)
        #expect(e.state.search.rows.allSatisfy { $0.id != "a08" })
        #expect(e.state.search.rows.contains { $0.vectorRank != nil && $0.keywordRank != nil })
        #expect(s.contains("#1"))
        f.keys(.char("+"))
        s = f.screen()
        #expect(s.contains("alpha 0.6"))
        f.keys(.char("m"))
        #expect(e.state.search.mode == .keyword)
        #expect(e.state.search.rows.allSatisfy { $0.keywordRank != nil })
        f.keys(.char("m"))
        #expect(e.state.search.mode == .vector)
        #expect(e.state.search.rows.allSatisfy { $0.vectorRank != nil })
        f.keys(.enter)
        #expect(f.screen().contains("library/articles/"))
    }

    @Test func graphShowsTheNeighbourhoodAndEnterWalks() throws {
        let f = try DemoFixture()
        let e = f.explorer
        e.state.graph.depth = 1
        e.send(.showGraph(namespace: DemoDatabase.namespace, root: "alice"))
        var s = f.screen()
        #expect(s.contains("neighbourhood of alice"))
        #expect(s.contains("─[knows]→ bob"))
        #expect(s.contains("←[knows]─ carol"))
        #expect(s.contains("─[works_at]→ acme"))
        let bob = e.state.graph.rows.firstIndex { $0.node == "bob" }!
        e.state.graph.selected = bob
        f.keys(.enter)
        s = f.screen()
        #expect(s.contains("neighbourhood of bob"))
        #expect(s.contains("─[knows]→ yuki"))
        f.keys(.char("+"))
        #expect(e.state.graph.depth == 2)
    }

    @Test func treeReachesCollectionsGraphsAndTables() throws {
        let f = try DemoFixture()
        let e = f.explorer
        let nsRow = e.state.tree.rows.firstIndex { e.state.tree.nodes[$0].kind == .section(.namespaces) }!
        e.state.treeRow = nsRow
        f.keys(.char("1"), .char("l"), .char("j"), .char("l"))
        var s = f.screen()
        #expect(s.contains("◆ library"))
        #expect(s.contains("◎ articles 18 docs"))
        #expect(s.contains("◇ graph"))
        f.keys(.char("j"), .char("l"), .char("j"))
        s = f.screen()
        #expect(s.contains("a01"))
        #expect(s.contains("library/articles/a01"))
        #expect(s.contains("\"content\": \"Log structured merge trees"))
        let tablesRow = e.state.tree.rows.firstIndex { e.state.tree.nodes[$0].kind == .section(.tables) }!
        e.state.treeRow = tablesRow
        f.keys(.char("l"), .char("j"), .char("j"), .enter)
        e.waitForQuery()
        s = f.screen()
        #expect(s.contains("SELECT * FROM books LIMIT 100;"))
        #expect(s.contains("9 rows"))
    }

    @Test func statsPaneShowsCountersAndLayout() throws {
        let f = try DemoFixture()
        f.keys(.char("6"))
        let s = f.screen()
        #expect(s.contains("level 0"))
        #expect(s.contains("library/articles"))
        #expect(s.contains("18 documents"))
        #expect(s.contains("the database") && s.contains("this process, since it opened the database"))
    }

    /// At 80×24 and 120×40 the stats and graph panes wrap at spaces (the
    /// issue saw "1 segment fil" and a hint cut mid-word at 110 columns).
    @Test(arguments: [(80, 24), (110, 30), (120, 40)])
    func statsAndGraphPanesCutNoWord(size: (width: Int, height: Int)) throws {
        let f = try DemoFixture()
        f.keys(.char("6"), .char("z"))  // zoomed, so every figure is on screen
        var s = f.screen(size.width, size.height)
        let stats = (0..<size.height).map { s.line($0) }.joined(separator: "\n")
        #expect(stats.contains("1 segment file,") || stats.contains("1 segment files,"), "\(stats)")
        #expect(stats.contains("18 documents,"), "\(stats)")
        #expect(!stats.contains("segment fil ") && !stats.contains("segment fil│"), "\(stats)")
        f.keys(.escape, .char("5"))
        s = f.screen(size.width, size.height)
        let graph = (0..<size.height).map { s.line($0) }.joined(separator: " ")
            .replacingOccurrences(of: "│", with: " ").split(separator: " ").joined(separator: " ")
        #expect(graph.contains("Select a graph node in the keys pane (namespaces › NS › graph) and press Enter."), "\(graph)")
    }

    /// The input loop sleeps until input while no live pane shows, and until
    /// the stats pane's next refresh while it does (Terminal.read's timeout).
    @Test func onlyTheStatsPaneWakesTheIdleLoop() throws {
        let f = try DemoFixture()
        #expect(f.explorer.idleTimeout == nil)
        f.keys(.char("6"))
        f.explorer.poll()
        let timeout = try #require(f.explorer.idleTimeout)
        #expect(timeout > .milliseconds(500) && timeout <= .milliseconds(1002), "\(timeout)")
        f.keys(.char("3"))
        #expect(f.explorer.idleTimeout == nil)
    }

    @Test func wordWrapBreaksAtSpacesOnly() {
        #expect(WordWrap.lines("1 segment file, 316 bytes", width: 10) == ["1 segment", "file, 316", "bytes"])
        #expect(WordWrap.lines("short", width: 10) == ["short"])
        #expect(WordWrap.lines("unbreakableword", width: 6) == ["unbre…"])
        #expect(WordWrap.fit(["neighbourhood of a", "depth 2 (+/-)", "Enter walks"], separator: " · ", width: 36)
                == "neighbourhood of a · depth 2 (+/-)")
    }

    @Test func smallTerminalGetsAMessage() throws {
        let f = try DemoFixture()
        let s = f.screen(60, 20)
        #expect(s.contains("The terminal is 60×20;"))
        #expect(s.contains("at least 80×24"))
        #expect(!s.contains("1 Keys"))
    }

    @Test func zoomTabsAndMouse() throws {
        let f = try DemoFixture()
        f.keys(.char("z"))
        var s = f.screen()
        #expect(!s.contains("3 Query"))
        f.keys(.escape, .tab, .tab)
        #expect(f.explorer.state.focus == .query)
        _ = f.screen()
        let layout = Layout(width: 120, height: 40, state: f.explorer.state)
        let graphTab = layout.tabs().first { $0.pane == .graph }!
        f.explorer.handle(.click(x: graphTab.x + 1, y: layout.bottom.y, double: false))
        #expect(f.explorer.state.focus == .graph)
        f.explorer.handle(.click(x: 3, y: 3, double: false))
        #expect(f.explorer.state.focus == .keys && f.explorer.state.treeRow == 2)
        f.explorer.handle(.wheel(x: 3, y: 3, delta: 1))
        #expect(f.explorer.state.treeRow == 5)
        f.keys(.char("M"))
        s = f.screen()
        #expect(s.contains("mouse off"))
    }

    @Test func ctrlCCancelsARunningQueryAndDoesNotQuit() throws {
        let f = try DemoFixture()
        let gate = DispatchSemaphore(value: 0)
        f.explorer.runner = { _ in gate.wait(); return CommandOutput(message: "late") }
        f.explorer.startQuery("slow")
        #expect(f.explorer.state.query.running)
        f.keys(.ctrl("c"))
        #expect(!f.explorer.state.query.running)
        #expect(!f.explorer.state.quitRequested)
        #expect(f.explorer.state.message == "query cancelled")
        gate.signal()
        usleep(50_000)
        f.explorer.poll()
        #expect(f.explorer.state.query.output == nil)
        f.keys(.char("q"))
        #expect(f.explorer.state.quitRequested)
    }

    @Test func commandRunnerCanBePluggedIn() throws {
        let f = try DemoFixture()
        f.explorer.runner = { text in CommandOutput(columns: ["echo"], rows: [[.string(text)]]) }
        f.keys(.char(":"))
        f.type(".tables")
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.screen().contains(".tables"))
        #expect(f.explorer.state.query.output?.rows.first?.first == .string(".tables"))
    }
}
