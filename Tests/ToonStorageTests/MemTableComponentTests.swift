import Foundation
import Synchronization
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// Internal keys (FORMAT.md §1) and the memtable (`MemTable/MemTable.swift`).
@Suite struct InternalKeyComponentTests {
    @Test func layoutMatchesTheFormatExample() {
        // FORMAT.md §1: user key `a`, sequence 1, kind value.
        #expect(ik("a", 1) == hex("61 01 01 00 00 00 00 00 00"))
        #expect(ik("a", 1, .deletion) == hex("61 00 01 00 00 00 00 00 00"))
        #expect(ik("", 0x0102_0304_0506_07) == hex("01 07 06 05 04 03 02 01"))
        #expect(ik([], InternalKey.maxSequence) == hex("01 ff ff ff ff ff ff ff"))
        #expect(InternalKey.seekKey(ascii("xy"), sequence: 9) == ik("xy", 9, .value))
    }

    @Test func trailerAndUserKeyRoundTrip() {
        for seq: UInt64 in [0, 1, 255, 256, 1 << 40, InternalKey.maxSequence] {
            for kind in [ValueKind.value, .deletion] {
                let k = ik(ascii("user\u{0}key"), seq, kind)
                k.withUnsafeBytes { p in
                    let t = InternalKey.trailer(p)
                    #expect(t.sequence == seq)
                    #expect(t.kind == kind)
                    #expect(InternalKey.userKey(p) == ascii("user\u{0}key"))
                    #expect(InternalKey.hasUserKey(p, ascii("user\u{0}key")))
                    #expect(!InternalKey.hasUserKey(p, ascii("user\u{0}ke")))
                    #expect(!InternalKey.hasUserKey(p, ascii("user\u{0}keyy")))
                }
                #expect(InternalKey.userKey(k) == ascii("user\u{0}key"))
            }
        }
        // Readers treat any kind byte other than 0 as a value (FORMAT.md §1).
        var odd = ik("k", 7)
        odd[1] = 0x7f
        odd.withUnsafeBytes { #expect(InternalKey.trailer($0) == (7, .value)) }
    }

    @Test func orderIsUserKeyAscendingThenTagDescending() {
        func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { InternalKey.compare(a, b) < 0 }
        #expect(less(ik("a", 5), ik("a", 4)), "newer version first")
        #expect(less(ik("a", 5, .value), ik("a", 5, .deletion)), "the tag decides: value (1) above deletion (0)")
        #expect(less(ik("a", 1), ik("b", 100)))
        #expect(less(ik("a", 1), ik("a\u{0}", 100)), "a prefix sorts first")
        #expect(less(ik("", 1), ik("\u{0}", 100)), "the empty key is the smallest")
        #expect(less(ik("ab", 100), ik("b", 1)))
        #expect(less(ik([0x7f], 1), ik([0x80], 1)), "bytes compare unsigned")
        #expect(less(ik([0x01, 0xff], 1), ik([0x02], 1)))
        #expect(InternalKey.compare(ik("same", 3), ik("same", 3)) == 0)
        #expect(InternalKey.compare(ik("b", 1), ik("a", 1)) > 0)
        // The whole 64-bit tag is compared, not only its low bytes.
        #expect(less(ik("k", 1 << 48), ik("k", (1 << 48) - 1)))
        #expect(less(ik("k", InternalKey.maxSequence), ik("k", 0)))
    }
}

@Suite struct MemTableComponentTests {
    /// A random set of entries: many versions per key, keys that are prefixes
    /// of one another, the empty key, bytes above 0x7f; unique sequences.
    static func randomEntries(count: Int, seed: UInt64) -> [IKEntry] {
        var rng = SeededRandom(seed: seed)
        let alphabet: [[UInt8]] = [[], [0x00], [0x61], [0x61, 0x00], [0x61, 0x62], [0x61, 0x62, 0x63], [0x62],
                                   [0x7f], [0x80], [0xff], [0xff, 0xff], ascii("key-00"), ascii("key-01"), ascii("key-1")]
        var sequences = Array(1...UInt64(count))
        sequences.shuffle(using: &rng)
        return (0..<count).map { i in
            var user = alphabet[rng.below(alphabet.count)]
            if rng.below(3) == 0 { user += (0..<rng.below(5)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
            let kind: ValueKind = rng.below(4) == 0 ? .deletion : .value
            let value = kind == .deletion ? [] : (0..<rng.below(40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            return IKEntry(user, sequences[i], kind, value)
        }
    }

    @Test func iterationFollowsInternalKeyOrder() throws {
        let entries = Self.randomEntries(count: 3000, seed: 21)
        let m = MemTable(logNumber: 9)
        for e in entries { m.add(sequence: e.sequence, kind: e.kind, key: e.user, value: e.value) }
        #expect(m.logNumber == 9)
        #expect(m.entryCount == 3000)
        let got = try allEntries(m.makeIterator())
        #expect(got.count == 3000)
        #expect(got == entries.sorted(by: IKEntry.internalOrder))
        // And the engine's comparator agrees with the independent one on every neighbour pair.
        for (a, b) in zip(got, got.dropFirst()) {
            #expect(InternalKey.compare(a.internalKey, b.internalKey) < 0)
        }
    }

    @Test func lookupsAnswerAtEverySnapshot() {
        let m = MemTable(logNumber: 1)
        m.add(sequence: 30, kind: .value, key: ascii("k"), value: ascii("v30"))
        m.add(sequence: 10, kind: .value, key: ascii("k"), value: ascii("v10"))
        m.add(sequence: 40, kind: .value, key: ascii("k"), value: ascii("v40"))
        m.add(sequence: 20, kind: .deletion, key: ascii("k"), value: [])
        m.add(sequence: 25, kind: .value, key: ascii("j"), value: ascii("j25"))
        m.add(sequence: 5, kind: .value, key: ascii("l"), value: ascii("l5"))
        m.add(sequence: 15, kind: .value, key: ascii("kk"), value: ascii("kk15"))
        m.add(sequence: 35, kind: .value, key: [], value: ascii("empty"))
        for s: UInt64 in 0...50 {
            let expected: [UInt8]?? = switch s {
            case 0..<10: nil
            case 10..<20: .some(ascii("v10"))
            case 20..<30: .some(nil)
            case 30..<40: .some(ascii("v30"))
            default: .some(ascii("v40"))
            }
            #expect(m.get(ascii("k"), sequence: s) == expected, "k at \(s)")
            #expect(m.get(ascii("j"), sequence: s) == (s >= 25 ? .some(ascii("j25")) : nil), "j at \(s)")
            #expect(m.get(ascii("kk"), sequence: s) == (s >= 15 ? .some(ascii("kk15")) : nil), "kk at \(s)")
            #expect(m.get([], sequence: s) == (s >= 35 ? .some(ascii("empty")) : nil), "empty key at \(s)")
        }
        #expect(m.get(ascii("k"), sequence: InternalKey.maxSequence) == .some(ascii("v40")))
        #expect(m.get(ascii("l"), sequence: 4) == nil)
        #expect(m.get(ascii("l"), sequence: 5) == .some(ascii("l5")))
        for absent in ["", "a", "i", "k\u{0}", "ka", "kkk", "m", "\u{7f}"] where !absent.isEmpty {
            #expect(m.get(ascii(absent), sequence: 100) == nil, "\(absent) was never written")
        }
    }

    @Test func lookupsAgreeWithAModel() {
        var rng = SeededRandom(seed: 22)
        let m = MemTable(logNumber: 1)
        var model: [[UInt8]: [(UInt64, [UInt8]?)]] = [:]
        let keys = (0..<60).map { ascii("key\($0)") }
        for seq in 1...UInt64(4000) {
            let key = keys[rng.below(keys.count)]
            if rng.below(5) == 0 {
                m.add(sequence: seq, kind: .deletion, key: key, value: [])
                model[key, default: []].append((seq, nil))
            } else {
                let v = ascii("\(seq)-\(rng.next() % 1000)")
                m.add(sequence: seq, kind: .value, key: key, value: v)
                model[key, default: []].append((seq, v))
            }
        }
        for _ in 0..<3000 {
            let key = rng.below(10) == 0 ? ascii("absent\(rng.below(100))") : keys[rng.below(keys.count)]
            let s = UInt64(rng.below(4200))
            let expected: [UInt8]?? = model[key]?.last { $0.0 <= s }.map { .some($0.1) } ?? nil
            #expect(m.get(key, sequence: s) == expected)
        }
    }

    @Test func tombstonesAreEntriesOfKindDeletion() throws {
        let m = MemTable(logNumber: 1)
        m.add(sequence: 1, kind: .value, key: ascii("x"), value: ascii("1"))
        m.add(sequence: 2, kind: .deletion, key: ascii("x"), value: [])
        m.add(sequence: 3, kind: .deletion, key: ascii("never-written"), value: [])
        #expect(m.get(ascii("x"), sequence: 2) == .some(nil))
        #expect(m.get(ascii("x"), sequence: 1) == .some(ascii("1")))
        #expect(m.get(ascii("never-written"), sequence: 3) == .some(nil), "a tombstone answers even without an older value")
        #expect(m.get(ascii("never-written"), sequence: 2) == nil)
        #expect(try allEntries(m.makeIterator()) == [IKEntry("never-written", 3, .deletion), IKEntry("x", 2, .deletion), IKEntry("x", 1, .value, "1")])
        #expect(m.entryCount == 3)
    }

    @Test func seekLandsOnTheFirstEntryAtOrAfterTheTarget() throws {
        let m = MemTable(logNumber: 1)
        for e in [IKEntry("a", 3, .value, "a3"), IKEntry("a", 1, .value, "a1"), IKEntry("c", 2, .value, "c2"), IKEntry("e", 5, .value, "e5")] {
            m.add(sequence: e.sequence, kind: e.kind, key: e.user, value: e.value)
        }
        let it = m.makeIterator()
        func at(_ target: [UInt8]) throws -> IKEntry? {
            try it.seek(target)
            return it.isValid ? IKEntry(key: it.key, value: it.value) : nil
        }
        #expect(try at(ik("", InternalKey.maxSequence)) == IKEntry("a", 3, .value, "a3"))
        #expect(try at(ik("a", InternalKey.maxSequence)) == IKEntry("a", 3, .value, "a3"))
        #expect(try at(ik("a", 3)) == IKEntry("a", 3, .value, "a3"))
        #expect(try at(ik("a", 3, .deletion)) == IKEntry("a", 1, .value, "a1"), "tag 3<<8|0 sorts after a#3 (value)")
        #expect(try at(ik("a", 2)) == IKEntry("a", 1, .value, "a1"))
        #expect(try at(ik("a", 0, .deletion)) == IKEntry("c", 2, .value, "c2"), "the smallest tag seeks past every version")
        #expect(try at(ik("b", 9)) == IKEntry("c", 2, .value, "c2"))
        #expect(try at(ik("c", 1)) == IKEntry("e", 5, .value, "e5"))
        #expect(try at(ik("e", 5)) == IKEntry("e", 5, .value, "e5"))
        #expect(try at(ik("e", 4)) == nil, "e#5 sorts before e#4: nothing at or after it")
        #expect(try at(ik("f", 100)) == nil)
        // Seeking backwards after the end works, and next() walks to the end.
        try it.seek(ik("a", 2))
        #expect(try drain(it) == [IKEntry("a", 1, .value, "a1"), IKEntry("c", 2, .value, "c2"), IKEntry("e", 5, .value, "e5")])
        #expect(!it.isValid)

        let empty = MemTable(logNumber: 2).makeIterator()
        try empty.seekToFirst()
        #expect(!empty.isValid)
        try empty.seek(ik("a", 1))
        #expect(!empty.isValid)
    }

    @Test func seekAgreesWithABinarySearchOfTheSortedEntries() throws {
        let entries = Self.randomEntries(count: 1500, seed: 23).sorted(by: IKEntry.internalOrder)
        let m = MemTable(logNumber: 1)
        var rng = SeededRandom(seed: 25)
        for e in entries.shuffled(using: &rng) { m.add(sequence: e.sequence, kind: e.kind, key: e.user, value: e.value) }
        let it = m.makeIterator()
        for _ in 0..<1500 {
            let base = entries[rng.below(entries.count)]
            // Targets on an entry and just around it.
            let target: IKEntry = switch rng.below(4) {
            case 0: base
            case 1: IKEntry(base.user, base.sequence + 1, .value, [])
            case 2: IKEntry(base.user, base.sequence, .deletion, [])
            default: IKEntry(base.user + [0x00], UInt64(rng.below(5000)), .value, [])
            }
            // The first entry not ordered before the target (independent comparator).
            let expected = entries.firstIndex { !IKEntry.internalOrder($0, target) }
            try it.seek(target.internalKey)
            if let expected {
                #expect(it.isValid)
                if it.isValid { #expect(IKEntry(key: it.key, value: it.value) == entries[expected]) }
            } else {
                #expect(!it.isValid)
            }
        }
    }

    @Test func memoryUsageCountsEveryNodeExactly() {
        // Node layout: 16-byte header, 8 bytes per link (1…12 links), key ‖ tag ‖ value,
        // rounded up to 8. Whatever height a node draws, the difference must decode to it.
        let m = MemTable(logNumber: 1)
        #expect(m.memoryUsage == 0)
        #expect(m.entryCount == 0)
        var rng = SeededRandom(seed: 26)
        var heights = [Int](repeating: 0, count: MemTable.maxHeight + 1)
        var before = 0
        for i in 0..<2000 {
            let key = (0..<rng.below(30)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let value = (0..<rng.below(100)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            m.add(sequence: UInt64(i + 1), kind: .value, key: key, value: value)
            let delta = m.memoryUsage - before
            before = m.memoryUsage
            let payload = (key.count + 8 + value.count + 7) / 8 * 8
            let links = delta - 16 - payload
            #expect(links % 8 == 0 && links >= 8 && links <= 8 * MemTable.maxHeight, "entry \(i): \(delta) bytes for \(payload) of payload")
            if links % 8 == 0 && links >= 8 && links <= 8 * MemTable.maxHeight { heights[links / 8] += 1 }
        }
        #expect(m.entryCount == 2000)
        #expect(heights.reduce(0, +) == 2000)
        // Heights are geometric with p = 1/4: about three quarters of the nodes have one link.
        // The generator is seeded by the memtable, so these counts are fixed for this sequence of inserts.
        #expect(heights[1] > 1400 && heights[1] < 1600, "height-1 nodes: \(heights[1])")
        #expect(heights[2] > 300 && heights[2] < 450, "height-2 nodes: \(heights[2])")
    }

    @Test func largeValuesAreAccountedAndReadBack() throws {
        let m = MemTable(logNumber: 1)
        m.add(sequence: 1, kind: .value, key: ascii("small"), value: ascii("s"))
        let base = m.memoryUsage
        #expect(base >= 16 + 8 + 16 && base <= 16 + 96 + 16, "one small node, not a 1 MiB chunk: \(base)")
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        m.add(sequence: 2, kind: .value, key: ascii("big"), value: big)
        let delta = m.memoryUsage - base
        let payload = (3 + 8 + big.count + 7) / 8 * 8
        #expect(delta - 16 - payload >= 8 && delta - 16 - payload <= 96)
        #expect(m.get(ascii("big"), sequence: 2) == .some(big))
        #expect(m.get(ascii("small"), sequence: 2) == .some(ascii("s")))
        #expect(try allEntries(m.makeIterator()).map(\.user) == [ascii("big"), ascii("small")])
        // Many entries spill over several 1 MiB chunks; usage keeps counting exactly what was added.
        var total = m.memoryUsage
        for i in 0..<3000 {
            let v = [UInt8](repeating: UInt8(i % 251), count: 1000)
            let b = m.memoryUsage
            m.add(sequence: UInt64(3 + i), kind: .value, key: ascii("fill\(i)"), value: v)
            total += m.memoryUsage - b
        }
        #expect(m.memoryUsage == total)
        #expect(m.memoryUsage > 3000 * 1000 && m.memoryUsage < 3000 * (1000 + 16 + 96 + 24) + base + delta)
        #expect(m.get(ascii("fill1234"), sequence: .max >> 8) == .some([UInt8](repeating: UInt8(1234 % 251), count: 1000)))
    }

    @Test func readersSeeASortedTableWhileAWriterInserts() {
        let m = MemTable(logNumber: 1)
        let done = Atomic<Bool>(false)
        let failures = Atomic<Int>(0)
        let count = 6000
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            if worker == 0 {
                var rng = SeededRandom(seed: 27)
                for i in 0..<count {
                    m.add(sequence: UInt64(i + 1), kind: .value, key: ascii("k\(rng.next() % 100_000)"), value: ascii("\(i)"))
                }
                done.store(true, ordering: .releasing)
                return
            }
            var rounds = 0
            while !done.load(ordering: .acquiring) || rounds < 2 {
                rounds += 1
                let it = m.makeIterator()
                do {
                    try it.seekToFirst()
                    var previous: [UInt8]?
                    while it.isValid {
                        let k = Array(it.key)
                        if let p = previous, InternalKey.compare(p, k) >= 0 { failures.add(1, ordering: .relaxed) }
                        previous = k
                        try it.next()
                    }
                    // The last entry an iterator saw is also visible to get at its sequence.
                    if let p = previous {
                        let t = p.withUnsafeBytes { InternalKey.trailer($0) }
                        if m.get(InternalKey.userKey(p), sequence: t.sequence) == nil { failures.add(1, ordering: .relaxed) }
                    }
                } catch { failures.add(1, ordering: .relaxed) }
                if m.get(ascii("k-none"), sequence: UInt64(count)) != nil { failures.add(1, ordering: .relaxed) }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(m.entryCount == count)
    }
}
