import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// Versions and compactions (`Version/Version.swift`, `Version/Compaction.swift`).
///
/// The picking policy, from the code's comments and EngineOptions:
/// - level 0 scores `files / level0CompactionTrigger`; level L ≥ 1 scores
///   `bytes / (level1Bytes × 10^(L−1))`; level 6 is never a source;
/// - the highest score of at least 1 wins (on a tie, the deeper level: `>=`);
/// - level 0 compacts all its files with every overlapping level-1 file;
/// - a deeper level compacts one file, round robin after the last compacted
///   key (the compaction pointer), with the overlapping files of the next level.
@Suite struct CompactionPickTests {
    /// A reader shared by the metadata-only tables of these tests (picking reads no data).
    final class Fixture {
        let dir = TemporaryDirectory("compaction-pick")
        let reader: SegmentReader
        init() throws {
            reader = try writeSegment([IKEntry("a", 1, .value, "1")], number: 1, dir: dir.path, cache: BlockCache(capacity: 1 << 20)).reader
        }
        func table(_ number: UInt64, _ lo: String, _ hi: String, size: Int = 100) -> TableFile {
            TableFile(number: number, size: size, smallest: ik(lo, 1000 + number), largest: ik(hi, number), reader: reader) {}
        }
    }

    static func options(level1Bytes: Int = 1000, trigger: Int = 4) -> EngineOptions {
        var o = EngineOptions()
        o.level1Bytes = level1Bytes
        o.level0CompactionTrigger = trigger
        return o
    }

    static let noPointers = [[UInt8]?](repeating: nil, count: Version.levels)

    static func numbers(_ files: [TableFile]) -> [UInt64] { files.map(\.number) }

    @Test func aVersionSortsLevelZeroNewestFirstAndOtherLevelsByKey() throws {
        let f = try Fixture()
        let v = Version(files: [[f.table(3, "a", "b"), f.table(9, "c", "d"), f.table(5, "a", "z")],
                                [f.table(20, "m", "n"), f.table(21, "a", "b"), f.table(22, "x", "y")]])
        #expect(v.files.count == 7)
        #expect(Self.numbers(v.files[0]) == [9, 5, 3])
        #expect(Self.numbers(v.files[1]) == [21, 20, 22])
        #expect(v.files[2...].allSatisfy { $0.isEmpty })
        #expect(v.bytes(level: 0) == 300)
        #expect(v.allFiles.count == 6)
        #expect(v.iterators().count == 3 + 1, "one cursor per level-0 file, one per non-empty deeper level")
    }

