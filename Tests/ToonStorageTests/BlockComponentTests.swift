import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// Blocks (FORMAT.md §3.1: `Segment/Block.swift`) and the segment files built
/// from them (§3.2–§3.5: `SegmentWriter.swift`, `SegmentReader.swift`).
///
/// The format has no prefix compression and no restart points: every key is
/// stored whole and an offsets array addresses every entry. The tests check
/// exactly that (sizes, binary search over the offsets).
@Suite struct BlockComponentTests {
    static func build(_ entries: [IKEntry]) -> [UInt8] {
        var b = BlockBuilder()
        for e in entries {
            e.internalKey.withUnsafeBytes { k in e.value.withUnsafeBytes { v in b.add(k, v) } }
        }
        return b.finish()
    }

    static func parse(_ contents: [UInt8]) -> Block? { contents.withUnsafeBytes { Block(copying: $0) } }

    static func decoded(_ block: Block) -> [IKEntry]? {
        var out: [IKEntry] = []
        for i in 0..<block.count {
            guard let e = block.entry(i) else { return nil }
            out.append(IKEntry(key: e.key, value: e.value))
        }
        return out
    }

    static func varintSize(_ v: Int) -> Int { var n = 1, x = v; while x >= 0x80 { x >>= 7; n += 1 }; return n }

