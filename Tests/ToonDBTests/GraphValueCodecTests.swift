import Testing
import ToonCore
import ToonTestSupport

/// The binary form of `Value` that graph properties and audit entries are stored in.
@Suite struct GraphValueCodecTests {
    static func randomValue(_ rng: inout SeededRandom, depth: Int = 0) -> Value {
        switch rng.next() % (depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64))
        case 3: return .double(Double(bitPattern: rng.next() % 2 == 0 ? rng.next() : (rng.next() >> 12) | 0x3FF0_0000_0000_0000))
        case 4: return .string(String((0..<Int(rng.next() % 12)).map { _ in ["a", "é", "😀", "\0", "/", "z"][Int(rng.next() % 6)] }))
        case 5: return .array((0..<Int(rng.next() % 5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o = OrderedDictionary<String, Value>()
            for i in 0..<Int(rng.next() % 5) { o["k\(rng.next() % 100)-\(i)"] = randomValue(&rng, depth: depth + 1) }
            return .object(o)
        }
    }

    /// Equality that treats NaN as equal to NaN (bit patterns are kept).
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.keys == y.keys && zip(x.values, y.values).allSatisfy { same($0, $1) }
        default: return a == b
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomValuesRoundTrip(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<500 {
            let v = Self.randomValue(&rng)
            #expect(Self.same(try Value(binary: v.binaryEncoded), v))
        }
    }

    @Test func knownBytesAndOrderKept() throws {
        let v: Value = ["b": 1, "a": [true, nil, -1, 1.5, "x"]]
        let bytes = v.binaryEncoded
        #expect(bytes == [7, 2, 1, 98, 3, 2, 1, 97, 6, 5, 2, 0, 3, 1, 4, 0, 0, 0, 0, 0, 0, 248, 63, 5, 1, 120])
        let back = try Value(binary: bytes)
        #expect(back.objectValue.map { Array($0.keys) } == ["b", "a"])
        #expect(Value.int(.min) == (try Value(binary: Value.int(.min).binaryEncoded)))
    }

    @Test func damagedBytesAreCorruptionNotACrash() throws {
        let good: Value = ["name": "Alice", "tags": ["a", "b"], "n": 12345678901]
        let bytes = good.binaryEncoded
        for cut in 0..<bytes.count {
            let e = #expect(throws: ToonDBError.self) { try Value(binary: Array(bytes[..<cut])) }
            #expect(e?.code == .corruption)
        }
        #expect(throws: ToonDBError.self) { try Value(binary: bytes + [0]) }
        #expect(throws: ToonDBError.self) { try Value(binary: [9]) }
        #expect(throws: ToonDBError.self) { try Value(binary: [6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
        // Nesting deeper than the limit is refused, not a stack overflow.
        var deep: [UInt8] = []
        for _ in 0..<100_000 { deep += [6, 1] }
        deep.append(0)
        #expect(throws: ToonDBError.self) { try Value(binary: deep) }
        var rng = SeededRandom(seed: 9)
        for _ in 0..<2000 {
            var b = bytes
            b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            _ = try? Value(binary: b)
        }
    }
}
