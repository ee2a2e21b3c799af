import ToonCore

/// A checked, parsed block of a segment file (FORMAT.md §3.1):
/// `entries ‖ u32 offsets[n] ‖ u32 n`, each entry `varint keyLen ‖ varint valueLen ‖ key ‖ value`.
final class Block: @unchecked Sendable {
    let data: [UInt8]
    let count: Int
    private let offsetsStart: Int

    /// Parses block contents (checksum already verified); nil when malformed.
    init?(_ data: [UInt8]) {
        guard data.count >= 4 else { return nil }
        let n = data.withUnsafeBytes { Int(Varint.fixed32($0, $0.count - 4)) }
        guard n <= (data.count - 4) / 4 else { return nil }
        self.data = data
        count = n
        offsetsStart = data.count - 4 - 4 * n
    }

    /// The byte ranges of entry `i`'s key and value.
    @inline(__always)
    func entry(_ i: Int) -> (key: Range<Int>, value: Range<Int>)? {
        data.withUnsafeBytes { p in
            var pos = Int(Varint.fixed32(p, offsetsStart + 4 * i))
            guard pos < offsetsStart,
                  let kl = Varint.read(p, &pos), let vl = Varint.read(p, &pos),
                  UInt64(offsetsStart - pos) >= kl &+ vl, kl >= 8 else { return nil }
            let k = pos..<(pos + Int(kl))
            return (k, k.upperBound..<(k.upperBound + Int(vl)))
        }
    }

    /// The index of the first entry whose key is at or after `target` (internal order), `count` when none.
    func lowerBound(_ target: [UInt8]) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let e = entry(mid) else { return nil }
            let c = data.withUnsafeBytes { p in
                target.withUnsafeBytes { t in InternalKey.compare(UnsafeRawBufferPointer(rebasing: p[e.key]), t) }
            }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Builds a block in the layout of ``Block``.
struct BlockBuilder {
    private(set) var buffer: [UInt8] = []
    private var offsets: [UInt32] = []

    var isEmpty: Bool { offsets.isEmpty }
    /// The size the block will have when finished.
    var estimatedSize: Int { buffer.count + 4 * offsets.count + 4 }

    mutating func add(_ key: [UInt8], _ value: [UInt8]) {
        offsets.append(UInt32(buffer.count))
        Varint.append(UInt64(key.count), to: &buffer)
        Varint.append(UInt64(value.count), to: &buffer)
        buffer.append(contentsOf: key)
        buffer.append(contentsOf: value)
    }

    /// The finished contents; the builder is reset.
    mutating func finish() -> [UInt8] {
        var out = buffer
        for o in offsets { Varint.appendFixed32(o, to: &out) }
        Varint.appendFixed32(UInt32(offsets.count), to: &out)
        buffer.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        return out
    }
}