    /// Entries whose user keys share long prefixes, several versions each, values of 0…299 bytes.
    static func prefixedEntries(seed: UInt64, users: Int) -> [IKEntry] {
        var rng = SeededRandom(seed: seed)
        var out: [IKEntry] = []
        var seq: UInt64 = 1
        for u in 0..<users {
            let user = ascii("tenant/acme/users/\(u / 100)/profile/\(u % 100)/field")
            for _ in 0..<(1 + rng.below(3)) {
                let kind: ValueKind = rng.below(5) == 0 ? .deletion : .value
                out.append(IKEntry(user, seq, kind, kind == .deletion ? [] : (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
                seq += 1
            }
        }
        return out.sorted(by: IKEntry.internalOrder)
    }

    @Test func aOneEntryBlockMatchesTheFormatExample() {
        // FORMAT.md §3.5: the data block of the segment for `a` = `1`, then its trailer.
        let contents = Self.build([IKEntry("a", 1, .value, "1")])
        #expect(contents == hex("09 01 61 01 01 00 00 00 00 00 00 31 00 00 00 00 01 00 00 00"))
        var out: [UInt8] = []
        SegmentFormat.appendBlock(contents, to: &out)
        #expect(out == contents + hex("00 d6 56 a2 57"))
        #expect(SegmentFormat.verifiedContents(out) == contents)
    }

    @Test func manyEntriesWithSharedPrefixesRoundTrip() throws {
        let entries = Self.prefixedEntries(seed: 41, users: 1200)
        var builder = BlockBuilder()
        for e in entries {
            e.internalKey.withUnsafeBytes { k in e.value.withUnsafeBytes { v in builder.add(k, v) } }
        }
        let estimated = builder.estimatedSize
        let contents = builder.finish()
        #expect(contents.count == estimated, "estimatedSize is the finished size")
        // Keys are stored whole: no prefix compression.
        let expectedSize = entries.reduce(0) { sum, e in
            let k = e.user.count + 8
            return sum + Self.varintSize(k) + Self.varintSize(e.value.count) + k + e.value.count + 4
        } + 4
        #expect(contents.count == expectedSize)
        #expect(Varint.fixed32Array(contents, contents.count - 4) == UInt32(entries.count))
        let block = try #require(Self.parse(contents))
        #expect(block.count == entries.count)
        #expect(block.size == contents.count)
        #expect(Self.decoded(block) == entries)
        // The builder is reset by finish().
        #expect(builder.isEmpty)
        #expect(builder.estimatedSize == 4)
        #expect(builder.finish() == [0, 0, 0, 0])
    }

    @Test func lowerBoundFindsEveryKeyAndEveryGap() throws {
        // User keys k000, k002, …: the odd ones are gaps. Three versions each.
        var entries: [IKEntry] = []
        for u in stride(from: 0, to: 400, by: 2) {
            let user = "k" + String(repeating: "0", count: 3 - String(u).count) + String(u)
            for s: UInt64 in [30, 20, 10] { entries.append(IKEntry(user, s + UInt64(u) * 100, .value, "\(u)@\(s)")) }
        }
        let block = try #require(Self.parse(Self.build(entries)))
        func lowerBound(_ target: [UInt8]) -> Int? { target.withUnsafeBytes { block.lowerBound($0) } }
        for (i, e) in entries.enumerated() {
            #expect(lowerBound(e.internalKey) == i)
            // Just newer than this version: still this version (sequence descending).
            #expect(lowerBound(ik(e.user, e.sequence + 1)) == i)
            // Just older: the next entry.
            #expect(lowerBound(ik(e.user, e.sequence - 1)) == i + 1)
            // The deletion tag of the same sequence sorts after the value tag.
            #expect(lowerBound(ik(e.user, e.sequence, .deletion)) == i + 1)
        }
        for u in stride(from: 1, to: 400, by: 2) {
            let gap = "k" + String(repeating: "0", count: 3 - String(u).count) + String(u)
            #expect(lowerBound(ik(gap, InternalKey.maxSequence)) == (u + 1) / 2 * 3, "gap \(gap)")
        }
        #expect(lowerBound(ik("", InternalKey.maxSequence)) == 0)
        #expect(lowerBound(ik("k", 0)) == 0)
        #expect(lowerBound(ik("k398", 0, .deletion)) == entries.count)
        #expect(lowerBound(ik("z", 1)) == entries.count)
    }

    @Test func anEmptyBlock() throws {
        var builder = BlockBuilder()
        #expect(builder.isEmpty)
        #expect(builder.estimatedSize == 4)
        let contents = builder.finish()
        #expect(contents == [0, 0, 0, 0])
        let block = try #require(Self.parse(contents))
        #expect(block.count == 0)
        #expect(ik("a", 1).withUnsafeBytes { block.lowerBound($0) } == 0)
        #expect(Self.decoded(block) == [])
        // A memtable with no entries makes no segment file at all (FORMAT.md §3).
        let dir = TemporaryDirectory("empty-seg")
        #expect(try Recovery.writeTable(MemTable(logNumber: 1), number: 7, dir: dir.path, fs: PosixFileSystem(),
                                        cache: BlockCache(capacity: 1 << 20)) == nil)
        #expect(!FileManager.default.fileExists(atPath: DatabaseFileName.segment(7).path(in: dir.path)))
    }

    @Test func malformedBlocksAreRejected() {
        // Shorter than the entry count.
        #expect(Self.parse([]) == nil)
        #expect(Self.parse([0, 0, 0]) == nil)
        // A count larger than (size − 4) / 4.
        #expect(Self.parse([0, 0, 0, 0, 2, 0, 0, 0]) == nil)
        #expect(Self.parse([1, 0, 0, 0]) == nil)
        #expect(Self.parse([0xff, 0xff, 0xff, 0xff]) == nil)
        // The largest count that fits parses, but its entries do not.
        let allOffsets = Self.parse([0, 0, 0, 0, 1, 0, 0, 0])
        #expect(allOffsets?.count == 1)
        #expect(allOffsets?.entry(0) == nil, "an entry offset at the start of the offsets array")

        func single(_ entryBytes: [UInt8], offset: UInt32 = 0) -> Block? {
            var c = entryBytes
            Varint.appendFixed32(offset, to: &c)
            Varint.appendFixed32(1, to: &c)
            return Self.parse(c)
        }
        let good = [UInt8]([9, 1]) + ik("a", 1) + [0x31]
        let goodBlock = single(good)  // held: entries point into the block
        #expect(goodBlock.flatMap { b in b.entry(0).map { IKEntry(key: $0.key, value: $0.value) } } == IKEntry("a", 1, .value, "1"))
        // An offset at or past the offsets array.
        #expect(single(good, offset: UInt32(good.count))?.entry(0) == nil)
        #expect(single(good, offset: 1000)?.entry(0) == nil)
        // A key shorter than 8 bytes.
        #expect(single([7, 0] + [UInt8](repeating: 0x61, count: 7))?.entry(0) == nil)
        #expect(single([0, 0])?.entry(0) == nil)
        // A key or a value that runs into the offsets array.
        #expect(single([20, 0] + ik("a", 1))?.entry(0) == nil)
        #expect(single([9, 5] + ik("a", 1) + [0x31])?.entry(0) == nil)
        // An over-long varint (more than 10 bytes).
        #expect(single([0x89, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])?.entry(0) == nil)
        // A block with one bad entry cannot be searched.
        var c = good + [9, 1] + ik("b", 1) + [0x32]
        Varint.appendFixed32(0, to: &c)
        Varint.appendFixed32(100, to: &c)
        Varint.appendFixed32(2, to: &c)
        let broken = Self.parse(c)
        #expect(broken?.count == 2)
        #expect(ik("b", 1).withUnsafeBytes { broken?.lowerBound($0) } == nil)
    }

    @Test func trailersCatchEveryFlippedBitAndAWrongType() {
        let contents = Self.build((0..<20).map { IKEntry("key\($0)", UInt64($0 + 1), .value, "value\($0)") })
        var raw: [UInt8] = []
        SegmentFormat.appendBlock(contents, to: &raw)
        #expect(raw.withUnsafeBytes { SegmentFormat.isIntact($0) })
        for i in 0..<raw.count {
            for bit in 0..<8 {
                var bad = raw
                bad[i] ^= 1 << bit
                #expect(!bad.withUnsafeBytes { SegmentFormat.isIntact($0) }, "byte \(i) bit \(bit)")
            }
        }
        // The type byte must be 0 even when the checksum is recomputed for another type.
        var typed = contents + [1]
        Varint.appendFixed32(CRC32C.mask(CRC32C.checksum(typed)), to: &typed)
        #expect(!typed.withUnsafeBytes { SegmentFormat.isIntact($0) })
        #expect(![UInt8]([0, 0, 0, 0]).withUnsafeBytes { SegmentFormat.isIntact($0) })
        #expect(SegmentFormat.verifiedContents(Array(raw.dropLast())) == nil)
    }
}

extension Varint {
    static func fixed32Array(_ b: [UInt8], _ offset: Int) -> UInt32 { b.withUnsafeBytes { fixed32($0, offset) } }
}

/// Whole segment files: layout, lookups, seeks and damage.
@Suite struct SegmentComponentTests {
    /// IKEntry `i` of the standard file: key `k00000`…, 100-byte value. Each entry
    /// takes 1 + 1 + 14 + 100 bytes plus a 4-byte offset, so a block closes after
    /// 35 entries (35 × 120 + 4 = 4204 ≥ 4096) and 1000 entries fill 29 blocks.
    static func entry(_ i: Int) -> IKEntry {
        let user = "k" + String(repeating: "0", count: 5 - String(i).count) + String(i)
        return IKEntry(ascii(user), UInt64(i + 1), .value, [UInt8](repeating: UInt8(i % 251), count: 100))
    }
    static let blockContents = 4204
    static let blockStride = 4204 + 5