    @Test func nothingIsPickedWhileEveryLevelIsUnderItsBound() throws {
        let f = try Fixture()
        let v = Version(files: [
            (1...3).map { f.table($0, "a", "z") },
            [f.table(10, "a", "m", size: 500), f.table(11, "n", "z", size: 499)],  // 999 < 1000
            [f.table(20, "a", "z", size: 9_999)],                                 // < 10 000
            [f.table(30, "a", "z", size: 99_999)],
            [f.table(40, "a", "z", size: 999_999)],
            [f.table(50, "a", "z", size: 9_999_999)],
            [f.table(60, "a", "z", size: 1 << 40)],                               // level 6 is never a source
        ])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers) == nil)
        #expect(Compaction.pick(Version(files: []), options: Self.options(), pointers: Self.noPointers) == nil)
    }

    @Test func levelZeroAtTheTriggerCompactsAllOfItWithOverlappingLevelOne() throws {
        let f = try Fixture()
        let v = Version(files: [
            [f.table(4, "c", "f"), f.table(7, "a", "b"), f.table(5, "e", "h"), f.table(6, "d", "d")],
            [f.table(10, "0", "9"), f.table(11, "a", "a"), f.table(12, "g", "k"), f.table(13, "i", "m")],
        ])
        let c = try #require(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers))
        #expect(c.level == 0 && c.outputLevel == 1)
        #expect(Self.numbers(c.inputs) == [7, 6, 5, 4])
        // Level 0 spans user keys a…h: "a"…"a" touches at the boundary, "g"…"k" overlaps, the others do not.
        #expect(Self.numbers(c.overlapping) == [11, 12])
        // One file fewer: 3 / 4 < 1, nothing to do.
        let under = Version(files: [Array(v.files[0].prefix(3)), v.files[1]])
        #expect(Compaction.pick(under, options: Self.options(), pointers: Self.noPointers) == nil)
        // A lower trigger starts it earlier.
        #expect(Compaction.pick(under, options: Self.options(trigger: 3), pointers: Self.noPointers)?.level == 0)
    }

    @Test func theHighestScoreWinsAndTiesGoDeeper() throws {
        let f = try Fixture()
        func level0(_ n: Int) -> [TableFile] { (0..<n).map { f.table(UInt64(100 + $0), "a", "z") } }
        // Level 0: 5 / 4 = 1.25; level 1: 3000 / 1000 = 3.
        var v = Version(files: [level0(5), [f.table(10, "a", "m", size: 1500), f.table(11, "n", "z", size: 1500)]])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers)?.level == 1)
        // Level 0: 8 / 4 = 2; level 1: 1.5.
        v = Version(files: [level0(8), [f.table(10, "a", "m", size: 750), f.table(11, "n", "z", size: 750)]])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers)?.level == 0)
        // Level 1 exactly at its bound (1000 / 1000 = 1) is picked.
        v = Version(files: [[], [f.table(10, "a", "m", size: 1000)]])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers)?.level == 1)
        // Level 2's bound is ten times level 1's: 30 000 / 10 000 = 3 ties level 1's 3000 / 1000: the deeper wins.
        v = Version(files: [[], [f.table(10, "a", "m", size: 3000)], [f.table(20, "a", "z", size: 30_000)]])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers)?.level == 2)
        // Level 5's bound is 1000 × 10^4.
        v = Version(files: [[], [], [], [], [], [f.table(50, "a", "z", size: 10_000_000)]])
        let c = try #require(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers))
        #expect(c.level == 5 && c.outputLevel == 6)
        v = Version(files: [[], [], [], [], [], [f.table(50, "a", "z", size: 9_999_999)]])
        #expect(Compaction.pick(v, options: Self.options(), pointers: Self.noPointers) == nil)
    }

    @Test func deeperLevelsCompactOneFileRoundRobin() throws {
        let f = try Fixture()
        let l1 = [f.table(11, "a", "c", size: 600), f.table(12, "d", "f", size: 600), f.table(13, "g", "i", size: 600)]
        let l2 = [f.table(21, "b", "b"), f.table(22, "c", "d"), f.table(23, "h", "z")]
        let v = Version(files: [[], l1, l2])
        func pick(after pointer: [UInt8]?) throws -> (UInt64, [UInt64]) {
            var pointers = Self.noPointers
            pointers[1] = pointer
            let c = try #require(Compaction.pick(v, options: Self.options(), pointers: pointers))
            #expect(c.level == 1 && c.outputLevel == 2)
            #expect(c.inputs.count == 1)
            return (c.inputs[0].number, Self.numbers(c.overlapping))
        }
        #expect(try pick(after: nil) == (11, [21, 22]))
        #expect(try pick(after: l1[0].largest) == (12, [22]))
        #expect(try pick(after: l1[1].largest) == (13, [23]))
        #expect(try pick(after: l1[2].largest) == (11, [21, 22]), "after the last file: wrap around")
        #expect(try pick(after: ik("e", 5)) == (12, [22]), "a pointer inside a file picks that file")
        #expect(try pick(after: ik("zz", 1)) == (11, [21, 22]))
        #expect(try pick(after: ik("", 1)) == (11, [21, 22]))
    }

    @Test func wholeLevelsAndApplying() throws {
        let f = try Fixture()
        let v = Version(files: [
            [f.table(8, "k", "p"), f.table(9, "a", "c")],
            [f.table(11, "a", "b"), f.table(12, "c", "j"), f.table(13, "q", "z")],
            [f.table(21, "a", "z")],
        ])
        #expect(Compaction.whole(level: 3, of: v) == nil, "an empty level")
        let c0 = try #require(Compaction.whole(level: 0, of: v))
        #expect(Self.numbers(c0.inputs) == [9, 8])
        #expect(Self.numbers(c0.overlapping) == [11, 12], "a…p meets a…b and c…j, not q…z")
        let c1 = try #require(Compaction.whole(level: 1, of: v))
        #expect(Self.numbers(c1.inputs) == [11, 12, 13])
        #expect(Self.numbers(c1.overlapping) == [21])
        // Applying: inputs and overlapping files leave, outputs join the output level in key order.
        let next = c0.apply(to: v, outputs: [f.table(31, "k", "p"), f.table(30, "a", "j")])
        #expect(next.files[0].isEmpty)
        #expect(Self.numbers(next.files[1]) == [30, 31, 13])
        #expect(Self.numbers(next.files[2]) == [21])
        #expect(Self.numbers(v.files[0]) == [9, 8], "the old version is unchanged")
    }

    @Test func overlapIsByUserKeyInclusive() throws {
        let f = try Fixture()
        let t = f.table(1, "d", "f")
        #expect(t.smallestUserKey == ascii("d") && t.largestUserKey == ascii("f"))
        #expect(t.overlaps(ascii("a"), ascii("d")))
        #expect(t.overlaps(ascii("f"), ascii("z")))
        #expect(t.overlaps(ascii("e"), ascii("e")))
        #expect(t.overlaps(ascii("a"), ascii("z")))
        #expect(!t.overlaps(ascii("a"), ascii("c\u{ff}")))
        #expect(!t.overlaps(ascii("f\u{0}"), ascii("z")))
        #expect(t.overlaps(nil, nil))
        #expect(t.overlaps(nil, ascii("d")) && !t.overlaps(nil, ascii("c")))
        #expect(t.overlaps(ascii("f"), nil) && !t.overlaps(ascii("g"), nil))
    }
}

