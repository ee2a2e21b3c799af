import Synchronization
import ToonCore

/// An LRU cache of parsed data blocks shared by every segment file of a
/// database, bounded by bytes and split in shards to keep lock waits short.
final class BlockCache: @unchecked Sendable {
    private struct Key: Hashable {
        let file: UInt64
        let offset: Int
    }

    /// A cached block and its last use, updated in place on a hit.
    private final class Entry {
        let block: Block
        var tick: UInt64
        init(_ block: Block, tick: UInt64) { self.block = block; self.tick = tick }
    }

    private final class Shard {
        let lock = ConditionLock()
        var map: [Key: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    /// Lookups answered from the cache, and lookups that went to disk.
    let hits = Atomic<Int>(0)
    let misses = Atomic<Int>(0)
    private let shards: [Shard]
    private let capacityPerShard: Int

    /// A cache holding up to `capacity` bytes.
    init(capacity: Int) {
        shards = (0..<16).map { _ in Shard() }
        capacityPerShard = max(capacity / 16, 64 * 1024)
    }

    /// The shard of a key: the top 4 bits of a multiplicative mix of file and offset
    /// (cheaper than a second hash of the key, which the shard's dictionary hashes anyway).
    private func shard(_ key: Key) -> Shard {
        let mixed = (key.file &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: key.offset)) &* 0xBF58_476D_1CE4_E5B9
        return shards[Int(truncatingIfNeeded: mixed >> 60)]
    }

    /// The cached block, if present.
    func get(file: UInt64, offset: Int) -> Block? {
        let key = Key(file: file, offset: offset)
        let s = shard(key)
        return s.lock.withLock {
            guard let e = s.map[key] else {
                misses.add(1, ordering: .relaxed)
                return nil
            }
            hits.add(1, ordering: .relaxed)
            s.tick += 1
            e.tick = s.tick
            return e.block
        }
    }

    /// Caches a block, evicting the least recently used ones past capacity.
    func insert(file: UInt64, offset: Int, _ block: Block) {
        let key = Key(file: file, offset: offset)
        let s = shard(key)
        s.lock.withLock {
            s.tick += 1
            if let old = s.map.updateValue(Entry(block, tick: s.tick), forKey: key) {
                s.bytes -= old.block.size
            }
            s.bytes += block.size
            if s.bytes > capacityPerShard {
                // Evict the oldest quarter in one pass.
                let sorted = s.map.sorted { $0.value.tick < $1.value.tick }
                for (k, v) in sorted.prefix(max(1, sorted.count / 4)) {
                    s.map[k] = nil
                    s.bytes -= v.block.size
                }
            }
        }
    }

    /// Drops every block of a file (when the file is deleted).
    func evict(file: UInt64) {
        for s in shards {
            s.lock.withLock {
                for k in s.map.keys where k.file == file {
                    s.bytes -= s.map[k]!.block.size
                    s.map[k] = nil
                }
            }
        }
    }
}