    static func standardFile(_ dir: TemporaryDirectory, number: UInt64 = 1, cache: BlockCache) throws -> TableFile {
        try writeSegment((0..<1000).map(entry), number: number, dir: dir.path, cache: cache)
    }

    static func footer(_ path: String) throws -> SegmentFormat.Footer {
        try #require(SegmentFormat.Footer.decode(Array(try readBytes(path).suffix(56))))
    }

    static func open(_ path: String, number: UInt64 = 1, cache: BlockCache = BlockCache(capacity: 1 << 20)) throws -> SegmentReader {
        try SegmentReader(number: number, file: try PosixFileSystem().openReadable(path), cache: cache)
    }

    @Test func aOneEntryFileMatchesTheFormatExample() throws {
        let dir = TemporaryDirectory("seg-example")
        let t = try writeSegment([IKEntry("a", 1, .value, "1")], number: 4, dir: dir.path, cache: BlockCache(capacity: 1 << 20))
        let expected = hex("""
            09 01 61 01 01 00 00 00 00 00 00 31 00 00 00 00
            01 00 00 00 00 d6 56 a2 57 08 10 20 40 80 00 01
            00 06 00 4b 09 8d ee 09 02 61 01 01 00 00 00 00
            00 00 00 14 00 00 00 00 01 00 00 00 00 ed 0c ec
            16 19 00 00 00 00 00 00 00 09 00 00 00 00 00 00
            00 27 00 00 00 00 00 00 00 15 00 00 00 00 00 00
            00 01 00 00 00 00 00 00 00 64 08 2b b6 01 00 00
            00 54 4f 4f 4e 53 45 47 31
            """)
        #expect(expected.count == 121)
        #expect(try readBytes(DatabaseFileName.segment(4).path(in: dir.path)) == expected)
        #expect(t.size == 121)
        #expect(t.smallest == ik("a", 1) && t.largest == ik("a", 1))
        #expect(t.reader.entryCount == 1)
        #expect(t.reader.blockCount == 1)
        let f = try Self.footer(t.reader.file.path)
        #expect((f.filterOffset, f.filterSize, f.indexOffset, f.indexSize, f.entryCount) == (25, 9, 39, 21, 1))
    }