/// Running compactions over real segment files, and reading versions.
@Suite struct CompactionRunTests {
    final class Store {
        let dir = TemporaryDirectory("compaction-run")
        let cache = BlockCache(capacity: 4 << 20)
        var next: UInt64 = 100
        func table(_ number: UInt64, _ entries: [IKEntry]) throws -> TableFile {
            try writeSegment(entries, number: number, dir: dir.path, cache: cache)
        }
        func run(_ c: Compaction, _ v: Version, smallestSnapshot: UInt64, targetFileBytes: Int = 1 << 20) throws -> [TableFile] {
            try c.run(version: v, smallestSnapshot: smallestSnapshot, targetFileBytes: targetFileBytes,
                      newFile: {
                          self.next += 1
                          return (self.next, try PosixFileSystem().openWritable(DatabaseFileName.segment(self.next).path(in: self.dir.path), truncate: true))
                      },
                      open: { n, lo, hi in
                          try Recovery.openTable(dir: self.dir.path, fs: PosixFileSystem(), cache: self.cache, number: n, smallest: lo, largest: hi)
                      })
        }
    }

    /// Level 0: two files; level 1: one; level 2 (below the output) holds `d`.
    static func layout(_ s: Store) throws -> Version {
        let newer = try s.table(5, [IKEntry("a", 50, .value, "v50"), IKEntry("b", 45, .deletion), IKEntry("c", 48, .value, "c48")])
        let older = try s.table(4, [IKEntry("a", 30, .value, "v30"), IKEntry("b", 20, .value, "b20"), IKEntry("d", 10, .deletion)])
        let l1 = try s.table(3, [IKEntry("a", 5, .value, "a5"), IKEntry("b", 3, .value, "b3"), IKEntry("e", 2, .value, "e2")])
        let l2 = try s.table(2, [IKEntry("d", 1, .value, "d1")])
        return Version(files: [[older, newer], [l1], [l2]])
    }

    static func contents(_ files: [TableFile]) throws -> [IKEntry] {
        try files.flatMap { try allEntries($0.reader.makeIterator()) }
    }

