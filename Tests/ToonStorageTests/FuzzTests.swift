import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// Damaged and random file contents never crash the readers: they either
/// read what is intact or throw `corruption`.
@Suite struct FuzzTests {
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = bytes
        switch rng.next() % 4 {
        case 0:
            for _ in 0..<(1 + rng.next() % 8) where !b.isEmpty { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
        case 1:
            b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1))))
        case 2:
            let at = Int(rng.next() % UInt64(b.count + 1))
            b.insert(contentsOf: (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        default:
            b = (0..<Int(rng.next() % 4096)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return b
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func logsNeverCrashTheReader() throws {
        let dir = TemporaryDirectory("fuzz-log")
        let path = dir.file("000001.log")
        let writer = LogWriter(file: try PosixFileSystem().openWritable(path, truncate: true))
        var rng = SeededRandom(seed: 11)
        for i in 0..<200 {
            var b = WriteBatch()
            b.put(Array("key\(i)".utf8), (0..<Int(rng.next() % 600)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            var payload: [UInt8] = []
            b.encode(firstSequence: UInt64(i + 1), into: &payload)
            writer.addRecord(payload)
        }
        try writer.close()
        let pristine = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for _ in 0..<300 {
            try Self.write(Self.mutate(pristine, &rng), to: path)
            do {
                var reader = try LogReader(file: try PosixFileSystem().openReadable(path))
                while let r = try reader.next() {
                    _ = r.payload.withUnsafeBytes { WriteBatch.decode($0) }
                }
            } catch let e as ToonDBError {
                #expect(e.code == .corruption)
            }
        }
    }

    @Test func manifestsNeverCrashTheDecoder() throws {
        var m = Manifest()
        m.files = (0..<20).map { .init(level: $0 % 7, number: UInt64($0), size: 100, smallest: Array("aaaaaaaa\($0)".utf8), largest: Array("zzzzzzzz\($0)".utf8)) }
        let pristine = m.encode()
        var rng = SeededRandom(seed: 12)
        for _ in 0..<1000 {
            do { _ = try Manifest.decode(Self.mutate(pristine, &rng), path: "MANIFEST") } catch let e as ToonDBError {
                #expect(e.code == .corruption)
            }
        }
    }

    @Test func segmentsNeverCrashTheReader() throws {
        let dir = TemporaryDirectory("fuzz-seg")
        let cache = BlockCache(capacity: 1 << 20)
        let m = MemTable(logNumber: 1)
        for i in 0..<2000 { m.add(sequence: UInt64(i + 1), kind: .value, key: Array("k\(i)".utf8), value: Array("value\(i)".utf8)) }
        let fs = PosixFileSystem()
        let table = try #require(try Recovery.writeTable(m, number: 1, dir: dir.path, fs: fs, cache: cache))
        let path = table.reader.file.path
        let pristine = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = SeededRandom(seed: 13)
        for round in 0..<200 {
            let mutated = Self.mutate(pristine, &rng)
            let copy = dir.file("fuzz\(round).seg")
            try Self.write(mutated, to: copy)
            do {
                let reader = try SegmentReader(number: UInt64(100 + round), file: try fs.openReadable(copy), cache: cache)
                let it = reader.makeIterator()
                try it.seekToFirst()
                var n = 0
                while it.isValid && n < 5000 {
                    _ = InternalKey.trailer(it.key)
                    try it.next()
                    n += 1
                }
                for i in stride(from: 0, to: 2000, by: 97) {
                    let key = Array("k\(i)".utf8)
                    if let v = try reader.get(key, sequence: 10_000, hash: key.withUnsafeBytes { BloomFilter.hash($0) }) ?? nil {
                        #expect(v == Array("value\(i)".utf8), "never a wrong value")
                    }
                }
            } catch let e as ToonDBError {
                #expect(e.code == .corruption)
            }
        }
    }
}