    /// The index search first narrows to the index keys sharing the target's 8 bytes
    /// after the prefix every index key shares: keys that all share one prefix (a
    /// whole file of them too, as a collection's or a text index's keys do), short
    /// keys, keys ending in zero bytes (whose zero-padded prefixes tie) and missing
    /// keys (below, inside and above the shared prefix) are all found as a linear walk
    /// of the blocks' last keys finds them.
    @Test(arguments: ["mixed", "one shared prefix"])
    func indexSearchAgreesWithALinearWalkWhenPrefixesTie(keys: String) throws {
        let dir = TemporaryDirectory("seg-prefixes")
        let shared = [0] + ascii("n/tenant/c/documents/d/")
        var users: [[UInt8]]
        var missing = [ascii("sharedprefix-9999"), ascii("sharedprefix"), ascii("k"), ascii("a") + [1], [0, 0, 0], ascii("zzz"), []]
        if keys == "mixed" {
            users = (0..<600).map { ascii("sharedprefix-\($0)") } + (0..<300).map { ascii("k\($0)") }
            users += [[0], [0, 0], ascii("a"), ascii("a") + [0], ascii("a") + [0, 0, 0, 0, 0, 0, 0, 0], ascii("ab")]
        } else {
            users = (0..<900).map { shared + ascii("doc-\($0)") } + [shared, shared + [0], shared + [0, 0, 0, 0, 0, 0, 0, 0, 0]]
            missing += [Array(shared.dropLast()), Array(shared.dropLast(3)) + ascii("zzz"), shared + ascii("doc-9999"),
                        shared + ascii("zzz"), shared + [1], [0] + ascii("m"), [0] + ascii("o"), [1]]
        }
        let value = { (u: [UInt8], s: UInt64) in u + [UInt8](repeating: UInt8(s), count: 90) }
        let entries = users.flatMap { u in [IKEntry(u, 5, .value, value(u, 5)), IKEntry(u, 9, .value, value(u, 9))] }
        let t = try writeSegment(entries, number: 1, dir: dir.path, cache: BlockCache(capacity: 1 << 20))
        try #require(t.reader.blockCount > 40)
        let lastKeys = try (0..<t.reader.blockCount).map { b in
            let block = try t.reader.block(b)
            return Array(try #require(block.entry(block.count - 1)).key)
        }
        for u in users + missing {
            for sequence: UInt64 in [100, 7, 4] {
                let target = ik(u, sequence)
                let expected = lastKeys.firstIndex { InternalKey.compare($0, target) >= 0 } ?? lastKeys.count
                #expect(target.withUnsafeBytes { t.reader.blockIndex(for: $0) } == expected, "\(u) at \(sequence)")
                let found = visible(try t.reader.get(u, sequence: sequence, hash: bloomHash(u)))
                let stored = users.contains(u)
                #expect(found == (stored && sequence >= 5 ? value(u, sequence >= 9 ? 9 : 5) : nil), "\(u) at \(sequence)")
            }
        }
    }

    @Test func blocksCloseAtFourKiBAndTheFooterCountsEntries() throws {
        let dir = TemporaryDirectory("seg-blocks")
        let t = try Self.standardFile(dir, cache: BlockCache(capacity: 1 << 20))
        func blockIndex(_ target: [UInt8]) -> Int { target.withUnsafeBytes { t.reader.blockIndex(for: $0) } }
        #expect(t.reader.blockCount == 29)
        #expect(t.reader.entryCount == 1000)
        for b in 0..<29 {
            let block = try t.reader.block(b)
            #expect(block.count == (b < 28 ? 35 : 20), "block \(b)")
            #expect(block.size == (b < 28 ? Self.blockContents : 20 * 120 + 4))
            // The index holds each block's last internal key.
            #expect(blockIndex(Self.entry(min(999, b * 35 + 34)).internalKey) == b)
            #expect(blockIndex(Self.entry(b * 35).internalKey) == b)
        }
        #expect(blockIndex(ik("z", 1)) == 29)
        let f = try Self.footer(t.reader.file.path)
        #expect(f.entryCount == 1000)
        #expect(f.filterOffset == UInt64(28 * Self.blockStride + 20 * 120 + 4 + 5))
        #expect(f.filterSize == 1251, "⌈10 000 / 8⌉ + 1")
        #expect(f.indexOffset == f.filterOffset + f.filterSize + 5)
        #expect(UInt64(t.size) == f.indexOffset + f.indexSize + 5 + 56)
        #expect(t.smallest == Self.entry(0).internalKey)
        #expect(t.largest == Self.entry(999).internalKey)
    }

    @Test func getAnswersEveryVersionAtEverySnapshot() throws {
        let dir = TemporaryDirectory("seg-get")
        // Enough versions of enough keys to span blocks, so a key's versions cross block boundaries.
        var entries: [IKEntry] = []
        var seq: UInt64 = 1
        var model: [[UInt8]: [(UInt64, [UInt8]?)]] = [:]
        var rng = SeededRandom(seed: 42)
        for round in 0..<12 {
            for u in 0..<150 where rng.below(3) != 0 || round == 0 {
                let user = ascii("user\(u)")
                let kind: ValueKind = round > 0 && rng.below(4) == 0 ? .deletion : .value
                let value = kind == .deletion ? [] : [UInt8](repeating: UInt8(truncatingIfNeeded: seq), count: 40 + rng.below(60))
                entries.append(IKEntry(user, seq, kind, value))
                model[user, default: []].append((seq, kind == .deletion ? nil : value))
                seq += 1
            }
        }
        let t = try writeSegment(entries, number: 1, dir: dir.path, cache: BlockCache(capacity: 1 << 20))
        #expect(t.reader.blockCount > 20)
        for u in 0..<150 {
            let user = ascii("user\(u)")
            for s in stride(from: UInt64(0), through: seq + 1, by: 7) {
                let expected: [UInt8]?? = model[user]?.last { $0.0 <= s }.map { .some($0.1) } ?? nil
                #expect(try t.reader.get(user, sequence: s, hash: bloomHash(user)) == expected, "user\(u) at \(s)")
            }
        }
        for absent in ["user", "user150", "user1\u{0}", "a", "zzz"] {
            #expect(try t.reader.get(ascii(absent), sequence: seq, hash: bloomHash(ascii(absent))) == nil)
        }
    }

    @Test func theIteratorSeeksToEveryKeyAndBetweenKeys() throws {
        let dir = TemporaryDirectory("seg-seek")
        let t = try Self.standardFile(dir, cache: BlockCache(capacity: 1 << 20))
        let entries = (0..<1000).map(Self.entry)
        let it = t.reader.makeIterator()
        #expect(try allEntries(it) == entries)
        for i in 0..<1000 {
            try it.seek(entries[i].internalKey)
            #expect(it.isValid && IKEntry(key: it.key, value: it.value) == entries[i])
            // Between this key and the next: `k00017\0` sorts after k00017 and before k00018.
            try it.seek(ik(entries[i].user + [0], InternalKey.maxSequence))
            if i + 1 < 1000 {
                #expect(it.isValid && IKEntry(key: it.key, value: it.value) == entries[i + 1], "after \(i)")
            } else {
                #expect(!it.isValid)
            }
        }
        // Across a block boundary: after the last key of block 0 comes the first of block 1.
        try it.seek(ik(entries[34].user, 0, .deletion))
        #expect(try drain(it, limit: 3) == Array(entries[35..<38]))
        try it.seek(ik("", 1))
        #expect(IKEntry(key: it.key, value: it.value) == entries[0])
        try it.seek(ik("z", 1))
        #expect(!it.isValid)
        // Seeking backwards is allowed.
        try it.seek(entries[500].internalKey)
        try it.seek(entries[3].internalKey)
        #expect(try drain(it, limit: 2) == [entries[3], entries[4]])
    }

    @Test func aFlippedDataBlockByteIsCorruptionOnlyForThatBlock() throws {
        let dir = TemporaryDirectory("seg-flip-data")
        let path = try Self.standardFile(dir, cache: BlockCache(capacity: 1 << 20)).reader.file.path
        try flipByte(in: path, at: 5 * Self.blockStride + 100)
        let reader = try Self.open(path)  // data blocks are checked when read, not at open
        let expected = ToonDBError.corruption(path, offset: 5 * Self.blockStride, "data block checksum mismatch")
        for i in [175, 190, 209] {
            let key = Self.entry(i).user
            #expect(throws: expected) { try reader.get(key, sequence: 5000, hash: bloomHash(key)) }
        }
        for i in [0, 174, 210, 999] {
            let key = Self.entry(i).user
            #expect(try reader.get(key, sequence: 5000, hash: bloomHash(key)) == .some(Self.entry(i).value))
        }
        // A scan reads everything before the damaged block, then throws.
        let it = reader.makeIterator()
        try it.seekToFirst()
        var seen = 0
        #expect(throws: expected) {
            while it.isValid { seen += 1; try it.next() }
        }
        #expect(seen == 175)
    }

