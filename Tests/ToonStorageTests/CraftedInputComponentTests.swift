import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// Malformed contents behind a *valid* checksum: what a buggy writer or a
/// crafted file presents. FORMAT.md §3.1, §3.5 and §4 say readers reject them
/// as `corruption`; these tests check the readers do not trap instead. Each
/// case runs in a child process (an exit test), so a trap fails only its test.
///
/// The first two tests are the controls: the helpers build valid input, and
/// the same checks pass in a child process on it.
@Suite struct CraftedInputComponentTests {
    /// A segment file of one `a#1 = "1"` data block, with the given index
    /// contents and footer offsets (every checksum valid).
    static func segment(index: [UInt8]? = nil, footerIndexOffset: UInt64? = nil) -> [UInt8] {
        var data = BlockBuilder()
        ik("a", 1).withUnsafeBytes { k in ascii("1").withUnsafeBytes { v in data.add(k, v) } }
        var out: [UInt8] = []
        SegmentFormat.appendBlock(data.finish(), to: &out)
        let filter = BloomFilter.build(hashes: [bloomHash(ascii("a"))])
        let filterOffset = out.count
        SegmentFormat.appendBlock(filter, to: &out)
        let indexContents: [UInt8] = index ?? {
            var b = BlockBuilder()
            ik("a", 1).withUnsafeBytes { k in [UInt8]([0, 20]).withUnsafeBytes { h in b.add(k, h) } }
            return b.finish()
        }()
        let indexOffset = out.count
        SegmentFormat.appendBlock(indexContents, to: &out)
        out += SegmentFormat.Footer(filterOffset: UInt64(filterOffset), filterSize: UInt64(filter.count),
                                    indexOffset: footerIndexOffset ?? UInt64(indexOffset), indexSize: UInt64(indexContents.count),
                                    entryCount: 1).encode()
        return out
    }

    /// Opens `bytes` as a segment file and reads its one key; true when it opens and reads,
    /// false on a `corruption` error (a trap ends the process).
    static func openSegment(_ bytes: [UInt8]) -> Bool {
        let dir = TemporaryDirectory("crafted-seg")
        let path = dir.file("000001.seg")
        try? writeBytes(bytes, to: path)
        do {
            let r = try SegmentReader(number: 1, file: try PosixFileSystem().openReadable(path), cache: BlockCache(capacity: 1 << 20))
            _ = try r.get(ascii("a"), sequence: 1, hash: bloomHash(ascii("a")))
            return true
        } catch let e as ToonDBError {
            precondition(e.code == .corruption, "\(e)")
            return false
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// Contents of a block with one entry made of `entryBytes`.
    static func blockContents(_ entryBytes: [UInt8]) -> [UInt8] {
        var c = entryBytes
        Varint.appendFixed32(0, to: &c)
        Varint.appendFixed32(1, to: &c)
        return c
    }

    @Test func theHelpersBuildAFileThatOpens() {
        #expect(Self.openSegment(Self.segment()))
        #expect(!Self.openSegment(Array(Self.segment().dropLast())))
    }

    @Test func wellFormedInputPassesInAChildProcess() async {
        // The control: the same child-process checks succeed on intact input.
        await #expect(processExitsWith: .success) {
            let contents = CraftedInputComponentTests.blockContents([9, 1] + ik("a", 1) + [0x31])
            let block = contents.withUnsafeBytes { Block(copying: $0) }
            precondition(block?.entry(0) != nil)
            precondition(CraftedInputComponentTests.openSegment(CraftedInputComponentTests.segment()))
            var m = Manifest()
            m.files = [.init(level: 6, number: 4, size: 121, smallest: ik("a", 1), largest: ik("a", 1))]
            precondition((try? Manifest.decode(m.encode(), path: "MANIFEST")) == m)
        }
    }

    @Test func aBlockEntryWhoseLengthsRunIntoTheOffsetsArray() async {
        // FORMAT.md §3.1: "a key or value that runs into the offsets array" is rejected.
        // The entry's varints start one byte before the offsets array and continue into it;
        // `Block.entry` then computes `UInt64(offsetsStart − pos)` of a negative number.
        await #expect(processExitsWith: .success) {
            let contents = CraftedInputComponentTests.blockContents([0x80])
            let block = contents.withUnsafeBytes { Block(copying: $0) }
            precondition(block?.entry(0) == nil)
        }
    }

