import ToonCore
import ToonIndex

/// An ``IndexStore`` in memory, for unit tests of the indexes: a sorted array
/// of entries, searched by binary search.
public final class MemoryIndexStore: IndexStore, @unchecked Sendable {
    /// The entries, ascending by key.
    public private(set) var entries: [(key: [UInt8], value: [UInt8])] = []
    /// Writes (puts and deletes) so far.
    public private(set) var writes = 0

    /// An empty store.
    public init() {}

    /// The index of the first entry with a key >= `key`.
    private func lowerBound(_ key: [UInt8]) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if compareBytes(entries[mid].key, key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public func get(_ key: [UInt8]) throws -> [UInt8]? {
        let i = lowerBound(key)
        return i < entries.count && entries[i].key == key ? entries[i].value : nil
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws {
        writes += 1
        let i = lowerBound(key)
        if i < entries.count && entries[i].key == key { entries[i].value = value } else { entries.insert((key, value), at: i) }
    }

    public func delete(_ key: [UInt8]) throws {
        writes += 1
        let i = lowerBound(key)
        if i < entries.count && entries[i].key == key { entries.remove(at: i) }
    }

    public func scan(from lower: [UInt8], to upper: [UInt8]?,
                     _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        var i = lowerBound(lower)
        while i < entries.count {
            let (k, v) = entries[i]
            if let upper, compareBytes(k, upper) >= 0 { return }
            let going = try k.withUnsafeBytes { kp in try v.withUnsafeBytes { vp in try body(kp, vp) } }
            if !going { return }
            i += 1
        }
    }
}
