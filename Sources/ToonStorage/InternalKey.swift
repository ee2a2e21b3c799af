import Foundation
import ToonCore

/// What an entry records for its user key.
package enum ValueKind: UInt8, Sendable {
    /// The key was deleted (a tombstone).
    case deletion = 0
    /// The key holds the entry's value.
    case value = 1
}

/// Internal keys: `userKey ‖ fixed64(sequence << 8 | kind)` (FORMAT.md §1).
///
/// Invariants:
/// 1. Internal keys order by user key ascending, then by sequence descending,
///    so the newest version of a key comes first.
/// 2. A sequence number is at most ``maxSequence`` (56 bits).
package enum InternalKey {
    /// The largest sequence number.
    package static let maxSequence: UInt64 = (1 << 56) - 1

    /// Builds the internal key for `userKey` at `sequence`.
    @inlinable
    package static func make(_ userKey: [UInt8], sequence: UInt64, kind: ValueKind) -> [UInt8] {
        var k = [UInt8]()
        k.reserveCapacity(userKey.count + 8)
        k.append(contentsOf: userKey)
        Varint.appendFixed64(sequence << 8 | UInt64(kind.rawValue), to: &k)
        return k
    }

    /// The key that seeks to the newest version of `userKey` visible at `sequence`.
    @inlinable
    package static func seekKey(_ userKey: [UInt8], sequence: UInt64) -> [UInt8] {
        make(userKey, sequence: sequence, kind: .value)
    }

    /// Calls `body` with the seek key of `userKey` at `sequence` (as ``seekKey(_:sequence:)``
    /// builds it) in temporary memory: a lookup allocates no array for it.
    @inlinable
    package static func withSeekKey<R>(_ userKey: [UInt8], sequence: UInt64,
                                       _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(byteCount: userKey.count + 8, alignment: 8) { buffer in
            userKey.withUnsafeBytes { u in
                if u.count > 0 { buffer.baseAddress!.copyMemory(from: u.baseAddress!, byteCount: u.count) }
            }
            buffer.storeBytes(of: (sequence << 8 | UInt64(ValueKind.value.rawValue)).littleEndian,
                              toByteOffset: userKey.count, as: UInt64.self)
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Compares two internal keys (invariant 1).
    @inlinable
    package static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let ua = UnsafeRawBufferPointer(rebasing: a[0..<(a.count - 8)])
        let ub = UnsafeRawBufferPointer(rebasing: b[0..<(b.count - 8)])
        let c = compareBytes(ua, ub)
        if c != 0 { return c }
        let ta = UInt64(littleEndian: a.loadUnaligned(fromByteOffset: a.count - 8, as: UInt64.self))
        let tb = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: b.count - 8, as: UInt64.self))
        return ta > tb ? -1 : (ta < tb ? 1 : 0)
    }

    /// Compares two internal keys held in arrays.
    @inlinable
    package static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in compare(pa, pb) } }
    }

    /// The first 8 bytes of the user key of internal key `k`, zero-padded, as a big-endian
    /// number: prefixes order as the user keys do (a smaller key never has a larger
    /// prefix), so a search on them narrows a search on whole keys.
    /// With `from`, the 8 bytes from that offset, for keys that share their first `from` bytes.
    @inlinable
    package static func userKeyPrefix(_ k: UnsafeRawBufferPointer, from start: Int = 0) -> UInt64 {
        var prefix: UInt64 = 0
        let n = k.count - 8
        for i in start..<(start + 8) { prefix = prefix << 8 | UInt64(i < n ? k[i] : 0) }
        return prefix
    }

    /// The user-key part.
    @inlinable
    package static func userKey(_ k: UnsafeRawBufferPointer) -> [UInt8] { Array(k[0..<(k.count - 8)]) }

    /// The user-key part of an array.
    @inlinable
    package static func userKey(_ k: [UInt8]) -> [UInt8] { Array(k.dropLast(8)) }

    /// The sequence number and kind, from the trailer.
    @inlinable
    package static func trailer(_ k: UnsafeRawBufferPointer) -> (sequence: UInt64, kind: ValueKind) {
        let t = Varint.fixed64(k, k.count - 8)
        return (t >> 8, ValueKind(rawValue: UInt8(truncatingIfNeeded: t)) ?? .value)
    }

    /// Whether the internal key `k` belongs to `userKey`.
    @inlinable
    package static func hasUserKey(_ k: UnsafeRawBufferPointer, _ userKey: [UInt8]) -> Bool {
        k.count == userKey.count + 8 && userKey.withUnsafeBytes { pu in
            pu.count == 0 || memcmp(k.baseAddress!, pu.baseAddress!, pu.count) == 0
        }
    }
}
