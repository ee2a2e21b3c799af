import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// The write batch and the write-ahead log (FORMAT.md §2: `WriteBatch.swift`,
/// `WAL/LogWriter.swift`, `WAL/LogReader.swift`), on in-memory files.
@Suite struct WALComponentTests {
    static let block = 32_768

    /// Writes records to a fresh in-memory log (or after `initial` bytes).
    static func log(_ payloads: [[UInt8]], initial: [UInt8] = []) throws -> [UInt8] {
        let f = MemoryWritableFile(initial)
        let w = LogWriter(file: f)
        for p in payloads { w.addRecord(p) }
        try w.close()
        #expect(f.closed)
        return f.data
    }

    struct ReadResult {
        var records: [(offset: Int, payload: [UInt8])] = []
        var torn: Int?
        var error: ToonDBError?
        var payloads: [[UInt8]] { records.map(\.payload) }
        var offsets: [Int] { records.map(\.offset) }
    }

    static func read(_ data: [UInt8]) -> ReadResult {
        var r = ReadResult()
        do {
            var reader = try LogReader(file: MemoryReadableFile(data))
            while let rec = try reader.next() { r.records.append(rec) }
            r.torn = reader.tornTailOffset
        } catch let e as ToonDBError {
            r.error = e
        } catch {
            r.error = ToonDBError(.internalError, "\(error)")
        }
        return r
    }

    /// Where each record starts and where the log ends, by the writing rules of FORMAT.md §2.2
    /// (an independent model of the writer).
    static func layout(_ sizes: [Int], from start: Int = 0) -> (starts: [Int], end: Int) {
        var pos = start
        var starts: [Int] = []
        for n in sizes {
            var left = n
            var first = true
            repeat {
                if block - pos % block < 7 { pos += block - pos % block }
                if first { starts.append(pos); first = false }
                let take = min(left, block - pos % block - 7)
                pos += 7 + take
                left -= take
            } while left > 0
        }
        return (starts, pos)
    }

    /// One fragment, checksummed by the format's rule (independently of the writer).
    static func fragment(_ type: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        Varint.appendFixed32(CRC32C.mask(CRC32C.checksum([type] + payload)), to: &out)
        out += [UInt8(payload.count & 0xff), UInt8(payload.count >> 8), type]
        return out + payload
    }