    @Test func aWrongTrailerTypeIsCorruption() throws {
        let dir = TemporaryDirectory("seg-type")
        let path = try Self.standardFile(dir, cache: BlockCache(capacity: 1 << 20)).reader.file.path
        var bytes = try readBytes(path)
        bytes[3 * Self.blockStride + Self.blockContents] = 1
        try writeBytes(bytes, to: path)
        let reader = try Self.open(path)
        let key = Self.entry(3 * 35).user
        #expect(throws: ToonDBError.corruption(path, offset: 3 * Self.blockStride, "data block checksum mismatch")) {
            try reader.get(key, sequence: 5000, hash: bloomHash(key))
        }
    }

    @Test func damageToTheFilterIndexOrFooterFailsTheOpen() throws {
        let dir = TemporaryDirectory("seg-meta")
        let path = try Self.standardFile(dir, cache: BlockCache(capacity: 1 << 20)).reader.file.path
        let pristine = try readBytes(path)
        let f = try Self.footer(path)
        func openError(_ bytes: [UInt8]) throws -> ToonDBError? {
            try writeBytes(bytes, to: path)
            return caught { try Self.open(path) }
        }
        var bad = pristine
        bad[Int(f.filterOffset) + 10] ^= 0x04
        #expect(try openError(bad) == .corruption(path, offset: Int(f.filterOffset), "filter block checksum mismatch"))
        bad = pristine
        bad[Int(f.indexOffset) + 3] ^= 0x80
        #expect(try openError(bad) == .corruption(path, offset: Int(f.indexOffset), "index block checksum mismatch"))
        let footerError = "bad segment footer (wrong magic, version or checksum)"
        for at in [0, 20, 39, 40, 44, 48, 55] {
            bad = pristine
            bad[pristine.count - 56 + at] ^= 0x01
            #expect(try openError(bad) == .corruption(path, offset: pristine.count - 56, footerError), "footer byte \(at)")
        }
        // Truncated files: the footer is read from the wrong place, or is missing.
        #expect(try openError(Array(pristine.dropLast())) == .corruption(path, offset: pristine.count - 57, footerError))
        #expect(try openError(Array(pristine.prefix(pristine.count / 2))) == .corruption(path, offset: pristine.count / 2 - 56, footerError))
        #expect(try openError(Array(pristine.prefix(30))) == .corruption(path, offset: 0, footerError))
        #expect(try openError([]) == .corruption(path, offset: 0, footerError))
        // A footer with a valid checksum that points outside the file.
        bad = Array(pristine.dropLast(56))
        bad += SegmentFormat.Footer(filterOffset: f.filterOffset, filterSize: f.filterSize, indexOffset: f.indexOffset,
                                    indexSize: f.indexSize + 1, entryCount: 1000).encode()
        #expect(try openError(bad) == .corruption(path, offset: pristine.count - 56, "segment footer points outside the file"))
        bad = Array(pristine.dropLast(56))
        bad += SegmentFormat.Footer(filterOffset: f.filterOffset, filterSize: f.filterSize + 1, indexOffset: f.indexOffset,
                                    indexSize: f.indexSize, entryCount: 1000).encode()
        #expect(try openError(bad) == .corruption(path, offset: pristine.count - 56, "segment footer points outside the file"))
        // And the pristine file opens again.
        #expect(try openError(pristine) == nil)
    }

