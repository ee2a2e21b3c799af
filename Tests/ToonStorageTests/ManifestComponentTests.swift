import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// The MANIFEST (FORMAT.md §4, `Version/Manifest.swift`).
///
/// The format has no version edits: each write replaces the whole file with a
/// complete description. So "replaying several edits" is writing several
/// manifests in turn, and a "torn last record" is a torn (truncated) file.
/// There are no record tags; the structural checks that stand in for an
/// unknown tag are: wrong magic, a level of 7 or more, short bounds, lengths
/// past the end, trailing bytes — each tested with a valid checksum so that
/// the check itself, not the checksum, must catch it.
@Suite struct ManifestComponentTests {
    static let example = hex("""
        54 4f 4f 4e 4d 41 4e 31
        05 01 03 01
        01
        00 04 79
        09 61 01 01 00 00 00 00 00 00
        09 61 01 01 00 00 00 00 00 00
        8e 52 6f 5e
        """)

    static var exampleManifest: Manifest {
        var m = Manifest()
        m.nextFileNumber = 5
        m.lastSequence = 1
        m.logNumber = 3
        m.openEpoch = 1
        m.files = [.init(level: 0, number: 4, size: 121, smallest: ik("a", 1), largest: ik("a", 1))]
        return m
    }

    /// `body` followed by its masked CRC: a manifest whose checksum is right whatever the body says.
    static func sealed(_ body: [UInt8]) -> [UInt8] {
        var out = body
        Varint.appendFixed32(CRC32C.mask(CRC32C.checksum(body)), to: &out)
        return out
    }

    /// The body of a manifest with the given counters and raw file-entry bytes.
    static func body(counters: [UInt64] = [5, 1, 3, 1], fileCount: UInt64, entries: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        Varint.appendFixed64(Manifest.magic, to: &out)
        for v in counters + [fileCount] { Varint.append(v, to: &out) }
        return out + entries
    }

    static func entry(level: UInt64, number: UInt64 = 4, size: UInt64 = 121, smallest: [UInt8] = ik("a", 1), largest: [UInt8] = ik("a", 1)) -> [UInt8] {
        var out: [UInt8] = []
        for v in [level, number, size, UInt64(smallest.count)] { Varint.append(v, to: &out) }
        out += smallest
        Varint.append(UInt64(largest.count), to: &out)
        return out + largest
    }

    static func decodeError(_ bytes: [UInt8]) -> ToonDBError? {
        caught { try Manifest.decode(bytes, path: "MANIFEST") }
    }

    @Test func encodingMatchesTheFormatExample() throws {
        #expect(Self.exampleManifest.encode() == Self.example)
        #expect(try Manifest.decode(Self.example, path: "MANIFEST") == Self.exampleManifest)
        #expect(Manifest.magic == 0x314E_414D_4E4F_4F54)
        #expect(Array(Self.example.prefix(8)) == ascii("TOONMAN1"))
    }

    @Test func theEmptyDescriptionRoundTrips() throws {
        let m = Manifest()
        #expect((m.nextFileNumber, m.lastSequence, m.logNumber, m.openEpoch, m.files.count) == (2, 0, 0, 0, 0))
        let bytes = m.encode()
        #expect(bytes.count == 8 + 5 + 4)
        #expect(Array(bytes[8..<13]) == [2, 0, 0, 0, 0])
        #expect(try Manifest.decode(bytes, path: "MANIFEST") == m)
    }

