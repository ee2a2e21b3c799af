import Testing
@testable import ToonDB

/// The incremental readers behind `toondb import`: input cut into chunks
/// anywhere reads as the whole input does.
@Suite struct ImportReaderTests {
    /// Every line of `text` read through chunks of `chunkSize` bytes.
    static func lines(_ text: String, chunkSize: Int) throws -> [(Int, String)] {
        var reader = ChunkedLineReader(ChunkStream(bytes: Array(text.utf8), chunkSize: chunkSize))
        var out: [(Int, String)] = []
        while let (n, bytes) = try reader.next() { out.append((n, String(decoding: bytes, as: UTF8.self))) }
        return out
    }

    /// Every CSV record of `text`, fed in pieces of `chunkSize` bytes.
    static func csv(_ text: String, chunkSize: Int) throws -> [CSVReader.Record] {
        let bytes = Array(text.utf8)
        var reader = CSVReader()
        var out: [CSVReader.Record] = []
        var i = 0
        while i < bytes.count {
            try reader.feed(bytes[i..<min(i + chunkSize, bytes.count)]) { out.append($0) }
            i += chunkSize
        }
        try reader.finish { out.append($0) }
        return out
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, 1 << 20])
    func linesAcrossChunkBoundaries(chunkSize: Int) throws {
        let text = "first\r\nsecond line\n\nthird\r\n\r\nlast without newline"
        let got = try Self.lines(text, chunkSize: chunkSize)
        #expect(got.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(got.map(\.1) == ["first", "second line", "", "third", "", "last without newline"])
    }

    @Test func aCRLFSplitBetweenTwoChunks() throws {
        // Chunks of 3: "ab\r" | "\ncd" — the CR ends one chunk, its LF starts the next.
        let got = try Self.lines("ab\r\ncd\r\n", chunkSize: 3)
        #expect(got.map(\.1) == ["ab", "cd"])
        #expect(got.count == 2, "a final line break makes no empty line")
    }

    @Test func emptyInputsHaveNoLines() throws {
        #expect(try Self.lines("", chunkSize: 4).isEmpty)
        #expect(try Self.csv("", chunkSize: 4).isEmpty)
        var stream = ChunkStream(bytes: [], chunkSize: 8)
        #expect(try stream.next() == nil)
        stream = ChunkStream(bytes: [1, 2, 3], chunkSize: 2)
        #expect(try stream.next().map(Array.init) == [1, 2])
        #expect(try stream.next().map(Array.init) == [3])
        #expect(try stream.next() == nil)
        #expect(stream.bytesRead == 3)
    }

    @Test func aLongLineOverManyChunks() throws {
        let long = String(repeating: "x", count: 10_000)
        let got = try Self.lines("a\n" + long + "\nb", chunkSize: 7)
        #expect(got.map(\.1) == ["a", long, "b"])
    }

    @Test(arguments: [1, 2, 3, 4, 6, 11, 1000])
    func csvRecordsAcrossChunkBoundaries(chunkSize: Int) throws {
        let text = "id,note\r\n1,\"spans\r\ntwo \"\"lines\"\"\"\r\n2,plain\n\n3,\"a,b\"\r\n4,\"\"\n5,last"
        let whole = try CSVReader.records(Array(text.utf8))
        let got = try Self.csv(text, chunkSize: chunkSize)
        #expect(got == whole)
        #expect(got.map(\.line) == [1, 2, 4, 6, 7, 8])
        #expect(got[1].fields == ["1", "spans\r\ntwo \"lines\""])
        #expect(got[3].fields == ["3", "a,b"])
        #expect(got[4].fields == ["4", ""])
        #expect(got[5].fields == ["5", "last"])
    }

    @Test(arguments: [1, 2, 5])
    func csvErrorsNameTheirLineInAnyChunking(chunkSize: Int) throws {
        let open = #expect(throws: ToonDBError.self) { try Self.csv("a\n\"open\nstill open", chunkSize: chunkSize) }
        #expect(open?.message.contains("line 2") == true && open?.message.contains("never closed") == true)
        let after = #expect(throws: ToonDBError.self) { try Self.csv("a,b\n1,2\n\"x\"y,3\n", chunkSize: chunkSize) }
        #expect(after?.message.contains("line 3") == true && after?.message.contains("after the closing quote") == true)
        let inside = #expect(throws: ToonDBError.self) { try Self.csv("a\nx\"y\n", chunkSize: chunkSize) }
        #expect(inside?.message.contains("line 2") == true)
    }

    @Test func aLoneCarriageReturnIsText() throws {
        #expect(try Self.csv("a\rb,c\r", chunkSize: 1).map(\.fields) == [["a\rb", "c\r"]])
        #expect(try Self.lines("a\rb", chunkSize: 1).map(\.1) == ["a\rb"])
    }
}
