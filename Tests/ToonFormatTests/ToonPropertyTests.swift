import Foundation
import Testing
import ToonCore
import ToonTestSupport
@testable import ToonFormat

/// Random values, random bytes and mutated fixtures through the TOON encoder and decoder.
@Suite struct ToonPropertyTests {
    /// Equality in the JSON model with object keys compared as sets: tabular forms
    /// reorder keys to the header's order (TOON spec §2).
    static func sameIgnoringKeyOrder(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { k, v in y[k].map { sameIgnoringKeyOrder(v, $0) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameIgnoringKeyOrder($0, $1) }
        default:
            return jsonModelEqual(a, b)
        }
    }

    static let texts = ["", " ", "a", "Ada", "true", "null", "42", "-1", "05", "1e5", "#x", "- x", "-", "a,b", "a|b",
                        "a\tb", "x:y", "[1]", "{k}", "\"q\"", "back\\slash", "line\nbreak", "日本", "👨‍👩‍👧", " pad ",
                        "__proto__", "a.b", "\u{1}", "é"]

    static func randomValue(_ rng: inout SeededRandom, depth: Int) -> Value {
        let pick = rng.next() % (depth > 3 ? 6 : 9)
        switch pick {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: rng.next()) >> (rng.next() % 64))
        case 3:
            let d = Double(bitPattern: rng.next())
            return d.isFinite ? .double(d) : .double(Double(rng.next() % 1000) / 8)
        case 4, 5: return .string(texts[Int(rng.next() % UInt64(texts.count))])
        case 6:
            return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        case 7:
            // Often uniform, so tabular and keyed forms get exercised.
            let keys = Array(texts.shuffled(using: &rng).prefix(Int(rng.next() % 3) + 1))
            return .array((0..<Int(rng.next() % 4)).map { _ in
                .object(OrderedDictionary(uniqueKeysWithValues: keys.map { ($0, randomValue(&rng, depth: 5)) }))
            })
        default:
            var o = OrderedDictionary<String, Value>()
            for _ in 0..<Int(rng.next() % 4) { o[texts[Int(rng.next() % UInt64(texts.count))]] = randomValue(&rng, depth: depth + 1) }
            return .object(o)
        }
    }

    @Test func decodeOfEncodeGivesTheValueBack() throws {
        var rng = SeededRandom(seed: 2026)
        for n in 0..<3000 {
            let v = Self.randomValue(&rng, depth: 0)
            let delimiter = ToonDelimiter.allCases[n % 3]
            let indent = n % 5 == 0 ? 4 : 2
            let text = ToonEncoder(options: .init(indentSize: indent, delimiter: delimiter)).encode(v)
            let back = try ToonDecoder(options: .init(indentSize: indent)).decode(text)
            #expect(Self.sameIgnoringKeyOrder(back, v), "\(v.jsonText()) → \(text.debugDescription) → \(back.jsonText())")
        }
    }

    @Test func canonicalNumbers() {
        #expect(ToonEncoder.number(1e6) == "1000000")
        #expect(ToonEncoder.number(1e-6) == "0.000001")
        #expect(ToonEncoder.number(1e20) == "100000000000000000000")
        #expect(ToonEncoder.number(1e21) == "1e+21")
        #expect(ToonEncoder.number(1.5e-7) == "1.5e-7")
        #expect(ToonEncoder.number(-0.0) == "0")
        #expect(ToonEncoder.number(1.0) == "1")
        #expect(ToonEncoder.number(-123.456) == "-123.456")
        #expect(ToonEncoder.number(.nan) == "null")
        #expect(ToonEncoder.number(5e-324) == "5e-324")
        #expect(ToonEncoder().encode(["x": .double(.infinity)]) == "x: null")
    }

    @Test func errorsNameLineAndColumn() {
        let cases: [(String, String)] = [
            ("a: 1\nb:\n   c: 2", "line 3, column 4"),
            ("items[3]: a,b", "line 1, column 11"),
            ("x: \"bad\\q\"", "line 1, column 8"),
            ("t[1]{a,b}:\n  1", "line 2, column 3"),
        ]
        for (input, fragment) in cases {
            do {
                _ = try ToonDecoder().decode(input)
                Issue.record("accepted \(input.debugDescription)")
            } catch let e as ToonDBError {
                #expect(e.code == .invalidArgument)
                #expect(e.message.hasPrefix(fragment), "\(input.debugDescription): \(e.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        var deep = ""
        for level in 0..<2000 { deep += String(repeating: " ", count: level * 2) + "k:\n" }
        #expect { try ToonDecoder().decode(deep) } throws: { ($0 as? ToonDBError)?.message.contains("nesting deeper") == true }
        var list = "[1]:\n"
        for level in 1..<2000 { list += String(repeating: " ", count: level * 2) + "- [1]:\n" }
        #expect(throws: ToonDBError.self) { try ToonDecoder().decode(list) }
        let fields = "t[1]{" + String(repeating: "a{", count: 5000) + "}:"
        #expect(throws: ToonDBError.self) { try ToonDecoder().decode(fields) }
    }

    @Test func nonStrictTabsCountAsOneLevel() throws {
        let loose = ToonDecoder(options: .init(strict: false))
        #expect(try loose.decode("a:\n\tb:\n\t\tc: 1\n  \td: 2") == ["a": ["b": ["c": 1, "d": 2]]])
        #expect(throws: ToonDBError.self) { try ToonDecoder().decode("a:\n\tb: 1") }
    }

    @Test func illFormedUTF8IsAStrictError() throws {
        #expect { try ToonDecoder().decode(bytes: Array("a: 1\nb: x".utf8) + [0xFF]) } throws: {
            ($0 as? ToonDBError)?.message.hasPrefix("line 2, column 5") == true
        }
        #expect(try ToonDecoder(options: .init(strict: false)).decode(bytes: Array("b: x".utf8) + [0xFF]) == ["b": "x\u{FFFD}"])
    }

    /// Every decode input of the fixtures, mutated, and random bytes: errors are fine, crashes are not.
    @Test func fuzzedInputsNeverCrash() throws {
        var seeds: [[UInt8]] = []
        for file in try ToonConformance.fixtureFiles() where file.hasPrefix("decode/") {
            let fixture = try Value(json: try ToonConformance.read("tests/fixtures/" + file))
            for t in fixture["tests"]?.arrayValue ?? [] { if let s = t["input"]?.stringValue { seeds.append(Array(s.utf8)) } }
        }
        #expect(seeds.count > 300)
        var rng = SeededRandom(seed: 99)
        let structural = Array("-:[]{},|\t\" \n#\\0123".utf8)
        var decoded = 0
        for n in 0..<4000 {
            var bytes: [UInt8]
            if n % 4 == 0 {
                bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
                for _ in 0..<Int(rng.next() % 4) + 1 where !bytes.isEmpty {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    let b = structural[Int(rng.next() % UInt64(structural.count))]
                    switch rng.next() % 3 {
                    case 0: bytes[at] = b
                    case 1: bytes.insert(b, at: at)
                    default: bytes.remove(at: at)
                    }
                }
            }
            for strict in [true, false] {
                if let v = try? ToonDecoder(options: .init(strict: strict)).decode(bytes: bytes) {
                    decoded += 1
                    _ = ToonEncoder().encode(v)
                }
            }
        }
        #expect(decoded > 100, "mutations should often still decode")
    }
}
