import Foundation
import Testing
import ToonTestSupport

/// `toondb toon encode|decode` as a user runs it: JSON ↔ TOON on stdin/stdout.
@Suite struct ToonCommandTests {
    static func toon(_ arguments: String..., stdin: String?) throws -> Binaries.Result {
        try CLI.run(["toon"] + arguments, stdin: stdin)
    }

    @Test func encodeWritesTabularTOON() throws {
        let r = try Self.toon("encode", stdin: #"{"users":[{"id":1,"name":"Ada"},{"id":2,"name":"Bob"}],"tags":["a","b,c"]}"#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "users[2]{id,name}:\n  1,Ada\n  2,Bob\ntags[2]: a,\"b,c\"\n")
    }

    @Test func encodeOptions() throws {
        let json = #"{"t":[{"a":1,"b":"x,y"}],"o":{"k":[1,2]}}"#
        #expect(try Self.toon("encode", "--delimiter", "pipe", stdin: json).stdout == "t[1|]{a|b}:\n  1|x,y\no:\n  k[2|]: 1|2\n")
        #expect(try Self.toon("encode", "--delimiter", "tab", "--indent", "4", stdin: json).stdout
                == "t[1\t]{a\tb}:\n    1\tx,y\no:\n    k[2\t]: 1\t2\n")
        #expect(try Self.toon("encode", "--delimiter", "semicolon", stdin: json).status != 0)
        expectOneLineError(try Self.toon("encode", "--indent", "0", stdin: json), "invalidArgument", "--indent")
    }

    @Test func decodeWritesPrettyOrCompactJSON() throws {
        let text = "users[2]{id,name}:\n  1,Ada\n  2,Bob\nok: true"
        let pretty = try Self.toon("decode", stdin: text)
        #expect(pretty.status == 0, "\(pretty.stderr)")
        #expect(pretty.stdout == """
            {
              "users": [
                {
                  "id": 1,
                  "name": "Ada"
                },
                {
                  "id": 2,
                  "name": "Bob"
                }
              ],
              "ok": true
            }

            """)
        #expect(try Self.toon("decode", "--compact", stdin: text).stdout
                == #"{"users":[{"id":1,"name":"Ada"},{"id":2,"name":"Bob"}],"ok":true}"# + "\n")
    }

    @Test func strictnessAndIndent() throws {
        let loose = "a:\n   b: 1\na: 2"
        expectOneLineError(try Self.toon("decode", stdin: loose), "invalidArgument", "line 2, column 4")
        #expect(try Self.toon("decode", "--no-strict", "--compact", stdin: loose).stdout == #"{"a":2}"# + "\n")
        #expect(try Self.toon("decode", "--strict", "--indent", "4", "--compact", stdin: "a:\n    b: 1").stdout == #"{"a":{"b":1}}"# + "\n")
    }

    @Test func roundTripThroughFiles() throws {
        let dir = TemporaryDirectory("toondb-toon")
        let json = #"{"id":7,"tags":["x","y"],"nested":{"deep":[{"k":1},{"k":2,"z":null}]},"s":"- not a list","e":""}"#
        let jsonPath = dir.file("in.json")
        try json.write(toFile: jsonPath, atomically: true, encoding: .utf8)
        let encoded = try CLI.run(["toon", "encode", jsonPath])
        #expect(encoded.status == 0, "\(encoded.stderr)")
        let toonPath = dir.file("in.toon")
        try encoded.stdout.write(toFile: toonPath, atomically: true, encoding: .utf8)
        let decoded = try CLI.run(["toon", "decode", "--compact", toonPath])
        #expect(decoded.stdout == json + "\n")
        expectOneLineError(try CLI.run(["toon", "decode", dir.file("missing.toon")]), "missing.toon")
    }

    @Test func badInputIsOneLineNamingLineAndColumn() throws {
        expectOneLineError(try Self.toon("encode", stdin: "{\"a\": [1,\n 2,,3]}"), "invalidArgument", "line 2, column 4")
        expectOneLineError(try Self.toon("decode", stdin: "items[3]: a,b"), "invalidArgument", "line 1, column 11")
        expectOneLineError(try Self.toon("decode", stdin: "a: \"open"), "invalidArgument", "line 1, column 4", "unterminated")
        expectOneLineError(try Self.toon("encode", stdin: ""), "invalidArgument", "line 1, column 1")
    }
}
