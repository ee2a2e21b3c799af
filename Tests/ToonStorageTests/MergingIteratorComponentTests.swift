import Foundation
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// `Iterator/MergingIterator.swift` (a heap over sorted children),
/// `Iterator/LevelIterator.swift` (the files of one level, in turn) and
/// `Iterator/SnapshotIterator.swift` (the user's view: newest visible version
/// per key, tombstones hidden, bounds).
@Suite struct MergingIteratorComponentTests {
    static func randomSources(count: Int, entries: Int, seed: UInt64) -> [[IKEntry]] {
        var rng = SeededRandom(seed: seed)
        var sequences = Array(1...UInt64(entries))
        sequences.shuffle(using: &rng)
        var sources = [[IKEntry]](repeating: [], count: count)
        for s in sequences {
            let user = ascii("k\(rng.below(300))")
            let kind: ValueKind = rng.below(4) == 0 ? .deletion : .value
            sources[rng.below(count)].append(IKEntry(user, s, kind, kind == .deletion ? [] : ascii("v\(s)")))
        }
        return sources.map { $0.sorted(by: IKEntry.internalOrder) }
    }

    @Test func mergesSortedSourcesIntoOneOrder() throws {
        let sources = Self.randomSources(count: 6, entries: 4000, seed: 81)
        let merged = MergingIterator(sources.map { ArrayIterator($0) } + [ArrayIterator([]), ArrayIterator([])])
        #expect(try allEntries(merged) == sources.flatMap { $0 }.sorted(by: IKEntry.internalOrder))
        #expect(!merged.isValid)
        // Again from the start: seekToFirst resets every child.
        #expect(try allEntries(merged).count == 4000)
    }

    @Test func memtablesAndSegmentFilesMergeAlike() throws {
        let sources = Self.randomSources(count: 3, entries: 3000, seed: 82)
        let dir = TemporaryDirectory("merge-mixed")
        let mem = MemTable(logNumber: 1)
        for e in sources[0] { mem.add(sequence: e.sequence, kind: e.kind, key: e.user, value: e.value) }
        let cache = BlockCache(capacity: 1 << 20)
        let seg1 = try writeSegment(sources[1], number: 1, dir: dir.path, cache: cache)
        let seg2 = try writeSegment(sources[2], number: 2, dir: dir.path, cache: cache)
        let merged = MergingIterator([mem.makeIterator(), seg1.reader.makeIterator(), seg2.reader.makeIterator()])
        #expect(try allEntries(merged) == sources.flatMap { $0 }.sorted(by: IKEntry.internalOrder))
    }

    @Test func noChildrenAndOnlyEmptyChildren() throws {
        let none = MergingIterator([])
        try none.seekToFirst()
        #expect(!none.isValid)
        try none.seek(ik("a", 1))
        #expect(!none.isValid)
        let empties = MergingIterator([ArrayIterator([]), MemTable(logNumber: 1).makeIterator()])
        try empties.seekToFirst()
        #expect(!empties.isValid)
        let one = MergingIterator([ArrayIterator([IKEntry("only", 1, .value, "x")])])
        #expect(try allEntries(one) == [IKEntry("only", 1, .value, "x")])
    }

