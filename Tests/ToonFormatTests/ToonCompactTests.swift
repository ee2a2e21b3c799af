import Testing
import ToonCore
import ToonTestSupport
import ToonFormat

/// The compact one-line form (README.md, "From Swift"): `users[2]{name,email}:Alice,…;Bob,…`.
@Suite struct ToonCompactTests {
    @Test func theSpecExample() throws {
        let records: [[String: Value]] = [["name": "Alice", "email": "alice@example.com"], ["email": "bob@example.com", "name": "Bob"]]
        let text = ToonCompact.encode("users", records, fields: ["name", "email"])
        #expect(text == "users[2]{name,email}:Alice,alice@example.com;Bob,bob@example.com")
        let back = try ToonCompact.decode(text)
        #expect(back.table == "users")
        #expect(back.fields == ["name", "email"])
        #expect(back.records == [["name": "Alice", "email": "alice@example.com"], ["name": "Bob", "email": "bob@example.com"]])
    }

    @Test func awkwardValuesAreQuoted() throws {
        let record: OrderedDictionary<String, Value> = [
            "a": "x,y", "b": "p;q", "c": "say \"hi\"", "d": "two\nlines", "e": " pad", "f": "", "g": nil, "h": "null",
            "i": 42, "j": "42", "k": 2.0, "l": "2.0", "m": "日本👨‍👩‍👧", "n": ["x", 1], "o": ["k": true], "p": "[x", "q": "true",
        ]
        let fields = Array(record.keys) + ["missing"]
        let text = ToonCompact.encode("t", [record], fields: fields)
        #expect(text == #"t[1]{a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,missing}:"# +
                #""x,y","p;q","say \"hi\"","two\nlines"," pad","",null,"null",42,"42",2.0,"2.0",日本👨‍👩‍👧,["x",1],{"k":true},"[x","true","#)
        let back = try ToonCompact.decode(text)
        #expect(back.records == [record])
    }

    @Test func quotedNamesAndEmptySets() throws {
        #expect(ToonCompact.encode("[t]", [OrderedDictionary<String, Value>](), fields: []) == #""[t]"[0]{}:"#)
        let text = ToonCompact.encode("my table", [[:], ["a,b": 1]] as [OrderedDictionary<String, Value>], fields: ["a,b"])
        #expect(text == #"my table[2]{"a,b"}:;1"#)
        #expect(try ToonCompact.decode(text).records == [[:], ["a,b": 1]])
        #expect(try ToonCompact.decode("t[0]{a}:").records.isEmpty)
        #expect(try ToonCompact.decode("[]").fields.isEmpty)
    }

    @Test(arguments: ["users[2]{a}:1", "users[1]{a}:1,2", "users{a}:1", "u[x]{a}:1", "u[1]{a}:\"open", "u[1]{a}1", "u[1]{a,}:1,2"])
    func badInputIsAnError(_ text: String) {
        #expect { try ToonCompact.decode(text) } throws: {
            let e = $0 as? ToonDBError
            return e?.code == .invalidArgument && e?.message.hasPrefix("column ") == true
        }
    }

    /// `decode(encode(x)) == x` for thousands of random record sets.
    @Test func roundTripsRandomRecords() throws {
        var rng = SeededRandom(seed: 6)
        let pieces = [",", ";", "\"", "\n", "\r", " ", "\t", "null", "true", "1", "-", ".", "e", "5", "[", "{", "]", "}", ":",
                      "\\", "a", "Z", "é", "日", "😀", "\u{301}", "\u{0}", "#", "x"]
        func text() -> String { (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() }
        func value() -> Value {
            switch rng.next() % 8 {
            case 0: return .null
            case 1: return .bool(rng.next() % 2 == 0)
            case 2: return .int(Int64(bitPattern: rng.next()) >> (rng.next() % 64))
            case 3:
                let d = Double(bitPattern: rng.next())
                return .double(d.isFinite ? d : Double(rng.next() % 100) / 4)
            case 4: return .array([.string(text()), .int(1)])
            default: return .string(text())
            }
        }
        for _ in 0..<2000 {
            let fields = Array(Set((0..<Int(rng.next() % 5) + 1).map { _ in text() })).sorted()
            let records: [OrderedDictionary<String, Value>] = (0..<Int(rng.next() % 5)).map { _ in
                var r = OrderedDictionary<String, Value>()
                for f in fields where rng.next() % 5 != 0 { r[f] = value() }
                return r
            }
            let table = text()
            let encoded = ToonCompact.encode(table, records, fields: fields)
            #expect(!encoded.contains("\n"), "one line: \(encoded.debugDescription)")
            let back = try ToonCompact.decode(encoded)
            #expect(back.table == table && back.fields == fields && back.records == records, "\(encoded.debugDescription)")
        }
    }
}