    /// A segment file assembled by hand, so index contents can be wrong with valid checksums.
    static func assemble(data: [UInt8], index: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        SegmentFormat.appendBlock(data, to: &out)
        let filter = BloomFilter.build(hashes: [bloomHash(ascii("a"))])
        let filterOffset = out.count
        SegmentFormat.appendBlock(filter, to: &out)
        let indexOffset = out.count
        SegmentFormat.appendBlock(index, to: &out)
        out += SegmentFormat.Footer(filterOffset: UInt64(filterOffset), filterSize: UInt64(filter.count),
                                    indexOffset: UInt64(indexOffset), indexSize: UInt64(index.count), entryCount: 1).encode()
        return out
    }

    @Test func indexEntriesAreCheckedAtOpen() throws {
        let dir = TemporaryDirectory("seg-index")
        let path = dir.file("000009.seg")
        let data = BlockComponentTests.build([IKEntry("a", 1, .value, "1")])
        func index(_ key: [UInt8], _ offset: UInt64, _ size: UInt64) -> [UInt8] {
            var handle: [UInt8] = []
            Varint.append(offset, to: &handle)
            Varint.append(size, to: &handle)
            var b = BlockBuilder()
            key.withUnsafeBytes { k in handle.withUnsafeBytes { h in b.add(k, h) } }
            return b.finish()
        }
        try writeBytes(Self.assemble(data: data, index: index(ik("a", 1), 0, 20)), to: path)
        let reader = try Self.open(path, number: 9)
        #expect(try reader.get(ascii("a"), sequence: 1, hash: bloomHash(ascii("a"))) == .some(ascii("1")))
        // The handle's block (with trailer) must end at or before the filter block (offset 25).
        try writeBytes(Self.assemble(data: data, index: index(ik("a", 1), 0, 21)), to: path)
        #expect(caught { try Self.open(path, number: 9) } == .corruption(path, offset: 39, "index entry 0 out of range"))
        try writeBytes(Self.assemble(data: data, index: index(ik("a", 1), 1, 20)), to: path)
        #expect(caught { try Self.open(path, number: 9) } == .corruption(path, offset: 39, "index entry 0 out of range"))
        // An index key shorter than 8 bytes.
        try writeBytes(Self.assemble(data: data, index: index(ascii("short"), 0, 20)), to: path)
        #expect(caught { try Self.open(path, number: 9) } == .corruption(path, offset: 39, "malformed index entry 0"))
        // A handle that is not two varints.
        var b = BlockBuilder()
        ik("a", 1).withUnsafeBytes { k in [UInt8]([0x80]).withUnsafeBytes { h in b.add(k, h) } }
        try writeBytes(Self.assemble(data: data, index: b.finish()), to: path)
        #expect(caught { try Self.open(path, number: 9) } == .corruption(path, offset: 39, "index entry 0 out of range"))
    }