    @Test func manyFilesAndLargeCountersRoundTrip() throws {
        var rng = SeededRandom(seed: 61)
        var m = Manifest()
        m.nextFileNumber = Manifest.counterLimit - 1
        m.lastSequence = InternalKey.maxSequence
        m.logNumber = 1 << 35
        m.openEpoch = UInt64(UInt32.max)
        for level in 0..<Version.levels {
            for i in 0..<(1 + rng.below(40)) {
                let lo = (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let hi = lo + [0xff] + (0..<rng.below(10)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                m.files.append(.init(level: level, number: rng.next() >> UInt64(rng.below(64)), size: Int(rng.next() >> 2),
                                     smallest: ik(lo, UInt64(i) + 1), largest: ik(hi, rng.next() >> 8, .deletion)))
            }
        }
        let bytes = m.encode()
        let decoded = try Manifest.decode(bytes, path: "MANIFEST")
        #expect(decoded == m)
        #expect(decoded.encode() == bytes)
        // Files keep their order; the reader does not sort them.
        #expect(decoded.files.map(\.number) == m.files.map(\.number))
    }

    @Test func successiveWritesReplaceTheWholeFile() throws {
        let dir = TemporaryDirectory("manifest-writes")
        let fs = PosixFileSystem()
        var m = Manifest()
        for round in 1...6 {
            // Each write describes the database afresh: files come and go.
            m.nextFileNumber += 3
            m.lastSequence += UInt64(round * 100)
            m.logNumber = m.nextFileNumber - 1
            m.openEpoch += 1
            m.files.removeAll { $0.level == 0 }
            m.files.append(.init(level: 0, number: m.nextFileNumber - 2, size: round * 1000, smallest: ik("a\(round)", 1), largest: ik("z\(round)", 1)))
            if round % 2 == 0 {
                m.files.append(.init(level: round % 7, number: m.nextFileNumber - 3, size: 7, smallest: ik("m", 2), largest: ik("n", 2)))
            }
            try m.write(to: dir.path, fs: fs)
            let onDisk = try readBytes(dir.file("MANIFEST"))
            #expect(onDisk == m.encode(), "round \(round)")
            #expect(try Manifest.decode(onDisk, path: "MANIFEST") == m)
            #expect(!FileManager.default.fileExists(atPath: dir.file("MANIFEST.tmp")))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["MANIFEST"])
    }

    @Test func everyTornPrefixIsCorruption() {
        let bytes = Self.exampleManifest.encode()
        for n in 0..<bytes.count {
            let e = Self.decodeError(Array(bytes.prefix(n)))
            #expect(e?.code == .corruption, "prefix of \(n) bytes")
            if n < 12 {
                #expect(e == .corruption("MANIFEST", offset: 0, "manifest too short"))
            } else {
                #expect(e == .corruption("MANIFEST", offset: n - 4, "manifest checksum mismatch"), "prefix of \(n) bytes")
            }
        }
        // A whole manifest followed by the tail of an older, longer one.
        #expect(Self.decodeError(bytes + [0x00, 0x01, 0x02])?.message.contains("manifest checksum mismatch") == true)
    }

    @Test func everyFlippedBitIsCorruption() {
        let bytes = Self.example
        for i in 0..<bytes.count {
            for bit in 0..<8 {
                var bad = bytes
                bad[i] ^= 1 << bit
                #expect(Self.decodeError(bad) == .corruption("MANIFEST", offset: bytes.count - 4, "manifest checksum mismatch"),
                        "byte \(i) bit \(bit)")
            }
        }
    }

    @Test func structuralDamageBehindAValidChecksum() {
        func expectError(_ body: [UInt8], _ why: String, at offset: Int, _ comment: Comment) {
            #expect(Self.decodeError(Self.sealed(body)) == .corruption("MANIFEST", offset: offset, why), comment)
        }
        // The sealed helper reproduces the real encoding.
        #expect(Self.sealed(Self.body(fileCount: 1, entries: Self.entry(level: 0))) == Self.example)
        // The checksum is checked before the magic.
        var wrongMagic = Self.example
        wrongMagic[0] = 0x55
        #expect(Self.decodeError(wrongMagic) == .corruption("MANIFEST", offset: 36, "manifest checksum mismatch"))
        var body = Self.body(fileCount: 1, entries: Self.entry(level: 0))
        body[7] = 0x32  // "TOONMAN2"
        expectError(body, "not a ToonDB manifest (wrong magic)", at: 0, "another magic")
        // Levels 0…6 are accepted; 7 and above are not. The offset is just after the level.
        for level: UInt64 in 0...6 {
            #expect(Self.decodeError(Self.sealed(Self.body(fileCount: 1, entries: Self.entry(level: level))))?.message == nil)
        }
        expectError(Self.body(fileCount: 1, entries: Self.entry(level: 7)), "level 7 out of range", at: 14, "level 7")
        expectError(Self.body(fileCount: 1, entries: Self.entry(level: 200)), "level 200 out of range", at: 15, "level 200")
        // Bounds shorter than 8 bytes (an internal key has an 8-byte tag).
        expectError(Self.body(fileCount: 1, entries: Self.entry(level: 1, smallest: ascii("a1234567"), largest: ascii("short"))),
                    "short file bounds", at: 31, "7-byte largest")
        expectError(Self.body(fileCount: 1, entries: Self.entry(level: 1, smallest: [], largest: ik("a", 1))),
                    "short file bounds", at: 27, "empty smallest")
        // A key length past the end of the body.
        var long = Self.body(fileCount: 1, entries: Self.entry(level: 0))
        long.removeLast(10)
        Varint.append(200, to: &long)
        long += ik("a", 1)
        expectError(long, "key length out of range", at: 28, "largest length 200")
        // More entries promised than present: a varint is missing.
        expectError(Self.body(fileCount: 2, entries: Self.entry(level: 0)), "truncated field", at: 36, "fileCount 2, one entry")
        // A counter that is not a complete varint.
        expectError(Array(Self.body(fileCount: 0, entries: []).prefix(8)) + [0x80], "truncated field", at: 9, "cut varint")
        // An eleven-byte varint.
        expectError(Array(Self.body(fileCount: 0, entries: []).prefix(8)) + [UInt8](repeating: 0x80, count: 10) + [0x01],
                    "truncated field", at: 18, "over-long varint")
        // Bytes after the last entry.
        expectError(Self.body(fileCount: 1, entries: Self.entry(level: 0) + [0x00]), "trailing bytes", at: 36, "one spare byte")
        expectError(Self.body(fileCount: 0, entries: Self.entry(level: 0)), "trailing bytes", at: 13, "an entry not counted")
    }

    /// Opening adds one to the file number and the open count, and sequence
    /// numbers have 56 bits: counters past that are corruption, not a trap
    /// at the next open (found by the `manifest` fuzz target's review).
    @Test func countersOutOfRangeAreCorruption() throws {
        func error(_ counters: [UInt64]) -> ToonDBError? {
            Self.decodeError(Self.sealed(Self.body(counters: counters, fileCount: 0, entries: [])))
        }
        let limit = Manifest.counterLimit
        #expect(error([limit - 1, InternalKey.maxSequence, limit - 1, limit - 1]) == nil)
        let counters = "file number or open count out of range"
        #expect(error([UInt64.max, 1, 3, 1]) == .corruption("MANIFEST", offset: 8, counters))
        #expect(error([limit, 1, 3, 1]) == .corruption("MANIFEST", offset: 8, counters))
        #expect(error([5, 1, limit, 1]) == .corruption("MANIFEST", offset: 8, counters))
        #expect(error([5, 1, 3, UInt64.max]) == .corruption("MANIFEST", offset: 8, counters))
        #expect(error([5, InternalKey.maxSequence + 1, 3, 1])
                == .corruption("MANIFEST", offset: 8, "last sequence \(InternalKey.maxSequence + 1) out of range"))
        // Opening a database with such a MANIFEST reports it (it used to trap adding one).
        let dir = TemporaryDirectory("manifest-counters")
        try writeBytes(Self.sealed(Self.body(counters: [UInt64.max, 1, 3, 1], fileCount: 0, entries: [])),
                       to: dir.file("MANIFEST"))
        #expect(throws: ToonDBError.corruption(dir.file("MANIFEST"), offset: 8, counters)) {
            try StorageEngine.open(path: dir.path)
        }
    }

