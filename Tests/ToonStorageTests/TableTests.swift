import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

@Suite struct TableTests {
    @Test func memtableKeepsInternalKeyOrderAndVersions() throws {
        let m = MemTable(logNumber: 1)
        m.add(sequence: 1, kind: .value, key: Array("b".utf8), value: Array("1".utf8))
        m.add(sequence: 2, kind: .value, key: Array("a".utf8), value: Array("2".utf8))
        m.add(sequence: 3, kind: .deletion, key: Array("b".utf8), value: [])
        m.add(sequence: 4, kind: .value, key: Array("b".utf8), value: Array("4".utf8))
        #expect(m.get(Array("b".utf8), sequence: 1) == .some(Array("1".utf8)))
        #expect(m.get(Array("b".utf8), sequence: 3) == .some(nil))
        #expect(m.get(Array("b".utf8), sequence: 9) == .some(Array("4".utf8)))
        #expect(m.get(Array("c".utf8), sequence: 9) == nil)
        let it = m.makeIterator()
        try it.seekToFirst()
        var seen: [(String, UInt64)] = []
        while it.isValid {
            seen.append((String(decoding: InternalKey.userKey(it.key), as: UTF8.self), InternalKey.trailer(it.key).sequence))
            try it.next()
        }
        #expect(seen.map(\.0) == ["a", "b", "b", "b"])
        #expect(seen.map(\.1) == [2, 4, 3, 1])
    }

    @Test func segmentFilesFindEveryKeyAndRejectAbsentOnes() throws {
        let dir = TemporaryDirectory("segment")
        let cache = BlockCache(capacity: 1 << 20)
        let m = MemTable(logNumber: 1)
        for i in 0..<5000 {
            m.add(sequence: UInt64(i + 1), kind: i % 10 == 0 ? .deletion : .value,
                  key: Array("key\(i)".utf8), value: Array("value\(i)".utf8))
        }
        let table = try #require(try Recovery.writeTable(m, number: 3, dir: dir.path, fs: PosixFileSystem(), cache: cache))
        for i in 0..<5000 {
            let key = Array("key\(i)".utf8)
            let r = try table.reader.get(key, sequence: 10_000, hash: key.withUnsafeBytes { BloomFilter.hash($0) })
            #expect(r == (i % 10 == 0 ? .some(nil) : .some(Array("value\(i)".utf8))))
        }
        var falsePositives = 0
        let filter = BloomFilter.build(hashes: (0..<5000).map { i in Array("key\(i)".utf8).withUnsafeBytes { BloomFilter.hash($0) } })
        for i in 0..<5000 {
            let key = Array("absent\(i)".utf8)
            if BloomFilter.mayContain(filter, hash: key.withUnsafeBytes { BloomFilter.hash($0) }) { falsePositives += 1 }
            #expect(try table.reader.get(key, sequence: 10_000, hash: key.withUnsafeBytes { BloomFilter.hash($0) }) == nil)
        }
        #expect(falsePositives < 150, "about 1% false positives at 10 bits per key, saw \(falsePositives)")
    }

    @Test func manifestRoundTripsAndDetectsDamage() throws {
        var m = Manifest()
        m.nextFileNumber = 42
        m.lastSequence = 1_000_000
        m.logNumber = 40
        m.openEpoch = 3
        m.files = [.init(level: 0, number: 7, size: 1234, smallest: Array("a12345678".utf8), largest: Array("z12345678".utf8))]
        let bytes = m.encode()
        #expect(try Manifest.decode(bytes, path: "MANIFEST") == m)
        var bad = bytes
        bad[9] ^= 1
        #expect(throws: ToonDBError.self) { try Manifest.decode(bad, path: "MANIFEST") }
    }
}