    @Test func verifiedBlocksAreServedFromTheCache() throws {
        let dir = TemporaryDirectory("seg-cache")
        let cache = BlockCache(capacity: 16 << 20)
        let t = try Self.standardFile(dir, number: 3, cache: cache)
        let key = Self.entry(40).user
        #expect(cache.hits.load(ordering: .relaxed) == 0 && cache.misses.load(ordering: .relaxed) == 0)
        #expect(try t.reader.get(key, sequence: 5000, hash: bloomHash(key)) == .some(Self.entry(40).value))
        #expect(cache.misses.load(ordering: .relaxed) == 1)
        #expect(try t.reader.get(key, sequence: 5000, hash: bloomHash(key)) == .some(Self.entry(40).value))
        #expect(cache.hits.load(ordering: .relaxed) == 1)
        #expect(try t.reader.block(1) === t.reader.block(1), "one parsed block, shared")
        // Damage on disk after the block was verified does not reach readers of the cached block…
        try flipByte(in: t.reader.file.path, at: Self.blockStride + 50)
        #expect(try t.reader.get(key, sequence: 5000, hash: bloomHash(key)) == .some(Self.entry(40).value))
        // …but once evicted, the block is read and checked again.
        cache.evict(file: 3)
        #expect(throws: ToonDBError.corruption(t.reader.file.path, offset: Self.blockStride, "data block checksum mismatch")) {
            try t.reader.get(key, sequence: 5000, hash: bloomHash(key))
        }
    }
}
