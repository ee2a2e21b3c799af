import ToonCore

/// A bloom filter over the user keys of one segment file (FORMAT.md §3.3):
/// `bits ‖ u8 probes`, 10 bits per key, double hashing of a 32-bit hash.
struct BloomFilter {
    static let bitsPerKey = 10

    /// Builds the filter bytes for `hashes` (from ``hash(_:)``).
    static func build(hashes: [UInt32]) -> [UInt8] {
        let probes = max(1, min(30, Int(Double(bitsPerKey) * 0.69)))
        let bits = max(64, hashes.count * bitsPerKey)
        let bytes = (bits + 7) / 8
        var out = [UInt8](repeating: 0, count: bytes + 1)
        let nbits = UInt32(bytes * 8)
        for var h in hashes {
            let delta = (h >> 17) | (h << 15)
            for _ in 0..<probes {
                let pos = Int(h % nbits)
                out[pos / 8] |= 1 << UInt8(pos % 8)
                h &+= delta
            }
        }
        out[bytes] = UInt8(probes)
        return out
    }

    /// Whether the filter may hold a key with this hash (false means certainly not).
    static func mayContain(_ filter: [UInt8], hash: UInt32) -> Bool {
        guard filter.count >= 2 else { return true }
        let bytes = filter.count - 1
        let probes = Int(filter[bytes])
        if probes > 30 { return true }
        let nbits = UInt32(bytes * 8)
        var h = hash
        let delta = (h >> 17) | (h << 15)
        for _ in 0..<probes {
            let pos = Int(h % nbits)
            if filter[pos / 8] & (1 << UInt8(pos % 8)) == 0 { return false }
            h &+= delta
        }
        return true
    }

    /// A 32-bit hash of a user key (a Murmur-style mix).
    static func hash(_ p: UnsafeRawBufferPointer) -> UInt32 {
        let m: UInt32 = 0xC6A4_A793
        var h: UInt32 = 0xBC9F_1D34 ^ (UInt32(truncatingIfNeeded: p.count) &* m)
        var i = 0
        while i + 4 <= p.count {
            let w = UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
            h = (h &+ w) &* m
            h ^= h >> 16
            i += 4
        }
        let rest = p.count - i
        if rest == 3 { h &+= UInt32(p[i + 2]) << 16 }
        if rest >= 2 { h &+= UInt32(p[i + 1]) << 8 }
        if rest >= 1 {
            h &+= UInt32(p[i])
            h = h &* m
            h ^= h >> 24
        }
        return h
    }
}
