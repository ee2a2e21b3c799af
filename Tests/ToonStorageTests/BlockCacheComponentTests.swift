import Foundation
import Synchronization
import Testing
@testable import ToonStorage
import ToonCore
import ToonTestSupport

/// The block cache (`Segment/BlockCache.swift`): 16 shards, each an LRU
/// bounded by `max(capacity / 16, 64 KiB)` bytes; past its bound a shard
/// drops the least recently used quarter of its blocks (at least one).
///
/// A block's shard comes from a mix of its file number and offset (an
/// implementation detail the tests do not copy), so the tests
/// first discover keys that share a shard (two 40 KiB blocks cannot share a
/// 64 KiB shard: inserting the second evicts the first), then check the LRU
/// order exactly within that shard. The discovery is exact, not statistical.
@Suite struct BlockCacheComponentTests {
    typealias Key = (file: UInt64, offset: Int)

    /// A parsed block of `size` bytes (zeros: an empty block with padding).
    static func block(_ size: Int) -> Block {
        [UInt8](repeating: 0, count: size).withUnsafeBytes { Block(copying: $0)! }
    }

    /// Whether two keys fall into the same shard.
    static func sameShard(_ a: Key, _ b: Key) -> Bool {
        let c = BlockCache(capacity: 0)
        c.insert(file: a.file, offset: a.offset, block(40 << 10))
        c.insert(file: b.file, offset: b.offset, block(40 << 10))
        return c.get(file: a.file, offset: a.offset) == nil
    }

    /// `count` keys of one shard, starting with `first`, the others from `candidates`.
    static func shardMates(of first: Key, count: Int, candidates: [Key]) throws -> [Key] {
        var found = [first]
        for c in candidates where found.count < count && (c.file, c.offset) != (first.file, first.offset) {
            if sameShard(first, c) { found.append(c) }
        }
        try #require(found.count == count, "only \(found.count) keys share a shard among \(candidates.count) candidates")
        return found
    }

    static func offsets(file: UInt64, _ range: Range<Int>) -> [Key] { range.map { (file, $0 * 4096) } }

    @Test func hitsMissesAndIdentity() {
        let cache = BlockCache(capacity: 1 << 20)
        #expect(cache.get(file: 1, offset: 0) == nil)
        let b = Self.block(100)
        cache.insert(file: 1, offset: 0, b)
        #expect(cache.get(file: 1, offset: 0) === b)
        #expect(cache.get(file: 1, offset: 0) === b)
        #expect(cache.get(file: 2, offset: 0) == nil, "the file number is part of the key")
        #expect(cache.get(file: 1, offset: 4096) == nil, "the offset is part of the key")
        #expect(cache.hits.load(ordering: .relaxed) == 2)
        #expect(cache.misses.load(ordering: .relaxed) == 3)
        // Inserting the same key again replaces the block.
        let b2 = Self.block(100)
        cache.insert(file: 1, offset: 0, b2)
        #expect(cache.get(file: 1, offset: 0) === b2)
    }