    @Test func aBlockEntryWhoseLengthsOverflowWhenAdded() async {
        // keyLength 2^64 − 2 and valueLength 10 add (wrapping) to 8, which "fits";
        // `Int(keyLength)` then traps.
        await #expect(processExitsWith: .success) {
            var entry: [UInt8] = []
            Varint.append(UInt64.max - 1, to: &entry)
            Varint.append(10, to: &entry)
            entry += [UInt8](repeating: 0x61, count: 8)
            let contents = CraftedInputComponentTests.blockContents(entry)
            let block = contents.withUnsafeBytes { Block(copying: $0) }
            precondition(block?.entry(0) == nil)
        }
    }

    @Test func aSegmentIndexEntryThatRunsIntoTheOffsetsArray() async {
        // The same through a file: the index block is parsed at open.
        await #expect(processExitsWith: .success) {
            let index = CraftedInputComponentTests.blockContents([0x80])
            precondition(!CraftedInputComponentTests.openSegment(CraftedInputComponentTests.segment(index: index)))
        }
    }

    @Test func aSegmentIndexHandleNearTheTopOfTheRange() async {
        // A block handle offset of 2^64 − 1: `o + s + 5` overflows in the range check.
        await #expect(processExitsWith: .success) {
            var handle: [UInt8] = []
            Varint.append(UInt64.max, to: &handle)
            Varint.append(20, to: &handle)
            var b = BlockBuilder()
            ik("a", 1).withUnsafeBytes { k in handle.withUnsafeBytes { h in b.add(k, h) } }
            precondition(!CraftedInputComponentTests.openSegment(CraftedInputComponentTests.segment(index: b.finish())))
        }
    }

    @Test func aSegmentFooterOffsetNearTheTopOfTheRange() async {
        // FORMAT.md §3.5 check 2 ("indexOffset + indexSize + 5 ≤ size − 56") overflows.
        await #expect(processExitsWith: .success) {
            precondition(!CraftedInputComponentTests.openSegment(CraftedInputComponentTests.segment(footerIndexOffset: UInt64.max - 2)))
        }
    }

    @Test func aLogFileNamedWithAHugeNumber() async {
        // Recovery takes the next file number from the largest log name; 2^64 − 1 used to overflow there.
        await #expect(processExitsWith: .success) {
            let dir = TemporaryDirectory("crafted-log-name")
            try! StorageEngine.open(path: dir.path).close()
            precondition(FileManager.default.createFile(atPath: dir.path + "/18446744073709551615.log", contents: Data()))
            do {
                _ = try StorageEngine.open(path: dir.path)
                preconditionFailure("opened")
            } catch let e as ToonDBError {
                precondition(e.code == .corruption && e.message.contains("18446744073709551615.log"), "\(e)")
            } catch {
                preconditionFailure("\(error)")
            }
        }
    }

    @Test func aManifestWithAHugeLevelOrLength() async {
        // FORMAT.md §4: "every level below 7", "every key length within the file" → corruption.
        // A level of 2^63 (or a key length of 2^63) traps in `Int(_:)` instead.
        await #expect(processExitsWith: .success) {
            for field in 0..<2 {
                var body: [UInt8] = []
                Varint.appendFixed64(Manifest.magic, to: &body)
                for v: UInt64 in [5, 1, 3, 1, 1] { Varint.append(v, to: &body) }
                Varint.append(field == 0 ? 1 << 63 : 0, to: &body)   // level
                Varint.append(4, to: &body)                          // number
                Varint.append(121, to: &body)                        // size
                Varint.append(field == 1 ? 1 << 63 : 9, to: &body)   // smallest length
                body += ik("a", 1)
                Varint.append(9, to: &body)
                body += ik("a", 1)
                Varint.appendFixed32(CRC32C.mask(CRC32C.checksum(body)), to: &body)
                do {
                    _ = try Manifest.decode(body, path: "MANIFEST")
                    preconditionFailure("decoded")
                } catch let e as ToonDBError {
                    precondition(e.code == .corruption)
                } catch {
                    preconditionFailure("\(error)")
                }
            }
        }
    }
}