    @Test func aNewDatabaseWithOnePutWritesTheFormatExamples() throws {
        // FORMAT.md §3.5 and §4 show the files after one put of `a` = `1` into a new
        // database: open (log 2), put, close (new log 3, segment 4, MANIFEST).
        let dir = TemporaryDirectory("manifest-e2e")
        let engine = try StorageEngine.open(path: dir.path)
        var batch = WriteBatch()
        batch.put(ascii("a"), ascii("1"))
        #expect(try engine.write(batch) == 1)
        try engine.close()
        #expect(try readBytes(dir.file("MANIFEST")) == Self.example)
        #expect(try readBytes(dir.file("000004.seg")).count == 121)
        #expect(fileSize(dir.file("000003.log")) == 0, "a closed database holds one empty log")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["000003.log", "000004.seg", "LOCK", "MANIFEST"])
        // Reopening bumps the epoch and keeps the file.
        let again = try StorageEngine.open(path: dir.path)
        #expect(try again.get(ascii("a")) == ascii("1"))
        try again.close()
        let m = try Manifest.decode(try readBytes(dir.file("MANIFEST")), path: "MANIFEST")
        #expect(m.openEpoch == 2)
        #expect(m.lastSequence == 1)
        #expect(m.files.map(\.number) == [4])
        #expect(m.logNumber == 5 && m.nextFileNumber == 6)
    }
}
