import Testing
@testable import ToonWire

/// The frame and payload codecs against the byte examples of PROTOCOL.md §6
/// and the original server's error messages.
@Suite struct PayloadTests {
    static func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    @Test func framesMatchTheProtocolExamples() {
        #expect(IpcFrame(IpcOpcode.ping).encoded == Self.hex("0e 00000000"))
        #expect(IpcFrame(IpcOpcode.put, IpcPayload.put(key: Array("k".utf8), value: Array("v".utf8))).encoded
                == Self.hex("01 06000000 01000000 6b 76"))
        #expect(IpcFrame.transactionID(1).encoded == Self.hex("83 08000000 0100000000000000"))
        #expect(IpcFrame.error("Transaction not found: 9").encoded
                == Self.hex("81 18000000") + Array("Transaction not found: 9".utf8))
        #expect(IpcFrame(IpcOpcode.putPath, IpcPayload.path(["a", "b"], value: Array("x".utf8))).encoded
                == Self.hex("09 09000000 0200 0100 61 0100 62 78"))
        #expect(IpcFrame(IpcOpcode.query, IpcPayload.query(.init(path: "t"))).encoded
                == Self.hex("07 0d000000 0100 74 00000000 00000000 0000"))
        #expect(IpcFrame.value(IpcPayload.scanResult([(Array("a/b".utf8), Array("x".utf8))])).encoded
                == Self.hex("82 0e000000 01000000 0300 612f62 01000000 78"))
    }

    @Test func payloadsRoundTrip() throws {
        let put = try IpcPayload.decodePut(IpcPayload.put(key: [1, 2, 3], value: []))
        #expect(put.key == [1, 2, 3] && put.value.isEmpty)
        let path = try IpcPayload.decodePath(IpcPayload.path(["users", "älice", ""], value: [9]))
        #expect(path.segments == ["users", "älice", ""] && path.rest == [9])
        let q = IpcPayload.Query(path: "users/x", limit: 7, offset: 3, columns: ["a", "bé"])
        #expect(try IpcPayload.decodeQuery(IpcPayload.query(q)) == q)
        let cols = [IpcPayload.Column(name: "id", type: .int64, nullable: false), .init(name: "b", type: .bool)]
        let t = try IpcPayload.decodeCreateTable(IpcPayload.createTable(name: "t", columns: cols))
        #expect(t.name == "t" && t.columns == cols)
        let entries: [([UInt8], [UInt8])] = [([97], []), ([98, 99], [0, 1, 2])]
        let decoded = IpcPayload.decodeScanResult(IpcPayload.scanResult(entries.map { (key: $0.0, value: $0.1) }))
        #expect(decoded.map(\.key) == [[97], [98, 99]] && decoded.map(\.value) == [[], [0, 1, 2]])
        #expect(IpcPayload.decodeScanResult([1, 0]).isEmpty)
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? IpcPayloadError)?.message ?? "\(error)" }
    }

    @Test func truncatedPayloadsGiveTheOriginalMessages() {
        #expect(message { _ = try IpcPayload.decodePut([1, 0]) } == "PUT payload too short")
        #expect(message { _ = try IpcPayload.decodePut([5, 0, 0, 0, 1]) } == "PUT payload key truncated")
        #expect(message { _ = try IpcPayload.decodePut([255, 255, 255, 255]) } == "PUT payload key truncated")
        #expect(message { _ = try IpcPayload.decodePath([1]) } == "Path payload too short")
        #expect(message { _ = try IpcPayload.decodePath([1, 0, 1]) } == "Path segment length truncated")
        #expect(message { _ = try IpcPayload.decodePath([1, 0, 2, 0, 97]) } == "Path segment truncated")
        #expect(message { _ = try IpcPayload.decodePath([1, 0, 1, 0, 0xff]) } == "Invalid UTF-8 in path")
        #expect(message { _ = try IpcPayload.decodeQuery([]) } == "Query payload too short")
        #expect(message { _ = try IpcPayload.decodeQuery([3, 0, 97]) } == "Query path truncated")
        #expect(message { _ = try IpcPayload.decodeQuery([1, 0, 0xc3]) } == "Invalid UTF-8 in query path")
        #expect(message { _ = try IpcPayload.decodeQuery([0, 0, 1, 0, 0, 0]) } == "Query limit/offset truncated")
        #expect(message { _ = try IpcPayload.decodeQuery([0, 0] + [UInt8](repeating: 0, count: 8) + [1]) }
                == "Query columns count truncated")
        #expect(message { _ = try IpcPayload.decodeQuery([0, 0] + [UInt8](repeating: 0, count: 8) + [1, 0, 5]) }
                == "Query column length truncated")
        #expect(message { _ = try IpcPayload.decodeQuery([0, 0] + [UInt8](repeating: 0, count: 8) + [1, 0, 5, 0, 97]) }
                == "Query column truncated")
        #expect(message { _ = try IpcPayload.decodeCreateTable([0]) } == "Schema payload too short")
        #expect(message { _ = try IpcPayload.decodeCreateTable([1, 0, 116, 1, 0, 1, 0, 97, 9, 0]) } == "Invalid column type")
        #expect(message { _ = try IpcPayload.decodeCreateTable([1, 0, 116, 1, 0, 1, 0, 97, 3]) } == "Column type/nullable truncated")
    }

    @Test func compactToonCells() {
        #expect(QueryReplyText.render(columns: ["a"], rows: []) == "[]")
        #expect(QueryReplyText.render(columns: ["name", "age"], rows: [[.text("Alice"), .int(30)], [.text("Bob"), .int(25)]])
                == "result[2]{name,age}:Alice,30;Bob,25")
        #expect(QueryReplyText.text(.null) == "∅")
        #expect(QueryReplyText.text(.float(1.5)) == "1.500000")
        #expect(QueryReplyText.text(.bool(true)) == "T" && QueryReplyText.text(.bool(false)) == "F")
        #expect(QueryReplyText.text(.binary([0, 1, 2])) == "b64:AAEC")
        #expect(QueryReplyText.text(.text(#"a,"b""#)) == #""a,\"b\"""#)
        #expect(QueryReplyText.text(.text(#"say "hi""#)) == #"say "hi""#)
        #expect(QueryReplyText.cell(stored: [1] + [0xfe] + [UInt8](repeating: 0xff, count: 7)) == .int(-2))
        #expect(QueryReplyText.cell(stored: [5, 1]) == .bool(true))
        #expect(QueryReplyText.cell(stored: Array("plain".utf8)) == .text("plain"))
        #expect(QueryReplyText.cell(stored: [1, 2]) == .text("\u{1}\u{2}"))
    }
}