    @Test func equalInternalKeysComeFromTheEarlierChildFirst() throws {
        let newer = [IKEntry("a", 5, .value, "newer"), IKEntry("b", 1, .value, "newer-b")]
        let older = [IKEntry("a", 5, .value, "older"), IKEntry("b", 1, .value, "older-b")]
        #expect(try allEntries(MergingIterator([ArrayIterator(newer), ArrayIterator(older)])).map(\.value)
                == ["newer", "older", "newer-b", "older-b"].map(ascii))
        #expect(try allEntries(MergingIterator([ArrayIterator(older), ArrayIterator(newer)])).map(\.value)
                == ["older", "newer", "older-b", "newer-b"].map(ascii))
        // With many children holding the same key, child order decides throughout.
        let many = (0..<9).map { i in ArrayIterator([IKEntry("k", 7, .value, "child\(i)")]) }
        #expect(try allEntries(MergingIterator(many)).map(\.value) == (0..<9).map { ascii("child\($0)") })
    }

    @Test func seekAgreesWithTheSortedUnion() throws {
        let sources = Self.randomSources(count: 4, entries: 2000, seed: 83)
        let union = sources.flatMap { $0 }.sorted(by: IKEntry.internalOrder)
        let merged = MergingIterator(sources.map { ArrayIterator($0) })
        var rng = SeededRandom(seed: 84)
        for _ in 0..<500 {
            let target = IKEntry(ascii("k\(rng.below(320))"), UInt64(rng.below(2100)), .value, [])
            try merged.seek(target.internalKey)
            let expected = union.firstIndex { !IKEntry.internalOrder($0, target) }
            if let expected {
                #expect(try drain(merged, limit: 5) == Array(union[expected..<min(union.count, expected + 5)]))
            } else {
                #expect(!merged.isValid)
            }
        }
        try merged.seek(ik("zzz", 1))
        #expect(!merged.isValid)
        try merged.seek(ik("", InternalKey.maxSequence))
        #expect(try drain(merged) == union)
    }

    @Test func aChildThatEndsLeavesTheOthersRunning() throws {
        let short = [IKEntry("a", 1, .value, "s")]
        let long = (0..<50).map { IKEntry("b\($0)", UInt64(100 + $0), .value, "l") }
        let merged = MergingIterator([ArrayIterator(short), ArrayIterator(long), ArrayIterator([IKEntry("c", 9, .value, "c")])])
        let got = try allEntries(merged)
        #expect(got.count == 52)
        #expect(got.first == short[0] && got.last == IKEntry("c", 9, .value, "c"))
    }
}

@Suite struct LevelIteratorComponentTests {
    @Test func walksTheFilesOfALevelInTurnAndSeeksAcrossThem() throws {
        let dir = TemporaryDirectory("level-iter")
        let cache = BlockCache(capacity: 1 << 20)
        let groups: [[IKEntry]] = [
            (0..<300).map { IKEntry("a\(1000 + $0)", UInt64($0 + 1), .value, "first") },
            (0..<300).map { IKEntry("m\(1000 + $0)", UInt64($0 + 1000), .value, "second") },
            [IKEntry("z", 5, .value, "z5"), IKEntry("z", 4, .deletion)],
        ]
        let files = try groups.enumerated().map { try writeSegment($0.element, number: UInt64($0.offset + 1), dir: dir.path, cache: cache) }
        let it = LevelIterator(files)
        let everything = groups.flatMap { $0 }
        #expect(try allEntries(it) == everything)
        func at(_ target: [UInt8]) throws -> IKEntry? {
            try it.seek(target)
            return it.isValid ? IKEntry(key: it.key, value: it.value) : nil
        }
        #expect(try at(ik("a1150", 1000)) == IKEntry("a1150", 151, .value, "first"))
        #expect(try at(ik("a1299", 0, .deletion)) == IKEntry("m1000", 1000, .value, "second"), "past the end of file 1")
        #expect(try at(ik("b", 1)) == IKEntry("m1000", 1000, .value, "second"), "in the gap between files")
        #expect(try at(ik("", 1)) == IKEntry("a1000", 1, .value, "first"))
        #expect(try at(ik("z", 4)) == IKEntry("z", 4, .deletion, ""))
        #expect(try at(ik("z", 3)) == nil)
        #expect(try at(ik("zz", 9)) == nil)
        // Walking on from a seek crosses into the next file.
        try it.seek(ik("m1298", 2000))
        #expect(try drain(it) == [IKEntry("m1298", 1298, .value, "second"), IKEntry("m1299", 1299, .value, "second"),
                                  IKEntry("z", 5, .value, "z5"), IKEntry("z", 4, .deletion)])
        let empty = LevelIterator([])
        try empty.seekToFirst()
        #expect(!empty.isValid)
        try empty.seek(ik("a", 1))
        #expect(!empty.isValid)
    }
}

@Suite struct SnapshotIteratorComponentTests {
    final class Released: @unchecked Sendable {
        var count = 0
    }

    /// A newer and an older source, as a memtable over a segment would be.
    static let newer = [IKEntry("a", 10, .value, "a10"), IKEntry("b", 8, .deletion), IKEntry("d", 12, .value, "d12")]
    static let older = [IKEntry("a", 5, .value, "a5"), IKEntry("b", 3, .value, "b3"), IKEntry("c", 4, .value, "c4"), IKEntry("d", 1, .value, "d1")]

