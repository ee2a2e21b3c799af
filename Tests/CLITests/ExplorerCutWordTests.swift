import Foundation
import Testing
import ToonTestSupport

/// What a first look shows fits the screen (toondb(1), EXPLORER): at 80×24
/// and 120×40 no pane's first screen cuts a word. A word on the small screen
/// must be a word the panes show on a wide screen (250×70), unless it ends
/// in "…", the explorer's mark for text it shortened on purpose. (The lower
/// half keeps the last of panes 3–6 shown, so words are compared with those
/// of every wide screen, not only the same pane's.)
@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason))
struct ExplorerCutWordTests {
    /// The keys that show each pane: keys, value, query, search, graph, stats.
    static let panes = ["1", "2", "3", "4", "5", "6"]

    /// The words of a screen: runs of text between spaces and box-drawing or
    /// marker characters, keeping only those with a letter (numbers and
    /// counters may change between two captures).
    static func words(_ screen: String) -> Set<String> {
        let separators = CharacterSet.whitespacesAndNewlines
            .union(CharacterSet(charactersIn: "\u{2500}"..."\u{259F}"))   // box drawing, blocks
            .union(CharacterSet(charactersIn: "▸▾▹▿·•›‹◂▪▦◆◇○●"))
        return Set(screen.components(separatedBy: separators).filter { word in
            word.unicodeScalars.contains { CharacterSet.letters.contains($0) }
        })
    }

    /// Shows pane `key` and returns the screen once it has changed (or 3 s
    /// have passed: a pane may look as the one before it) and two captures
    /// 150 ms apart agree.
    static func firstScreen(_ t: TmuxSession, pane key: String) throws -> String {
        let before = try t.screen()
        try t.keys("Escape", key)
        let end = Date().addingTimeInterval(3)
        var last = before
        while Date() < end {
            usleep(150_000)
            let s = try t.screen()
            if s == last && s != before { return s }
            last = s
        }
        return last
    }

    @Test func wordsAreTextBetweenSpacesAndBorders() {
        #expect(Self.words("│1 segment fil│▸ users/ 316 bytes· 12:00 tit…┐") == ["segment", "fil", "users/", "bytes", "tit…"])
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func noPaneCutsAWordOnItsFirstScreen(size: (width: Int, height: Int)) throws {
        try withDatabase("demo") { db in
            let created = try CLI.run(["demo", db, "--no-open"])
            #expect(created.status == 0, "\(created.stderr)")
            let t = try TmuxSession([db], width: 250, height: 70)
            try t.waitFor("▸ users/")
            // Twice round, as Esc leaves the query pane showing its results the second time.
            var wide: Set<String> = []
            for pane in Self.panes + Self.panes { wide.formUnion(Self.words(try Self.firstScreen(t, pane: pane))) }
            try t.tmux(["resize-window", "-t", t.name, "-x", "\(size.width)", "-y", "\(size.height)"])
            try t.waitFor("1 Keys")
            for pane in Self.panes {
                let screen = try Self.firstScreen(t, pane: pane)
                let cut = Self.words(screen).subtracting(wide).filter { !$0.hasSuffix("…") }
                #expect(cut.isEmpty, "pane \(pane) at \(size.width)×\(size.height) cuts \(cut.sorted()):\n\(screen)")
            }
            try t.keys("Escape", "q")
            #expect(try t.waitForExit())
        }
    }
}
