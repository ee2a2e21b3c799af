import Foundation
import Testing
import ToonDB
@testable import ToonExplorer
import ToonFormat

/// Enter on a grid cell, a search hit or a value: the full view, wrapped and scrolled.
@Suite struct CellViewTests {
    static let words = (1...400).map { "word\($0)" }.joined(separator: " ")

    @Test func enterShowsACellAsPrettyJSONOrWrappedTextAndEscGoesBack() throws {
        let f = try DemoFixture()
        let doc: Value = .object(["name": .string("東京 tower"), "tags": .array([.string("a"), .string("b")]), "n": .int(3)])
        f.show(CommandOutput(columns: ["id", "doc", "notes", "raw"],
                             rows: [[.int(1), doc, .string(Self.words), .string(#"{"k":[1,2]}"#)]]))
        #expect(f.explorer.state.query.editing == false)
        f.keys(.char("l"), .enter)
        var s = f.screen()
        #expect(s.contains("doc · row 1"))
        #expect(s.contains("\"name\": \"東京 tower\""))
        #expect(s.contains("\"tags\": ["))
        #expect(s.line(39).contains("close"))
        // q and Esc close the view; the pane keeps its selection.
        f.keys(.char("q"))
        #expect(f.explorer.state.detail == nil && !f.explorer.state.quitRequested)
        #expect(f.explorer.state.query.column == 1)
        // Long text is wrapped, nothing cut; y copies all of it.
        f.keys(.char("l"), .enter)
        s = f.screen()
        #expect(s.contains("notes · row 1"))
        for w in ["word1 ", "word200 ", "word400"] { #expect(s.contains(w), "\(w) missing") }
        let copied = Locked<String>("")
        f.explorer.copyToClipboard = { text in copied.set(text); return "test" }
        f.keys(.char("y"))
        #expect(copied.get() == Self.words)
        #expect(f.explorer.state.message?.contains("via test") == true)
        f.keys(.escape)
        #expect(f.explorer.state.detail == nil)
        // A string holding JSON is shown pretty too.
        f.keys(.char("$"), .enter)
        s = f.screen()
        #expect(s.contains("\"k\": ["))
        f.keys(.escape)
        // The grid marks the selected cell and scrolls to keep it in view.
        f.keys(.char("0"))
        #expect(f.explorer.state.query.column == 0)
    }

    @Test func theFullViewScrollsWithTheMovingKeysAndTheWheel() throws {
        let f = try DemoFixture()
        let text = (1...300).map { "line \($0)" }.joined(separator: "\n")
        f.show(CommandOutput(columns: ["t"], rows: [[.string(text)]]))
        f.keys(.enter)
        var s = f.screen()
        #expect(s.contains("1–36 of 300 lines"))
        f.keys(.char("G"))
        s = f.screen()
        #expect(s.contains("line 300"))
        #expect(s.contains("265–300 of 300 lines"))
        f.keys(.char("g"), .ctrl("d"))
        s = f.screen()
        #expect(s.contains("19–54 of 300"))
        f.keys(.pageDown, .char("j"))
        #expect(f.explorer.state.detail?.scroll == 18 + 36 + 1)
        f.explorer.handle(.wheel(x: 50, y: 10, delta: -1))
        #expect(f.explorer.state.detail?.scroll == 52)
        // Pane keys wait while the view is open.
        f.keys(.tab, .char("4"))
        #expect(f.explorer.state.focus == .query)
        f.keys(.escape)
        #expect(f.explorer.state.detail == nil)
    }

    @Test func searchHitsAndValuesOpenInFull() throws {
        let f = try DemoFixture()
        let e = f.explorer
        e.state.search.namespace = DemoDatabase.namespace
        e.state.search.collection = DemoDatabase.collection
        e.focus(.search)
        f.keys(.char("i"))
        f.type("bloom filters")
        f.keys(.enter)
        let hit = try #require(e.state.search.rows.first)
        f.keys(.enter)
        let s = f.screen()
        #expect(s.contains("library/articles/\(hit.id)"))
        #expect(s.contains("\"bm25\": 1"))
        #expect(s.contains("\"metadata\": {"))
        #expect(e.state.value.title == "library/articles/\(hit.id)")
        f.keys(.escape)
        #expect(e.state.detail == nil && e.state.focus == .search)
        // Enter in the value pane wraps the value.
        e.goto("users/yuki/profile")
        f.keys(.char("2"), .enter)
        #expect(f.screen().contains("users/yuki/profile"))
        #expect(f.screen().contains("\"city\": \"東京\""))
    }

    @Test func wrappingKeepsWideGlyphsWholeAndBreaksAtSpaces() {
        let wide = StyledLine("東京東京東京", .jsonString).wrapped(to: 5)
        #expect(wide.map(\.text) == ["東京", "東京", "東京"])
        let words = StyledLine("alpha beta gamma delta").wrapped(to: 11)
        #expect(words.map(\.text) == ["alpha beta ", "gamma delta"])
        let indented = StyledLine([("    ", .text), ("\"key\": ", .jsonKey), ("\"a long string value\"", .jsonString)]).wrapped(to: 20)
        #expect(indented.count > 1)
        #expect(indented.dropFirst().allSatisfy { $0.text.hasPrefix("    ") })
        #expect(indented.allSatisfy { DisplayWidth.of($0.text) <= 20 })
        #expect(StyledLine("short").wrapped(to: 10).map(\.text) == ["short"])
    }
}

/// A value shared with a closure the explorer calls.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ v: T) { lock.withLock { value = v } }
}
