import ToonCore

/// A checked, parsed block of a segment file (FORMAT.md §3.1):
/// `entries ‖ u32 offsets[n] ‖ u32 n`, each entry `varint keyLen ‖ varint valueLen ‖ key ‖ value`.
///
/// The bytes live in memory the block owns and never moves, so cursors can
/// hand out pointers into it for as long as they hold the block.
final class Block: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let count: Int
    private let offsetsStart: Int

    /// Copies and parses block contents (checksum already verified); nil when malformed.
    init?(copying contents: UnsafeRawBufferPointer) {
        guard contents.count >= 4 else { return nil }
        let n = Int(Varint.fixed32(contents, contents.count - 4))
        guard n <= (contents.count - 4) / 4 else { return nil }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: contents.count, alignment: 8)
        storage.copyMemory(from: contents)
        bytes = UnsafeRawBufferPointer(storage)
        count = n
        offsetsStart = contents.count - 4 - 4 * n
    }

    deinit { bytes.deallocate() }

    /// Bytes held, for the cache's accounting.
    var size: Int { bytes.count }

    /// Entry `i`'s key and value, pointing into the block; nil when malformed.
    @inline(__always)
    func entry(_ i: Int) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        let p = bytes
        var pos = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offsetsStart + 4 * i, as: UInt32.self)))
        guard pos < offsetsStart,
              let kl = length(&pos), let vl = length(&pos), pos <= offsetsStart,
              kl >= 8, kl <= UInt64(offsetsStart - pos), vl <= UInt64(offsetsStart - pos) - kl else { return nil }
        let k = Int(kl), v = Int(vl)
        return (UnsafeRawBufferPointer(rebasing: p[pos..<(pos + k)]),
                UnsafeRawBufferPointer(rebasing: p[(pos + k)..<(pos + k + v)]))
    }

    /// The varint at `pos`, advancing it: one byte read inline (lengths below 128, the
    /// common case), longer ones by ``Varint/read(_:_:)``, which checks the bounds.
    @inline(__always)
    private func length(_ pos: inout Int) -> UInt64? {
        if pos < offsetsStart {
            let byte = bytes.load(fromByteOffset: pos, as: UInt8.self)
            if byte < 0x80 {
                pos += 1
                return UInt64(byte)
            }
        }
        return Varint.read(bytes, &pos)
    }

    /// The index of the first entry whose key is at or after `target` (internal order), `count` when none;
    /// with `range`, the caller knows the entries before it are below `target` and those after it not.
    func lowerBound(_ target: UnsafeRawBufferPointer, in range: Range<Int>? = nil) -> Int? {
        var lo = range?.lowerBound ?? 0, hi = range?.upperBound ?? count
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let e = entry(mid) else { return nil }
            if InternalKey.compare(e.key, target) < 0 { lo = mid + 1 } else { hi = mid }
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

    mutating func add(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) {
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
