import Testing
import ToonCore
import ToonTestSupport

/// `Value(json:)` and `Value.jsonText(pretty:)` (RFC 8259).
@Suite struct JSONTests {
    @Test func parsesEveryKindAndKeepsKeyOrder() throws {
        let v = try Value(json: #" {"z": 1, "a": [true, false, null, -0.5, 1e3, "x\u00e9\n\ud83d\ude00"], "m": {}} "#)
        #expect(v.objectValue?.keys.elementsEqual(["z", "a", "m"]) == true)
        #expect(v["z"] == .int(1))
        #expect(v["a"] == [true, false, nil, .double(-0.5), .double(1000), "xé\n😀"])
        #expect(v["m"] == .object([:]))
    }

    @Test func integersFitting64BitsAreInts() throws {
        #expect(try Value(json: "9223372036854775807") == .int(Int64.max))
        #expect(try Value(json: "-9223372036854775808") == .int(Int64.min))
        #expect(try Value(json: "9223372036854775808") == .double(9223372036854775808))
        #expect(try Value(json: "2.0") == .double(2))
        #expect(try Value(json: "2") == .int(2))
    }

    @Test func serialisesCompactAndPretty() throws {
        let v: Value = ["b": 1, "a": [1.5, "q\"", nil], "e": [:], "f": []]
        #expect(v.jsonText() == #"{"b":1,"a":[1.5,"q\"",null],"e":{},"f":[]}"#)
        #expect(v.jsonText(pretty: true) == """
            {
              "b": 1,
              "a": [
                1.5,
                "q\\"",
                null
              ],
              "e": {},
              "f": []
            }
            """)
        #expect(Value.double(.nan).jsonText() == "null")
        #expect(Value.double(-.infinity).jsonText() == "null")
        #expect(Value.double(3).jsonText() == "3.0")
        #expect(Value.double(0.1 + 0.2).jsonText() == "0.30000000000000004")
    }

    @Test func roundTripsDoublesExactly() throws {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            #expect(try Value(json: Value.double(d).jsonText()) == .double(d))
        }
    }

    @Test(arguments: [
        ("{\"a\":1,}", "line 1, column 8"),
        ("[1,\n 2,\n x]", "line 3, column 2"),
        ("01", "leading zeros"),
        ("\"a\tb\"", "control character"),
        ("\"\\ud800\"", "lone surrogate"),
        ("\"\\q\"", "invalid escape"),
        ("1 2", "after the JSON value"),
        ("", "unexpected end"),
        ("1e999", "out of range"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1,2", "unterminated array"),
        ("tru", "expected true"),
    ])
    func rejectsBadInputNamingLineAndColumn(_ input: String, _ fragment: String) {
        do {
            _ = try Value(json: input)
            Issue.record("accepted \(input.debugDescription)")
        } catch let e as ToonDBError {
            #expect(e.code == .invalidArgument)
            #expect(e.message.hasPrefix("line "), "\(e.message)")
            #expect(e.message.contains(fragment), "\(e.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try Value(json: ok) }
        for opener in ["[", "{\"k\":"] {
            let deep = String(repeating: opener, count: 100_000)
            #expect { try Value(json: deep) } throws: { ($0 as? ToonDBError)?.message.contains("nesting deeper than 512") == true }
        }
    }

    @Test func illFormedUTF8IsAnError() {
        #expect(throws: ToonDBError.self) { try Value(jsonBytes: [0x22, 0xFF, 0x22]) }
        #expect(throws: ToonDBError.self) { try Value(jsonBytes: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = SeededRandom(seed: 42)
        let alphabet = Array("{}[],:\"\\0123456789.eE+-truefalsn \n\t".utf8)
        var accepted = 0
        for n in 0..<3000 {
            let length = Int(rng.next() % 40)
            let bytes: [UInt8] = (0..<length).map { _ in
                n % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            if let v = try? Value(jsonBytes: bytes) {
                accepted += 1
                #expect(try Value(json: v.jsonText()) == v, "re-parse of \(v.jsonText())")
            }
        }
        #expect(accepted > 0, "the fuzz never produced valid JSON; the alphabet is wrong")
    }
}
