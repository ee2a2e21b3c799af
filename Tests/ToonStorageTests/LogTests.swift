import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

@Suite struct LogTests {
    func records(in path: String) throws -> (payloads: [[UInt8]], torn: Int?) {
        var reader = try LogReader(file: try PosixFileSystem().openReadable(path))
        var out: [[UInt8]] = []
        while let r = try reader.next() { out.append(r.payload) }
        return (out, reader.tornTailOffset)
    }

    @Test func recordsOfEverySizeRoundTripAcrossBlocks() throws {
        let dir = TemporaryDirectory("log")
        let path = dir.file("000001.log")
        let writer = LogWriter(file: try PosixFileSystem().openWritable(path, truncate: true))
        var rng = SeededRandom(seed: 5)
        var written: [[UInt8]] = []
        for i in 0..<300 {
            let n = i % 50 == 0 ? 100_000 + Int(rng.next() % 50_000) : Int(rng.next() % 3000)
            let payload = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            writer.addRecord(payload)
            written.append(payload)
            if i % 7 == 0 { try writer.flush() }
        }
        try writer.close()
        let (got, torn) = try records(in: path)
        #expect(torn == nil)
        #expect(got == written)
    }

    @Test func aTornTailIsCutAtTheLastWholeRecord() throws {
        let dir = TemporaryDirectory("torn")
        let path = dir.file("000001.log")
        let writer = LogWriter(file: try PosixFileSystem().openWritable(path, truncate: true))
        for i in 0..<10 { writer.addRecord([UInt8](repeating: UInt8(i), count: 5000)) }
        try writer.close()
        let full = try PosixFileSystem().openWritable(path, truncate: false)
        let size = full.size
        try full.truncate(to: size - 100)
        try full.close()
        let (got, torn) = try records(in: path)
        #expect(got.count == 9)
        #expect(torn != nil)
    }

    @Test func aBatchRoundTrips() {
        var b = WriteBatch()
        b.put(Array("k1".utf8), Array("v1".utf8))
        b.delete(Array("k2".utf8))
        b.put([], [])
        var out: [UInt8] = []
        b.encode(firstSequence: 77, into: &out)
        let decoded = out.withUnsafeBytes { WriteBatch.decode($0) }
        #expect(decoded?.firstSequence == 77)
        #expect(decoded?.batch.operations.map(\.key) == [Array("k1".utf8), Array("k2".utf8), []])
        #expect(decoded?.batch.operations.map(\.kind) == [.value, .deletion, .value])
        out.removeLast()
        #expect(out.withUnsafeBytes { WriteBatch.decode($0) } == nil)
    }
}

@Suite struct PreallocatedLogTests {
    @Test func zerosAfterTheLastRecordReadAsItsEnd() throws {
        let dir = TemporaryDirectory("prealloc")
        let path = dir.file("000001.log")
        let file = try PosixFileSystem().openWritable(path, truncate: true)
        let writer = LogWriter(file: file, preallocate: true)
        for i in 0..<50 {
            writer.addRecord([UInt8](repeating: UInt8(i), count: 700))
            try writer.sync()
        }
        #expect(file.allocatedSize == LogWriter.preallocationStep)
        #expect(fileSize(path) == LogWriter.preallocationStep, "zeros are on disk ahead of the records")
        // Read as a crash would leave it: records, then zeros.
        var reader = try LogReader(file: try PosixFileSystem().openReadable(path))
        var count = 0
        while let r = try reader.next() {
            #expect(r.payload == [UInt8](repeating: UInt8(count), count: 700))
            count += 1
        }
        #expect(count == 50)
        #expect(reader.tornTailOffset == file.size)
        // A clean close cuts the zeros off.
        let logical = file.size
        #expect(logical > 50 * (700 + 7) && logical < 50 * (700 + 7) + 64, "records and a few fragment headers")
        try writer.close()
        #expect(fileSize(path) == logical)
    }
}