    static func view(_ sources: [[IKEntry]], at sequence: UInt64, lower: String = "", upper: String? = nil,
                     released: Released? = nil) -> SnapshotIterator {
        SnapshotIterator(source: MergingIterator(sources.map { ArrayIterator($0) }), sequence: sequence,
                         lower: ascii(lower), upper: upper.map(ascii)) { released?.count += 1 }
    }

    static func pairs(_ it: SnapshotIterator) throws -> [String] {
        var out: [String] = []
        while let (k, v) = try it.next() { out.append(String(decoding: k, as: UTF8.self) + "=" + String(decoding: v, as: UTF8.self)) }
        return out
    }

    @Test func theNewestVisibleVersionWinsAndTombstonesHide() throws {
        let s = [Self.newer, Self.older]
        #expect(try Self.pairs(Self.view(s, at: 100)) == ["a=a10", "c=c4", "d=d12"])
        #expect(try Self.pairs(Self.view(s, at: 11)) == ["a=a10", "c=c4", "d=d1"])
        #expect(try Self.pairs(Self.view(s, at: 9)) == ["a=a5", "c=c4", "d=d1"], "b#8 deleted b")
        #expect(try Self.pairs(Self.view(s, at: 7)) == ["a=a5", "b=b3", "c=c4", "d=d1"], "b#8 is not visible at 7")
        #expect(try Self.pairs(Self.view(s, at: 4)) == ["b=b3", "c=c4", "d=d1"])
        #expect(try Self.pairs(Self.view(s, at: 3)) == ["b=b3", "d=d1"])
        #expect(try Self.pairs(Self.view(s, at: 1)) == ["d=d1"])
        #expect(try Self.pairs(Self.view(s, at: 0)) == [])
        // The order of the sources does not matter when sequences differ.
        #expect(try Self.pairs(Self.view([Self.older, Self.newer], at: 100)) == ["a=a10", "c=c4", "d=d12"])
    }

