import Testing
import ToonIndex
import ToonTestSupport

/// The tokenizer's rules, one by one, as its doc comment states them.
@Suite struct TokenizerTests {
    let t = Tokenizer()

    @Test func asciiLowercasesAndSplitsOnPunctuation() {
        #expect(t.terms("Hello, World! It's a TEST-case_42.") == ["hello", "world", "it", "s", "a", "test", "case", "42"])
        #expect(t.terms("v2.0 x86_64 2024") == ["v2", "0", "x86", "64", "2024"])
        #expect(t.terms("don't snake_case") == ["don", "t", "snake", "case"])
    }

    @Test func emptyAndSeparatorOnlyTextHasNoTerms() {
        #expect(t.terms("").isEmpty)
        #expect(t.terms("  \t\n ,.;:!?-_()[]{}\"'\\/@#$%^&*+=<>|~`").isEmpty)
        #expect(t.terms("\u{0}\u{1}\u{7F}").isEmpty)
    }

    @Test func unicodeLettersAreLowercased() {
        #expect(t.terms("Ünïcödé") == ["ünïcödé"])
        #expect(t.terms("ÜNÏCÖDÉ straße") == ["ünïcödé", "straße"])
        #expect(t.terms("ΣΟΦΙΑ Москва") == ["σοφια", "москва"])
        #expect(t.terms("İstanbul") == ["i\u{307}stanbul"])
        #expect(t.terms("CAFÉ") == ["café"])
    }

    @Test func marksStayInsideTermsAndThereIsNoNormalisation() {
        let decomposed = "Cafe\u{301}"
        #expect(t.terms(decomposed) == ["cafe\u{301}"])
        #expect(t.terms(decomposed).first!.utf8.count != "café".utf8.count)
    }

    @Test func marksWithNothingToCombineWithSeparate() {
        #expect(t.terms("\u{301}abc \u{FE0F}x") == ["abc", "x"])
        #expect(t.terms("e\u{301}\u{FE0F}") == ["e\u{301}\u{FE0F}"])
    }

    @Test func ideographsAndHiraganaAreTermsOfTheirOwn() {
        #expect(t.terms("数据库") == ["数", "据", "库"])
        #expect(t.terms("ToonDB数据库2024") == ["toondb", "数", "据", "库", "2024"])
        #expect(t.terms("ひらがな カタカナ") == ["ひ", "ら", "が", "な", "カタカナ"])
        #expect(t.terms("한국어 텍스트") == ["한국어", "텍스트"])
    }

    @Test func emojiAndSymbolsSeparate() {
        #expect(t.terms("I ❤️ Swift🚀rocks") == ["i", "swift", "rocks"])
        #expect(t.terms("a👨‍👩‍👧b") == ["a", "b"])
        #expect(t.terms("price: 5€ or $5") == ["price", "5", "or", "5"])
    }

    @Test func numbersOfEveryKindAreKept() {
        #expect(t.terms("½ Ⅻ ٣٤ ５") == ["½", "ⅻ", "٣٤", "５"])
    }

    @Test func longRunsAreCutAtCharacterBoundaries() {
        let ascii = String(repeating: "a", count: 600)
        #expect(t.terms(ascii).map(\.utf8.count) == [255, 255, 90])
        let upper = String(repeating: "B", count: 300)
        #expect(t.terms(upper) == [String(repeating: "b", count: 255), String(repeating: "b", count: 45)])
        let accented = String(repeating: "é", count: 200)  // 2 bytes each
        let pieces = t.terms(accented)
        #expect(pieces.map(\.utf8.count) == [254, 146])
        #expect(pieces.joined() == accented)
        let mixed = String(repeating: "a", count: 254) + "É" + "z"
        #expect(t.terms(mixed).map(\.utf8.count) == [254, 3])
    }

    @Test func noStemmingNoStopWords() {
        #expect(t.terms("The running runs RUN the") == ["the", "running", "runs", "run", "the"])
    }

    @Test func termsNeverHoldNul() {
        let text = "a\u{0}b c\u{0}"
        #expect(t.terms(text) == ["a", "b", "c"])
        t.forEachTerm(in: "x\u{0}y") { bytes in #expect(!bytes.contains(0)) }
    }

    @Test func borrowedAndCopiedTermsAgreeWithSwiftsLowercasing() {
        var rng = SeededRandom(seed: 11)
        let alphabet = Array("abcXYZ09 é,Ü-ß数 Ω")
        for _ in 0..<300 {
            let s = String((0..<Int.random(in: 0..<30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let expected = s.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
                .flatMap { word -> [String] in
                    // ideographs are split one by one
                    var out: [String] = [], run = ""
                    for ch in word {
                        if ch == "数" {
                            if !run.isEmpty { out.append(run); run = "" }
                            out.append("数")
                        } else {
                            run.append(ch)
                        }
                    }
                    if !run.isEmpty { out.append(run) }
                    return out
                }
                .map { $0.lowercased() }
            #expect(t.terms(s) == expected, "\(s)")
        }
    }
}