    @Test func withoutSnapshotsOnlyTheNewestVersionsSurvive() throws {
        let s = Store()
        let v = try Self.layout(s)
        let c = try #require(Compaction.whole(level: 0, of: v))
        let out = try s.run(c, v, smallestSnapshot: 100)
        // a: newest only. b: its tombstone is at the base (nothing below holds b), so it goes too.
        // d: the tombstone stays, level 2 still holds d#1. c, e: as they were.
        #expect(try Self.contents(out) == [IKEntry("a", 50, .value, "v50"), IKEntry("c", 48, .value, "c48"),
                                            IKEntry("d", 10, .deletion), IKEntry("e", 2, .value, "e2")])
        #expect(out.count == 1)
        #expect(out[0].smallest == ik("a", 50) && out[0].largest == ik("e", 2))
        // The new version answers like the old one for every key at every sequence ≥ the snapshot.
        let next = c.apply(to: v, outputs: out)
        #expect(next.files[0].isEmpty)
        #expect(next.files[1].map(\.number) == out.map(\.number))
        for key in ["a", "b", "c", "d", "e", "f"] {
            #expect(visible(try next.get(ascii(key), sequence: 100)) == visible(try v.get(ascii(key), sequence: 100)), "\(key)")
        }
        #expect(try next.get(ascii("d"), sequence: 100) == .some(nil), "the tombstone still hides d#1")
        #expect(try next.get(ascii("b"), sequence: 100) == nil, "no trace of b is left")
    }

    @Test func aSnapshotKeepsTheVersionsItCanSee() throws {
        let s = Store()
        let v = try Self.layout(s)
        let c = try #require(Compaction.whole(level: 0, of: v))
        let out = try s.run(c, v, smallestSnapshot: 25)
        // Each version whose newer neighbour is above 25 stays: a#5 is what a reader at 25 sees.
        // b#3 goes: b#20 (≤ 25) hides it from every reader. The b tombstone (45 > 25) stays.
        #expect(try Self.contents(out) == [
            IKEntry("a", 50, .value, "v50"), IKEntry("a", 30, .value, "v30"), IKEntry("a", 5, .value, "a5"),
            IKEntry("b", 45, .deletion), IKEntry("b", 20, .value, "b20"),
            IKEntry("c", 48, .value, "c48"), IKEntry("d", 10, .deletion), IKEntry("e", 2, .value, "e2"),
        ])
        let next = c.apply(to: v, outputs: out)
        for key in ["a", "b", "c", "d", "e"] {
            for seq: UInt64 in [25, 29, 30, 44, 45, 47, 48, 50, 1000] {
                #expect(visible(try next.get(ascii(key), sequence: seq)) == visible(try v.get(ascii(key), sequence: seq)), "\(key) at \(seq)")
            }
        }
        // With a snapshot at 0 nothing can be dropped.
        let s0 = Store()
        let v0 = try Self.layout(s0)
        let all0 = try Self.contents(try s0.run(try #require(Compaction.whole(level: 0, of: v0)), v0, smallestSnapshot: 0))
        #expect(all0.count == 9)
        #expect(all0 == all0.sorted(by: IKEntry.internalOrder))
    }

    @Test func outputIsSplitOnlyBetweenUserKeys() throws {
        let s = Store()
        var entries: [IKEntry] = []
        var seq: UInt64 = 1
        for u in 0..<40 {
            for _ in 0..<(1 + u % 4) {
                entries.append(IKEntry(ascii("key\(u)"), seq, .value, [UInt8](repeating: UInt8(u), count: 500)))
                seq += 1
            }
        }
        let l0 = try s.table(1, entries)
        let v = Version(files: [[l0]])
        let c = try #require(Compaction.whole(level: 0, of: v))
        // A tiny target: a new file at every user key (the first entry of a key checks the size).
        let out = try s.run(c, v, smallestSnapshot: 0, targetFileBytes: 1)
        #expect(out.count == 40)
        #expect(Set(out.map(\.smallestUserKey)) == Set((0..<40).map { ascii("key\($0)") }))
        for t in out {
            #expect(t.smallestUserKey == t.largestUserKey, "one user key per file")
            #expect(t.reader.entryCount == 1 + Int(String(decoding: t.smallestUserKey.dropFirst(3), as: UTF8.self))! % 4)
        }
        #expect(try Self.contents(out.sorted { InternalKey.compare($0.smallest, $1.smallest) < 0 }) == entries.sorted(by: IKEntry.internalOrder))
        // A target of 8 KiB: files of about 8 KiB, each key whole in one file.
        let s2 = Store()
        let v2 = Version(files: [[try s2.table(1, entries)]])
        let out2 = try s2.run(try #require(Compaction.whole(level: 0, of: v2)), v2, smallestSnapshot: 0, targetFileBytes: 8 << 10)
        #expect(out2.count > 3 && out2.count < 40)
        for (a, b) in zip(out2, out2.dropFirst()) {
            #expect(compareBytes(a.largestUserKey, b.smallestUserKey) < 0, "no user key straddles two files")
        }
        #expect(try Self.contents(out2) == entries.sorted(by: IKEntry.internalOrder))
    }

    @Test func aCompactionOfEverythingDropsEveryTombstoneAtTheBase() throws {
        let s = Store()
        let t1 = try s.table(1, [IKEntry("a", 1, .value, "1"), IKEntry("b", 2, .value, "2")])
        let t2 = try s.table(2, [IKEntry("a", 3, .deletion), IKEntry("b", 4, .deletion), IKEntry("c", 5, .value, "5")])
        let v = Version(files: [[t1, t2]])
        let out = try s.run(try #require(Compaction.whole(level: 0, of: v)), v, smallestSnapshot: 10)
        #expect(try Self.contents(out) == [IKEntry("c", 5, .value, "5")])
        // Everything deleted: no output file at all.
        let s2 = Store()
        let only = try s2.table(1, [IKEntry("a", 3, .deletion), IKEntry("a", 1, .value, "x")])
        let v2 = Version(files: [[only]])
        #expect(try s2.run(try #require(Compaction.whole(level: 0, of: v2)), v2, smallestSnapshot: 10).isEmpty)
    }

    @Test func versionGetPrefersNewerFilesAndShallowerLevels() throws {
        let s = Store()
        let l0new = try s.table(9, [IKEntry("k", 90, .value, "l0-new"), IKEntry("t", 95, .deletion)])
        let l0old = try s.table(8, [IKEntry("k", 80, .value, "l0-old"), IKEntry("m", 85, .value, "m85")])
        let l1a = try s.table(5, [IKEntry("a", 10, .value, "a10"), IKEntry("k", 11, .value, "l1")])
        let l1b = try s.table(6, [IKEntry("p", 12, .value, "p12"), IKEntry("t", 13, .value, "t13")])
        let l2 = try s.table(3, [IKEntry("a", 1, .value, "a1"), IKEntry("z", 2, .value, "z2")])
        let v = Version(files: [[l0old, l0new], [l1b, l1a], [l2]])
        func get(_ k: String, _ seq: UInt64) throws -> [UInt8]?? { try v.get(ascii(k), sequence: seq) }
        #expect(try get("k", 100) == .some(ascii("l0-new")))
        #expect(try get("k", 85) == .some(ascii("l0-old")))
        #expect(try get("k", 50) == .some(ascii("l1")))
        #expect(try get("k", 10) == nil)
        #expect(try get("t", 100) == .some(nil), "a level-0 tombstone hides level 1")
        #expect(try get("t", 94) == .some(ascii("t13")))
        #expect(try get("a", 100) == .some(ascii("a10")))
        #expect(try get("a", 5) == .some(ascii("a1")))
        #expect(try get("z", 100) == .some(ascii("z2")))
        #expect(try get("m", 100) == .some(ascii("m85")))
        #expect(try get("p", 100) == .some(ascii("p12")))
        #expect(try get("n", 100) == nil)
        #expect(try get("zz", 100) == nil)
        // And the version's cursors merge into the same answers.
        let merged = MergingIterator(v.iterators())
        let entries = try allEntries(merged)
        #expect(entries == entries.sorted(by: IKEntry.internalOrder))
        #expect(entries.count == 10)
    }

    @Test func compactionPreservesEveryAnswerAtOrAboveTheSnapshot() throws {
        // Random overlapping level-0 files over a level-1 and a level-2 file; a random
        // snapshot; every (key, sequence ≥ snapshot) lookup must be unchanged.
        var rng = SeededRandom(seed: 71)
        for round in 0..<4 {
            let s = Store()
            var seq: UInt64 = 1
            func randomFile(_ n: UInt64, keys: Range<Int>) throws -> TableFile {
                var entries: [IKEntry] = []
                for k in keys where rng.below(2) == 0 {
                    for _ in 0..<(1 + rng.below(2)) {
                        let kind: ValueKind = rng.below(3) == 0 ? .deletion : .value
                        entries.append(IKEntry(ascii("k\(k)"), seq, kind, kind == .deletion ? [] : ascii("v\(seq)")))
                        seq += 1
                    }
                }
                if entries.isEmpty { entries = [IKEntry(ascii("k\(keys.lowerBound)"), seq, .value, ascii("v\(seq)"))]; seq += 1 }
                return try s.table(n, entries)
            }
            let l2 = try randomFile(1, keys: 0..<100)
            let l1a = try randomFile(2, keys: 10..<50)
            let l1b = try randomFile(3, keys: 60..<90)
            let l0 = try (4...7).map { try randomFile(UInt64($0), keys: (rng.below(50))..<(50 + rng.below(50))) }
            let v = Version(files: [l0, [l1a, l1b], [l2]])
            let snapshot = UInt64(rng.below(Int(seq)))
            let c = try #require(Compaction.whole(level: 0, of: v))
            let out = try s.run(c, v, smallestSnapshot: snapshot)
            let next = c.apply(to: v, outputs: out)
            for k in 0..<100 {
                for q in stride(from: snapshot, through: seq, by: max(1, Int(seq - snapshot) / 20)) {
                    #expect(visible(try next.get(ascii("k\(k)"), sequence: q)) == visible(try v.get(ascii("k\(k)"), sequence: q)),
                            "round \(round): k\(k) at \(q), snapshot \(snapshot)")
                }
            }
            // And nothing at or below the snapshot survives that a newer visible version shadows.
            let outEntries = try Self.contents(out)
            for (a, b) in zip(outEntries, outEntries.dropFirst()) where a.user == b.user {
                #expect(a.sequence > snapshot, "round \(round): \(b) is shadowed by \(a) for every reader")
            }
        }
    }
}

/// What a reader sees: a tombstone and no entry both read as absent.
func visible(_ r: [UInt8]??) -> [UInt8]? { r ?? nil }