    @Test func boundsAreLowerInclusiveUpperExclusive() throws {
        let s = [Self.newer, Self.older]
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "b")) == ["b=b3", "c=c4", "d=d1"])
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "b", upper: "d")) == ["b=b3", "c=c4"])
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "a\u{0}", upper: "c\u{0}")) == ["b=b3", "c=c4"])
        #expect(try Self.pairs(Self.view(s, at: 7, upper: "a")) == [])
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "c", upper: "c")) == [])
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "d", upper: "b")) == [])
        #expect(try Self.pairs(Self.view(s, at: 7, lower: "e")) == [])
        #expect(try Self.pairs(Self.view(s, at: 100, lower: "b", upper: "d")) == ["c=c4"], "b is deleted at 100")
    }

    @Test func seekRepositionsForwardAndBackward() throws {
        let it = Self.view([Self.newer, Self.older], at: 7)
        #expect(try it.next()?.key == ascii("a"))
        it.seek(ascii("c"))
        #expect(try it.next().map { String(decoding: $0.key + [0x3d] + $0.value, as: UTF8.self) } == "c=c4")
        it.seek(ascii("a"))
        #expect(try Self.pairs(it) == ["a=a5", "b=b3", "c=c4", "d=d1"])
        #expect(try it.next() == nil, "finished stays finished")
        #expect(try it.nextEntry { _, _ in Issue.record("no entry after the end") } == false)
        it.seek(ascii("bb"))
        #expect(try Self.pairs(it) == ["c=c4", "d=d1"], "a seek after the end starts again")
        // A seek below the lower bound is allowed: the bound only sets the first position.
        let bounded = Self.view([Self.newer, Self.older], at: 7, lower: "c")
        bounded.seek(ascii("a"))
        #expect(try bounded.next()?.key == ascii("a"))
        // But the upper bound holds after a seek.
        let upper = Self.view([Self.newer, Self.older], at: 7, upper: "c")
        upper.seek(ascii("b"))
        #expect(try Self.pairs(upper) == ["b=b3"])
    }

    @Test func manyVersionsOfOneKeyAreSkippedBySeeking() throws {
        // More than 16 versions: the iterator steps 16 times, then seeks past the rest.
        let k = (1...40).reversed().map { IKEntry("k", UInt64($0), $0 % 10 == 0 ? .deletion : .value, "k\($0)") }
        let after = [IKEntry("l", 3, .value, "l3"), IKEntry("m", 50, .value, "m50")]
        let s = [k + after]
        #expect(try Self.pairs(Self.view(s, at: 100)) == ["l=l3", "m=m50"], "k#40 is a tombstone")
        #expect(try Self.pairs(Self.view(s, at: 39)) == ["k=k39", "l=l3"])
        #expect(try Self.pairs(Self.view(s, at: 20)) == ["l=l3"])
        #expect(try Self.pairs(Self.view(s, at: 19)) == ["k=k19", "l=l3"])
        #expect(try Self.pairs(Self.view(s, at: 2)) == ["k=k2"])
        // Spread over sources, versions interleave through the merge.
        let split = [k.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) + after,
                     k.enumerated().filter { $0.offset % 3 == 1 }.map(\.element),
                     k.enumerated().filter { $0.offset % 3 == 2 }.map(\.element)]
        for seq: UInt64 in [100, 39, 25, 20, 19, 2] {
            #expect(try Self.pairs(Self.view(split, at: seq)) == Self.pairs(Self.view(s, at: seq)), "at \(seq)")
        }
    }

    @Test func releaseRunsOnceWhenTheCursorIsFreed() throws {
        let released = Released()
        do {
            let it = Self.view([Self.newer], at: 100, released: released)
            _ = try it.next()
            #expect(released.count == 0)
        }
        #expect(released.count == 1)
        do { _ = Self.view([Self.newer], at: 100, released: released) }
        #expect(released.count == 2, "also when never read")
    }

    @Test func agreesWithAModelAtRandomSnapshotsAndRanges() throws {
        let sources = MergingIteratorComponentTests.randomSources(count: 4, entries: 3000, seed: 85)
        var model: [[UInt8]: [(UInt64, ValueKind, [UInt8])]] = [:]
        for e in sources.flatMap({ $0 }) { model[e.user, default: []].append((e.sequence, e.kind, e.value)) }
        let users = model.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var rng = SeededRandom(seed: 86)
        for _ in 0..<60 {
            let seq = UInt64(rng.below(3100))
            let lower = rng.below(4) == 0 ? "" : "k\(rng.below(300))"
            let upper: String? = rng.below(3) == 0 ? nil : "k\(rng.below(300))"
            var expected: [String] = []
            for u in users where !u.lexicographicallyPrecedes(ascii(lower)) && (upper.map { u.lexicographicallyPrecedes(ascii($0)) } ?? true) {
                if let newest = model[u]!.filter({ $0.0 <= seq }).max(by: { $0.0 < $1.0 }), newest.1 == .value {
                    expected.append(String(decoding: u, as: UTF8.self) + "=" + String(decoding: newest.2, as: UTF8.self))
                }
            }
            #expect(try Self.pairs(Self.view(sources, at: seq, lower: lower, upper: upper)) == expected,
                    "at \(seq) in [\(lower), \(upper ?? "∞"))")
        }
    }

    @Test func theEngineIteratorSeesMemtableAndSegmentsAsOne() throws {
        let dir = TemporaryDirectory("snapshot-engine")
        let engine = try StorageEngine.open(path: dir.path)
        defer { try? engine.close() }
        func write(_ ops: (inout WriteBatch) -> Void) throws -> UInt64 {
            var b = WriteBatch()
            ops(&b)
            return try engine.write(b)
        }
        _ = try write { $0.put(ascii("a"), ascii("1")); $0.put(ascii("b"), ascii("1")); $0.put(ascii("c"), ascii("1")) }
        try engine.checkpoint()  // a, b, c now in a segment file
        let before = try write { $0.put(ascii("b"), ascii("2")); $0.delete(ascii("c")) }
        _ = try write { $0.put(ascii("d"), ascii("3")); $0.delete(ascii("a")) }
        func scan(_ snapshot: UInt64?, _ lower: String = "", _ upper: String? = nil) throws -> [String] {
            try Self.pairs(try engine.iterator(lower: ascii(lower), upper: upper.map(ascii), snapshot: snapshot))
        }
        #expect(try scan(nil) == ["b=2", "d=3"])
        #expect(try scan(before) == ["a=1", "b=2"], "the snapshot of the second batch: b and c written, a and d not")
        #expect(try scan(3) == ["a=1", "b=1", "c=1"])
        #expect(try scan(nil, "b", "d") == ["b=2"])
    }
}