    static func noise(_ n: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    static func damage(_ why: String, at offset: Int) -> ToonDBError {
        .corruption("mem.log", offset: offset, "\(why) in the write-ahead log, with valid records after it")
    }

    // MARK: Write batches (§2.1)

    @Test func aBatchEncodesAsTheFormatExample() throws {
        var b = WriteBatch()
        b.put(ascii("k"), ascii("v"))
        b.delete(ascii("old"))
        var out: [UInt8] = []
        b.encode(firstSequence: 7, into: &out)
        #expect(out == hex("07 00 00 00 00 00 00 00  02 00 00 00  01 01 6b 01 76  00 03 6f 6c 64"))
        let decoded = try #require(out.withUnsafeBytes { WriteBatch.decode($0) })
        #expect(decoded.firstSequence == 7)
        #expect(decoded.batch.operations.map(\.kind) == [.value, .deletion])
        #expect(decoded.batch.operations.map(\.key) == [ascii("k"), ascii("old")])
        #expect(decoded.batch.operations.map(\.value) == [ascii("v"), []])
        #expect(b.approximateSize == (1 + 1 + 24) + (3 + 24))
        #expect(!b.isEmpty && WriteBatch().isEmpty)
    }

    @Test func malformedBatchesAreRejected() {
        func decode(_ b: [UInt8]) -> Bool { b.withUnsafeBytes { WriteBatch.decode($0) } != nil }
        let good = hex("07 00 00 00 00 00 00 00  02 00 00 00  01 01 6b 01 76  00 03 6f 6c 64")
        #expect(decode(good))
        for n in 0..<good.count { #expect(!decode(Array(good.prefix(n))), "cut to \(n) bytes") }
        #expect(!decode(good + [0]), "bytes after the last operation")
        var badKind = good
        badKind[12] = 2
        #expect(!decode(badKind), "kind 2")
        var moreCount = good
        moreCount[8] = 3
        #expect(!decode(moreCount), "count 3 with two operations")
        var fewerCount = good
        fewerCount[8] = 1
        #expect(!decode(fewerCount), "count 1 leaves bytes over")
        var longKey = good
        longKey[13] = 0x7f
        #expect(!decode(longKey), "a key length past the end")
        // An empty batch is 12 bytes; a batch of empty keys and values is valid.
        #expect(decode(hex("01 00 00 00 00 00 00 00 00 00 00 00")))
        var empties = WriteBatch()
        empties.put([], [])
        empties.delete([])
        var out: [UInt8] = []
        empties.encode(firstSequence: 1, into: &out)
        #expect(out == hex("01 00 00 00 00 00 00 00 02 00 00 00 01 00 00 00 00"))
        #expect(decode(out))
    }

    // MARK: Writing (§2.2)

    @Test func aRecordMatchesTheFormatExample() throws {
        var b = WriteBatch()
        b.put(ascii("a"), ascii("1"))
        var payload: [UInt8] = []
        b.encode(firstSequence: 1, into: &payload)
        let data = try Self.log([payload])
        #expect(data == hex("e9 9f 78 19  11 00  01  01 00 00 00 00 00 00 00  01 00 00 00  01 01 61 01 31"))
        #expect(data == Self.fragment(1, payload), "the model's checksum agrees")
    }

    @Test func fragmentsFollowTheBlockRules() throws {
        let room = Self.block - 7  // 32 761
        // Exactly one block's room: one FULL fragment filling the block.
        var data = try Self.log([Self.noise(room, seed: 1)])
        #expect(data.count == Self.block)
        #expect(data[6] == 1)
        // One byte more: FIRST with the block's room, LAST with one byte in the next block.
        data = try Self.log([Self.noise(room + 1, seed: 2)])
        #expect(data.count == Self.block + 8)
        #expect(data[6] == 2 && data[4] == 0xf9 && data[5] == 0x7f)
        #expect(data[Self.block + 6] == 4 && data[Self.block + 4] == 1 && data[Self.block + 5] == 0)
        // Exactly 7 bytes left: a header-only FIRST, then the payload in the next block.
        data = try Self.log([Self.noise(room - 7, seed: 3), ascii("tenbytes!!")])
        #expect(data.count == Self.block + 7 + 10)
        #expect(Array(data[(Self.block - 7 + 4)..<Self.block]) == [0, 0, 2], "length 0, type FIRST")
        #expect(Array(data[(Self.block + 4)..<(Self.block + 7)]) == [10, 0, 4], "length 10, type LAST")
        #expect(Self.read(data).payloads == [Self.noise(room - 7, seed: 3), ascii("tenbytes!!")])
        #expect(Self.read(data).offsets == [0, Self.block - 7])
        // Fewer than 7 bytes left: zero padding, the next record starts the next block.
        let firstSize = room - 3  // 7 + firstSize = block − 3
        data = try Self.log([Self.noise(firstSize, seed: 4), ascii("x")])
        #expect(Array(data[(7 + firstSize)..<Self.block]) == [0, 0, 0])
        #expect(data[Self.block + 6] == 1)
        #expect(data.count == Self.block + 8)
        #expect(Self.read(data).offsets == [0, Self.block])
        // A large record: FIRST, MIDDLE, MIDDLE, LAST at the block starts.
        let big = Self.noise(100_000, seed: 5)
        data = try Self.log([big])
        #expect([data[6], data[Self.block + 6], data[2 * Self.block + 6], data[3 * Self.block + 6]] == [2, 3, 3, 4])
        #expect(data.count == 3 * Self.block + 7 + (100_000 - 3 * room))
        #expect(Self.read(data).payloads == [big])
        // An empty payload is a FULL fragment of length 0.
        data = try Self.log([[]])
        #expect(data == Self.fragment(1, []))
        #expect(Self.read(data).payloads == [[]])
    }

    @Test func recordsOfEverySizeNearTheBoundariesRoundTrip() throws {
        var rng = SeededRandom(seed: 91)
        var sizes: [Int] = []
        for _ in 0..<120 {
            switch rng.below(4) {
            case 0: sizes.append(rng.below(20))
            case 1: sizes.append(32_740 + rng.below(40))
            case 2: sizes.append(rng.below(3000))
            default: sizes.append(65_500 + rng.below(60))
            }
        }
        let payloads = sizes.enumerated().map { Self.noise($0.element, seed: UInt64(1000 + $0.offset)) }
        let data = try Self.log(payloads)
        let model = Self.layout(sizes)
        #expect(data.count == model.end)
        let r = Self.read(data)
        #expect(r.error == nil && r.torn == nil)
        #expect(r.payloads == payloads)
        #expect(r.offsets == model.starts)
    }

    @Test func aWriterContinuesTheBlockAlignmentOfAnExistingLog() throws {
        let first = (0..<5).map { Self.noise(9000, seed: UInt64(20 + $0)) }
        let existing = try Self.log(first)
        #expect(existing.count == Self.layout(first.map(\.count)).end)
        let second = (0..<5).map { Self.noise(7000 + $0, seed: UInt64(30 + $0)) }
        let data = try Self.log(second, initial: existing)
        #expect(data.count == Self.layout(first.map(\.count) + second.map(\.count)).end)
        let r = Self.read(data)
        #expect(r.payloads == first + second)
        #expect(r.offsets == Self.layout(first.map(\.count) + second.map(\.count)).starts)
    }

    @Test func flushSyncAndPendingBytes() throws {
        let f = MemoryWritableFile()
        let w = LogWriter(file: f)
        w.addRecord(ascii("abc"))
        #expect(w.pendingBytes == 10 && f.size == 0 && w.size == 10)
        try w.flush()
        #expect(w.pendingBytes == 0 && f.size == 10)
        w.addRecord(ascii("de"))
        try w.sync()
        #expect(f.size == 19 && f.syncs == 1)
        try w.flush()
        #expect(f.size == 19, "nothing pending, nothing written")
        #expect(Self.read(f.data).payloads == [ascii("abc"), ascii("de")])
    }

    // MARK: Torn tails (§2.3)

    @Test func aLastRecordCutAnywhereIsATornTail() throws {
        let payloads = (0..<6).map { Self.noise(100 + $0 * 37, seed: UInt64(40 + $0)) }
        let data = try Self.log(payloads)
        let starts = Self.layout(payloads.map(\.count)).starts
        let last = starts[5]
        for cut in (last + 1)..<data.count {
            let r = Self.read(Array(data.prefix(cut)))
            #expect(r.error == nil, "cut at \(cut)")
            #expect(r.payloads == Array(payloads.prefix(5)), "cut at \(cut)")
            #expect(r.torn == last, "cut at \(cut)")
        }
        // Cut exactly between records: a clean end.
        let clean = Self.read(Array(data.prefix(last)))
        #expect(clean.payloads == Array(payloads.prefix(5)) && clean.torn == nil && clean.error == nil)
        // The same last record with its bytes damaged instead of cut.
        for at in [last, last + 3, last + 4, last + 6, last + 7, last + 50, data.count - 1] {
            var bad = data
            bad[at] ^= 0x20
            let r = Self.read(bad)
            #expect(r.error == nil && r.payloads == Array(payloads.prefix(5)) && r.torn == last, "flip at \(at)")
        }
    }

    @Test func zerosGarbageAndShortTailsAfterTheLastRecordAreTorn() throws {
        let payloads = (0..<4).map { Self.noise(500, seed: UInt64(50 + $0)) }
        let data = try Self.log(payloads)
        for tail in [[UInt8](repeating: 0, count: 7), [UInt8](repeating: 0, count: 5000), [1, 2, 3],
                     [UInt8](repeating: 0xab, count: 300), Self.noise(2000, seed: 59)] {
            let r = Self.read(data + tail)
            #expect(r.error == nil, "tail of \(tail.count)")
            #expect(r.payloads == payloads)
            #expect(r.torn == data.count)
        }
        // A log that is nothing but zeros, or empty.
        #expect(Self.read([UInt8](repeating: 0, count: 100_000)).torn == 0)
        let empty = Self.read([])
        #expect(empty.records.isEmpty && empty.torn == nil && empty.error == nil)
        // A file ending inside the zero padding of a block.
        let padded = try Self.log([Self.noise(Self.block - 7 - 3, seed: 58), ascii("next")])
        let r = Self.read(Array(padded.prefix(Self.block - 1)))
        #expect(r.payloads.count == 1 && r.torn == Self.block - 3 && r.error == nil)
    }

    @Test func aMultiBlockRecordCutInItsFirstBlockIsATornTail() throws {
        let payloads = [Self.noise(100, seed: 60), Self.noise(100_000, seed: 61)]
        let data = try Self.log(payloads)
        for cut in [200, 5000, Self.block - 1, Self.block] {
            let r = Self.read(Array(data.prefix(cut)))
            #expect(r.error == nil && r.payloads == [payloads[0]] && r.torn == 107, "cut at \(cut)")
        }
    }

    /// A crash while appending a record that spans blocks can leave its FIRST and
    /// MIDDLE fragments whole and cut the rest (a short write, or part of a large
    /// write reaching the disk). FORMAT.md §2.3 calls a torn tail "what a crash in
    /// the middle of an append leaves behind". The reader at commit 40f0878 found
    /// the torn record's own intact MIDDLE fragment at the next block start, took
    /// it for "a valid fragment after the damage" and reported corruption, so the
    /// database refused to open after such a crash. MIDDLE/LAST fragments of the
    /// damaged record are no evidence of later commits; only FULL or FIRST are.
    @Test func aMultiBlockRecordCutAfterItsSecondFragmentIsATornTail() throws {
        let small = Self.noise(100, seed: 62)
        let big = Self.noise(100_000, seed: 63)
        let data = try Self.log([small, big])
        for cut in [2 * Self.block + 1000, 3 * Self.block + 5] {
            let r = Self.read(Array(data.prefix(cut)))
            #expect(r.error == nil, "cut at \(cut): \(r.error.map { "\($0)" } ?? "")")
            #expect(r.payloads == [small], "cut at \(cut)")
            #expect(r.torn == 107, "cut at \(cut)")
        }
        // The same crash seen through recovery: the database should open with the first commit.
        let dir = TemporaryDirectory("wal-torn-multiblock")
        try Manifest().write(to: dir.path, fs: PosixFileSystem())
        var b1 = WriteBatch()
        b1.put(ascii("small"), ascii("1"))
        var b2 = WriteBatch()
        b2.put(ascii("big"), big)
        var p1: [UInt8] = [], p2: [UInt8] = []
        b1.encode(firstSequence: 1, into: &p1)
        b2.encode(firstSequence: 2, into: &p2)
        let logBytes = try Self.log([p1, p2])
        try writeBytes(Array(logBytes.prefix(2 * Self.block + 1000)), to: dir.file("000001.log"))
        do {
            let engine = try StorageEngine.open(path: dir.path)
            #expect(try engine.get(ascii("small")) == ascii("1"))
            #expect(try engine.get(ascii("big")) == nil)
            try engine.close()
        } catch {
            Issue.record("open after a crash mid-append of a 100 KB commit: \(error)")
        }
    }

    @Test func aDamagedLastRecordSpanningBlocksIsATornTail() throws {
        // The last record spans four blocks; whichever of its fragments is damaged,
        // what follows is only its own MIDDLE/LAST remains: no later commit is lost.
        let small = Self.noise(100, seed: 64)
        let big = Self.noise(100_000, seed: 65)
        let data = try Self.log([small, big])
        for at in [107 + 30, Self.block + 30, 2 * Self.block + 30, 3 * Self.block + 30] {
            var bad = data
            bad[at] ^= 0x02
            let r = Self.read(bad)
            #expect(r.error == nil, "flip at \(at): \(r.error.map { "\($0)" } ?? "")")
            #expect(r.payloads == [small] && r.torn == 107, "flip at \(at)")
        }
        // With one more record after it, the same damage is corruption.
        let more = try Self.log([small, big, ascii("later")])
        for at in [107 + 30, Self.block + 30, 3 * Self.block + 30] {
            var bad = more
            bad[at] ^= 0x02
            #expect(Self.read(bad).error == Self.damage("checksum mismatch", at: 107), "flip at \(at)")
        }
    }

    // MARK: Corruption in the middle of a log (§2.3)

    @Test func aChecksumMismatchMidLogIsReportedWithItsOffset() throws {
        let payloads = (0..<10).map { Self.noise(3000 + $0, seed: UInt64(70 + $0)) }
        let data = try Self.log(payloads)
        let starts = Self.layout(payloads.map(\.count)).starts
        for k in [0, 3, 8] {
            for at in [starts[k], starts[k] + 2, starts[k] + 7, starts[k] + 1500] {
                var bad = data
                bad[at] ^= 0x01
                let r = Self.read(bad)
                #expect(r.payloads == Array(payloads.prefix(k)), "record \(k), byte \(at)")
                #expect(r.error == Self.damage("checksum mismatch", at: starts[k]), "record \(k), byte \(at)")
                #expect(r.torn == nil)
            }
        }
    }

    @Test func damagedFragmentsOfASpanningRecordAreReportedAtTheRecordStart() throws {
        let payloads = [Self.noise(100, seed: 80), Self.noise(80_000, seed: 81), Self.noise(100, seed: 82)]
        let data = try Self.log(payloads)
        let starts = Self.layout(payloads.map(\.count)).starts
        #expect(starts == [0, 107, 80_107 + 7 * 3])
        for at in [107 + 20, Self.block + 20, 2 * Self.block + 20] {  // FIRST, MIDDLE, LAST
            var bad = data
            bad[at] ^= 0x08
            let r = Self.read(bad)
            #expect(r.payloads == [payloads[0]], "byte \(at)")
            #expect(r.error == Self.damage("checksum mismatch", at: 107), "byte \(at)")
        }
    }

    @Test func structuralDamageMidLogIsCorruption() throws {
        let payloads = (0..<5).map { Self.noise(1000, seed: UInt64(90 + $0)) }
        let data = try Self.log(payloads)
        let starts = Self.layout(payloads.map(\.count)).starts
        // A zeroed header.
        var bad = data
        for i in starts[2]..<(starts[2] + 7) { bad[i] = 0 }
        #expect(Self.read(bad).error == Self.damage("zeroed header", at: starts[2]))
        // An unknown fragment type.
        bad = data
        bad[starts[2] + 6] = 9
        #expect(Self.read(bad).error == Self.damage("unknown record type 9", at: starts[2]))
        bad[starts[2] + 6] = 0
        #expect(Self.read(bad).error == Self.damage("unknown record type 0", at: starts[2]))
        // A length that crosses the block.
        bad = data
        bad[starts[2] + 4] = 0x40
        bad[starts[2] + 5] = 0x9c  // 40 000
        #expect(Self.read(bad).error == Self.damage("fragment length 40000 crosses the block", at: starts[2]))
        // A length that stays in the block but is wrong: the checksum catches it.
        bad = data
        bad[starts[2] + 4] ^= 0x01
        #expect(Self.read(bad).error == Self.damage("checksum mismatch", at: starts[2]))
        // Non-zero bytes in a block's padding.
        let padded = try Self.log([Self.noise(Self.block - 10, seed: 99), ascii("after")])
        var pad = padded
        pad[Self.block - 2] = 1
        let r = Self.read(pad)
        #expect(r.payloads.count == 1)
        #expect(r.error == Self.damage("non-zero block padding", at: Self.block - 3))
    }

    @Test func fragmentsOutOfOrderAreCorruption() {
        let full = Self.fragment(1, ascii("later commit"))
        // A LAST fragment with no record open.
        var r = Self.read(Self.fragment(4, ascii("orphan")) + full)
        #expect(r.error == Self.damage("orphan fragment", at: 0))
        r = Self.read(Self.fragment(3, ascii("orphan")) + full)
        #expect(r.error == Self.damage("orphan fragment", at: 0))
        // A FULL inside an open record: the damage is at the record's FIRST fragment.
        r = Self.read(Self.fragment(1, ascii("ok")) + Self.fragment(2, ascii("first")) + full + full)
        #expect(r.payloads == [ascii("ok")])
        #expect(r.error == Self.damage("unexpected full record inside a fragmented one", at: 9))
        // A FIRST inside an open record.
        r = Self.read(Self.fragment(2, ascii("first")) + Self.fragment(2, ascii("again")) + full)
        #expect(r.error == Self.damage("unexpected first fragment", at: 0))
        // Hand-made fragments in order read back as one record.
        r = Self.read(Self.fragment(2, ascii("a")) + Self.fragment(3, ascii("b")) + Self.fragment(3, []) + Self.fragment(4, ascii("c")) + full)
        #expect(r.payloads == [ascii("abc"), ascii("later commit")])
        #expect(r.offsets == [0, 4 * 7 + 3])
        #expect(r.error == nil && r.torn == nil)
    }

    @Test func recoveryTruncatesATornTailAndRefusesMidLogDamage() throws {
        var payloads: [[UInt8]] = []
        for i in 0..<5 {
            var b = WriteBatch()
            b.put(ascii("key\(i)"), ascii("value\(i)"))
            var p: [UInt8] = []
            b.encode(firstSequence: UInt64(i + 1), into: &p)
            payloads.append(p)
        }
        let data = try Self.log(payloads)
        let starts = Self.layout(payloads.map(\.count)).starts
        // Torn in the last record: the first four commits survive.
        let torn = TemporaryDirectory("wal-recover-torn")
        try Manifest().write(to: torn.path, fs: PosixFileSystem())
        try writeBytes(Array(data.prefix(data.count - 3)), to: torn.file("000001.log"))
        let engine = try StorageEngine.open(path: torn.path)
        for i in 0..<4 { #expect(try engine.get(ascii("key\(i)")) == ascii("value\(i)")) }
        #expect(try engine.get(ascii("key4")) == nil)
        #expect(engine.latestSequence == 4)
        try engine.close()
        // Damaged in the middle: the open fails, naming the log and the record's offset, and changes nothing.
        let broken = TemporaryDirectory("wal-recover-broken")
        try Manifest().write(to: broken.path, fs: PosixFileSystem())
        var bad = data
        bad[starts[2] + 10] ^= 0x40
        try writeBytes(bad, to: broken.file("000001.log"))
        let path = broken.file("000001.log")
        #expect(throws: ToonDBError.corruption(path, offset: starts[2], "checksum mismatch in the write-ahead log, with valid records after it")) {
            try StorageEngine.open(path: broken.path)
        }
        #expect(try readBytes(path) == bad)
        // A record whose sequence does not increase.
        let reordered = TemporaryDirectory("wal-recover-order")
        try Manifest().write(to: reordered.path, fs: PosixFileSystem())
        try writeBytes(try Self.log([payloads[1], payloads[0]]), to: reordered.file("000001.log"))
        let e = caught { try StorageEngine.open(path: reordered.path) }
        #expect(e == .corruption(reordered.file("000001.log"), offset: starts[1], "sequence 1 after 2: log records out of order"))
    }

    /// A batch whose operations would take a sequence number past 56 bits is
    /// corruption (it used to trap when the replay's counter overflowed).
    @Test func sequenceNumbersPastTheLimitAreCorruption() throws {
        func batch(_ first: UInt64, operations: Int) -> [UInt8] {
            var b = WriteBatch()
            for i in 0..<operations { b.put(ascii("key\(i)"), ascii("v")) }
            var p: [UInt8] = []
            b.encode(firstSequence: first, into: &p)
            return p
        }
        let max = InternalKey.maxSequence
        // The last sequence number itself is fine.
        let fine = TemporaryDirectory("wal-seq-fine")
        try Manifest().write(to: fine.path, fs: PosixFileSystem())
        try writeBytes(try Self.log([batch(max - 1, operations: 2)]), to: fine.file("000001.log"))
        let engine = try StorageEngine.open(path: fine.path)
        #expect(engine.latestSequence == max)
        try engine.close()
        for (first, operations) in [(max, 2), (max + 1, 1), (UInt64.max, 1), (UInt64.max - 1, 3)] {
            let dir = TemporaryDirectory("wal-seq-over")
            try Manifest().write(to: dir.path, fs: PosixFileSystem())
            try writeBytes(try Self.log([batch(first, operations: operations)]), to: dir.file("000001.log"))
            #expect(throws: ToonDBError.corruption(dir.file("000001.log"), offset: 0,
                "sequence numbers from \(first) for \(operations) operations exceed \(max)")) {
                try StorageEngine.open(path: dir.path)
            }
        }
    }
}
