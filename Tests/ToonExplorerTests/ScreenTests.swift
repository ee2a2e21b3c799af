import Testing
import ToonDB
@testable import ToonExplorer

@Suite struct ScreenTests {
    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var s = Screen(width: 10, height: 2)
        let n = s.put(0, 0, "東京ab")
        #expect(n == 6)
        #expect(s[0, 0].text == "東" && s[1, 0].isContinuation)
        #expect(s.line(0) == "東京ab    ")
        // Three columns left: the second wide glyph does not fit whole, so a blank goes in its place.
        s.put(0, 1, "ab東京", limit: 5)
        #expect(s.line(1).hasPrefix("ab東 "))
        #expect(!s[5, 1].isContinuation)
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var s = Screen(width: 6, height: 1)
        s.put(0, 0, "日本")
        s.put(1, 0, "x")
        #expect(s.line(0) == " x本  ")
    }

    @Test func emojiAndCombiningMarks() {
        var s = Screen(width: 8, height: 1)
        s.put(0, 0, "👋e\u{301}!")
        #expect(s.line(0) == "👋é!    ")
    }

    @Test func boxDrawsTitleAndBorders() {
        var s = Screen(width: 20, height: 3)
        s.box(Rect(x: 0, y: 0, width: 20, height: 3), title: "Keys", focused: true)
        #expect(s.line(0) == "┌─ Keys ───────────┐")
        #expect(s[0, 0].style == .paneBorderFocused)
        #expect(s.line(2) == "└──────────────────┘")
    }
}
