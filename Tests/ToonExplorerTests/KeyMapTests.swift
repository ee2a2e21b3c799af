import Foundation
import Testing
@testable import ToonExplorer

@Suite struct KeyMapTests {
    static let begin = ".\\\" BEGIN KEY BINDINGS (generated from the KeyMap; Tests/ToonExplorerTests checks it)\n"
    static let end = ".\\\" END KEY BINDINGS\n"

    /// The KEY BINDINGS section of toondb(1) is the KeyMap's; with
    /// TOONDB_WRITE_MAN=1 the test rewrites the section instead.
    @Test func manPageKeyBindingsMatchTheKeyMap() throws {
        let url = repositoryRoot.appendingPathComponent("Man/toondb.1")
        var page = try String(contentsOf: url, encoding: .utf8)
        let expected = KeyMap.standard.mdoc()
        guard let b = page.range(of: Self.begin), let e = page.range(of: Self.end, range: b.upperBound..<page.endIndex) else {
            Issue.record("toondb.1 lacks the KEY BINDINGS markers")
            return
        }
        if ProcessInfo.processInfo.environment["TOONDB_WRITE_MAN"] == "1" {
            page.replaceSubrange(b.upperBound..<e.lowerBound, with: expected)
            try page.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(page[b.upperBound..<e.lowerBound]) == expected, "regenerate with TOONDB_WRITE_MAN=1 swift test --filter KeyMapTests")
    }

    @Test func everyActionHasAKeyAndNoKeyIsBoundTwiceInAContext() {
        let map = KeyMap.standard
        let bound = Set(map.bindings.map(\.action))
        for a in Action.allCases { #expect(bound.contains(a), "\(a) has no key") }
        for c in KeyMap.Context.allCases {
            var seen: Set<Key> = []
            for b in map.bindings where b.context == c {
                for k in b.keys {
                    #expect(!seen.contains(k), "\(k.name) bound twice in \(c)")
                    seen.insert(k)
                }
            }
        }
    }

    @Test func lookupPrefersThePaneThenGlobal() {
        let map = KeyMap.standard
        #expect(map.action(for: .char("l"), in: .keys) == .right)
        #expect(map.action(for: .char("j"), in: .keys) == .down)
        #expect(map.action(for: .char("v"), in: .value) == .cycleValueMode)
        #expect(map.action(for: .char("v"), in: .keys) == nil)
        #expect(map.action(for: .char("q"), in: .editor) == nil)
        #expect(map.action(for: .function(5), in: .editor) == .run)
        #expect(map.action(for: .ctrl("c"), in: .graph) == .cancel)
    }

    @Test func helpListsEveryBinding() throws {
        let f = try DemoFixture()
        f.keys(.char("?"))
        let lines = KeyMap.standard.helpLines()
        #expect(lines.count == KeyMap.standard.bindings.count + KeyMap.Context.allCases.count)
        var all = ""
        for _ in 0..<(lines.count / 10 + 2) {
            all += f.screen(160, 40).text
            f.keys(.pageDown)
        }
        for b in KeyMap.standard.bindings { #expect(all.contains(b.help), "help lacks: \(b.help)") }
        f.keys(.escape)
        #expect(!f.explorer.state.showHelp)
    }
}
