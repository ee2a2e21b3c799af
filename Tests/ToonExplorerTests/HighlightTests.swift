import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct HighlightTests {
    /// Each token kind gets its style key; a string or comment that runs over lines keeps its style.
    @Test func tokensMapToStyleKeys() {
        let lines = ["SELECT name, 'it''s' -- note", "FROM t WHERE x = 1.5 /* open", "still */ ?1"].map(Array.init)
        let s = SQLHighlighter.styles(lines)
        func run(_ line: Int, _ from: Int, _ count: Int) -> Set<StyleKey> { Set(s[line][from..<(from + count)]) }
        #expect(run(0, 0, 6) == [.sqlKeyword])
        #expect(run(0, 6, 1) == [.text])
        #expect(run(0, 7, 4) == [.sqlIdentifier])
        #expect(run(0, 13, 7) == [.sqlString])
        #expect(run(0, 21, 7) == [.sqlComment])
        #expect(run(1, 0, 4) == [.sqlKeyword])
        #expect(run(1, 17, 3) == [.sqlNumber])
        #expect(run(1, 21, 7) == [.sqlComment])
        #expect(run(2, 0, 8) == [.sqlComment], "the comment goes on over the line break")
        #expect(run(2, 9, 2) == [.sqlIdentifier])
        #expect(s.map(\.count) == lines.map(\.count))
    }

    @Test func theErrorPositionUnderlinesItsToken() {
        let lines = ["SELECT *", "FROM t WHERE x = = 1"].map(Array.init)
        let s = SQLHighlighter.styles(lines, error: (line: 2, column: 18))
        #expect(s[1][17] == .sqlError)
        #expect(s[1][15] == .text && s[1][19] == .sqlNumber)
        // On a space or past the end: the token before it.
        #expect(SQLHighlighter.styles(lines, error: (line: 2, column: 40))[1][19] == .sqlError)
        let p = SQLHighlighter.position(in: "syntax error near \"=\" at line 2, column 18")
        #expect(p?.line == 2 && p?.column == 18)
        #expect(SQLHighlighter.position(in: "no such table: t") == nil)
    }

    /// Through the explorer's screen: the editor's cells carry the styles, and
    /// the engine's error position is underlined until the text changes.
    @Test func theEditorShowsStylesAndTheErrorOnScreen() throws {
        let f = try DemoFixture()
        f.keys(.char("3"))
        f.type("SELECT title, 42 FROM books WHERE title = = 'x';")
        var s = f.screen()
        let y = try #require((0..<s.height).first { s.line($0).contains("sql> SELECT title") })
        let x = try #require(s.line(y).range(of: "sql> ").map { s.line(y).distance(from: s.line(y).startIndex, to: $0.lowerBound) }) + 5
        #expect(s[x, y].style == .sqlKeyword)
        #expect(s[x + 7, y].style == .sqlIdentifier)
        #expect(s[x + 14, y].style == .sqlNumber)
        #expect(s[x + 44, y].style == .sqlString)
        f.keys(.enter)
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.error != nil)
        let at = try #require(f.explorer.state.query.errorAt)
        #expect(at.line == 1 && at.column == 43, "\(String(describing: f.explorer.state.query.error))")
        s = f.screen()
        #expect(s[x + 42, y].style == .sqlError)
        #expect(s[x + 40, y].style == .text)
        // Once the text changes, the mark goes.
        f.keys(.backspace)
        #expect(f.screen()[x + 42, y].style == .text)
    }

    /// Every shipped theme styles the SQL keys; monochrome (NO_COLOR) only with modifiers.
    @Test func everyShippedThemeStylesSQL() throws {
        let loader = ThemeLoader(searchPath: [ThemeTests.themesDir])
        let sql: [StyleKey] = [.sqlKeyword, .sqlString, .sqlNumber, .sqlComment, .sqlIdentifier, .sqlError]
        for name in loader.available() {
            let t = try loader.load(named: name)
            for k in sql where name != "monochrome" || k == .sqlKeyword || k == .sqlString || k == .sqlComment || k == .sqlError {
                #expect(t.styles[k] != nil, "\(name) leaves \(k.rawValue) unstyled")
            }
            #expect(t.style(.sqlError).modifiers.contains(.underline), "\(name): sql.error is not underlined")
        }
        let mono = try loader.load(named: "monochrome")
        for k in sql { #expect(mono.style(k).fg == .default && mono.style(k).bg == .default, "\(k.rawValue) has a colour") }
        #expect(Theme.monochrome.style(.sqlError).modifiers.contains(.underline))
    }
}