    @Test func shardDiscoveryIsConsistent() throws {
        let mates = try Self.shardMates(of: (1, 0), count: 4, candidates: Self.offsets(file: 1, 1..<2000))
        for a in mates { for b in mates where a != b { #expect(Self.sameShard(a, b)) } }
        // A key of another shard never evicts them.
        let other = try #require(Self.offsets(file: 1, 1..<2000).first { !Self.sameShard((1, 0), $0) })
        for m in mates { #expect(!Self.sameShard(m, other)) }
    }

    @Test func evictionIsLeastRecentlyUsedWithinAShard() throws {
        // Capacity 0: 64 KiB per shard. 16 KiB blocks: four fit exactly, a fifth evicts one.
        let k = try Self.shardMates(of: (7, 0), count: 8, candidates: Self.offsets(file: 7, 1..<4000))
        let cache = BlockCache(capacity: 0)
        func put(_ i: Int) { cache.insert(file: k[i].file, offset: k[i].offset, Self.block(16 << 10)) }
        func has(_ i: Int) -> Bool { cache.get(file: k[i].file, offset: k[i].offset) != nil }
        for i in 0..<4 { put(i) }
        #expect(has(0) && has(1) && has(2) && has(3), "64 KiB is not over 64 KiB")  // use order now: 0 1 2 3
        #expect(has(0))                                                            // 1 2 3 0
        put(4)                                                                     // evicts 1 → 2 3 0 4
        #expect(!has(1))
        #expect(has(2))                                                            // 3 0 4 2
        put(5)                                                                     // evicts 3 → 0 4 2 5
        #expect(!has(3))
        #expect(has(0) && has(4) && has(2) && has(5))                              // 0 4 2 5
        put(6)                                                                     // evicts 0
        put(7)                                                                     // evicts 4
        #expect(!has(0) && !has(4))
        #expect(has(2) && has(5) && has(6) && has(7))
        // Re-inserting a cached key refreshes it and does not count its bytes twice.
        for _ in 0..<10 { put(2) }                                                 // 5 6 7 2
        #expect(has(5) && has(6) && has(7) && has(2))                              // still all four
        put(1)                                                                     // evicts 5
        #expect(!has(5))
        #expect(has(6) && has(7) && has(2) && has(1))
    }

    @Test func evictionAgreesWithAnLRUModel() throws {
        let k = try Self.shardMates(of: (3, 0), count: 10, candidates: Self.offsets(file: 3, 1..<5000))
        let cache = BlockCache(capacity: 0)
        var model: [Int] = []  // least recently used first, at most 4 (16 KiB blocks, 64 KiB shard)
        var rng = SeededRandom(seed: 51)
        var hits = 0, misses = 0
        for step in 0..<3000 {
            let i = rng.below(k.count)
            if rng.below(2) == 0 {
                cache.insert(file: k[i].file, offset: k[i].offset, Self.block(16 << 10))
                model.removeAll { $0 == i }
                model.append(i)
                if model.count > 4 { model.removeFirst() }
            } else {
                let got = cache.get(file: k[i].file, offset: k[i].offset) != nil
                #expect(got == model.contains(i), "step \(step), key \(i), model \(model)")
                if got { hits += 1; model.removeAll { $0 == i }; model.append(i) } else { misses += 1 }
            }
        }
        #expect(cache.hits.load(ordering: .relaxed) == hits)
        #expect(cache.misses.load(ordering: .relaxed) == misses)
    }

    @Test func aFullShardDropsItsOldestQuarter() throws {
        // 4 KiB blocks: 16 fill a 64 KiB shard; the 17th puts it over, and ⌊17 / 4⌋ = 4 oldest go.
        let k = try Self.shardMates(of: (5, 0), count: 17, candidates: Self.offsets(file: 5, 1..<8000))
        let cache = BlockCache(capacity: 0)
        for key in k.prefix(16) { cache.insert(file: key.file, offset: key.offset, Self.block(4096)) }
        cache.insert(file: k[16].file, offset: k[16].offset, Self.block(4096))
        let present = k.map { cache.get(file: $0.file, offset: $0.offset) != nil }
        #expect(present == [false, false, false, false] + [Bool](repeating: true, count: 13))
    }

    @Test func capacityZeroStillKeepsSixtyFourKiBPerShard() {
        // capacity / 16 is floored at 64 KiB: a cache of capacity 0 still caches (1 MiB in all).
        let zero = BlockCache(capacity: 0)
        let b = Self.block(60 << 10)
        zero.insert(file: 1, offset: 0, b)
        #expect(zero.get(file: 1, offset: 0) === b)
        // A block larger than a shard's bound is dropped at once when alone in its shard.
        let fresh = BlockCache(capacity: 0)
        fresh.insert(file: 2, offset: 0, Self.block((64 << 10) + 8))
        #expect(fresh.get(file: 2, offset: 0) == nil)
        let exact = BlockCache(capacity: 0)
        exact.insert(file: 2, offset: 0, Self.block(64 << 10))
        #expect(exact.get(file: 2, offset: 0) != nil)
        // With 16 MiB the bound per shard is 1 MiB.
        let big = BlockCache(capacity: 16 << 20)
        big.insert(file: 2, offset: 0, Self.block(1 << 20))
        #expect(big.get(file: 2, offset: 0) != nil)
        let bigFresh = BlockCache(capacity: 16 << 20)
        bigFresh.insert(file: 2, offset: 1, Self.block((1 << 20) + 8))
        #expect(bigFresh.get(file: 2, offset: 1) == nil)
    }

    @Test func theWholeCacheStaysWithinSixteenShardBounds() {
        // 1 MiB of capacity: 64 KiB per shard, at most 16 blocks of 4 KiB each.
        let cache = BlockCache(capacity: 1 << 20)
        for i in 0..<2000 { cache.insert(file: 9, offset: i * 4096, Self.block(4096)) }
        let kept = (0..<2000).filter { cache.get(file: 9, offset: $0 * 4096) != nil }
        // A shard never holds more than 16 such blocks after an insert (the 17th evicts 4).
        #expect(kept.count <= 16 * 16, "\(kept.count) blocks of 4 KiB kept")
        // The newest block of a shard is never the one evicted: the last insert is cached.
        #expect(kept.contains(1999))
    }

    @Test func evictingAFileDropsOnlyItsBlocksAndTheirBytes() throws {
        let f1 = try Self.shardMates(of: (11, 0), count: 3, candidates: Self.offsets(file: 11, 1..<3000))
        let f2 = try Self.shardMates(of: f1[0], count: 5, candidates: Self.offsets(file: 12, 0..<6000)).dropFirst()
        let cache = BlockCache(capacity: 0)
        for k in f1.prefix(2) { cache.insert(file: k.file, offset: k.offset, Self.block(16 << 10)) }
        for k in f2.prefix(2) { cache.insert(file: k.file, offset: k.offset, Self.block(16 << 10)) }
        cache.evict(file: 11)
        #expect(cache.get(file: 11, offset: f1[0].offset) == nil)
        #expect(cache.get(file: 11, offset: f1[1].offset) == nil)
        // The shard's byte count dropped by 32 KiB: two more 16 KiB blocks fit without eviction.
        for k in f2.suffix(2) { cache.insert(file: k.file, offset: k.offset, Self.block(16 << 10)) }
        for k in f2 { #expect(cache.get(file: k.file, offset: k.offset) != nil) }
        // Evicting a file with no cached blocks changes nothing.
        cache.evict(file: 99)
        for k in f2 { #expect(cache.get(file: k.file, offset: k.offset) != nil) }
        cache.evict(file: 12)
        for k in f2 { #expect(cache.get(file: k.file, offset: k.offset) == nil) }
    }

    @Test func concurrentUseCountsEveryLookup() {
        let cache = BlockCache(capacity: 256 << 10)
        let blocks = (0..<64).map { _ in Self.block(8 << 10) }
        let threads = 4, rounds = 5000
        let hitsSeen = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var rng = SeededRandom(seed: UInt64(60 + t))
            var local = 0
            for _ in 0..<rounds {
                let i = rng.below(blocks.count)
                if let b = cache.get(file: 1, offset: i) {
                    if b === blocks[i] { local += 1 }
                } else {
                    cache.insert(file: 1, offset: i, blocks[i])
                }
            }
            hitsSeen.add(local, ordering: .relaxed)
        }
        #expect(cache.hits.load(ordering: .relaxed) + cache.misses.load(ordering: .relaxed) == threads * rounds)
        #expect(cache.hits.load(ordering: .relaxed) == hitsSeen.load(ordering: .relaxed), "every hit returned the block inserted for its key")
    }
}
