import Foundation
import Synchronization
import ToonCore
internal import ToonStorage

/// An append-only log in the database under `\0a/<kind>/` (FORMAT.md §8.2):
/// keys are `fixed64` big-endian microseconds since 1970 then a `fixed64`
/// big-endian sequence number, so entries sort by time and, within one
/// microsecond, by the order they were made in this process.
struct AuditLog: Sendable {
    /// The key prefix, `\0a/<kind>/`.
    let prefix: [UInt8]

    /// Policy decisions.
    static let policy = AuditLog(prefix: KeySpace.audit + Array("p/".utf8))
    /// Tool invocations.
    static let tools = AuditLog(prefix: KeySpace.audit + Array("t/".utf8))

    /// Makes entry keys unique within a process.
    private static let sequence = Atomic<UInt64>(0)

    /// The key of a new entry made now, and its time in microseconds.
    func nextKey() -> (key: [UInt8], micros: Int64) {
        let micros = Int64(Date().timeIntervalSince1970 * 1e6)
        let seq = Self.sequence.add(1, ordering: .relaxed).newValue
        var k = prefix
        for shift in stride(from: 56, through: 0, by: -8) { k.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: micros) >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { k.append(UInt8(truncatingIfNeeded: seq >> UInt64(shift))) }
        return (k, micros)
    }

    /// The time of an entry key, or nil when it is not one.
    func micros(_ key: [UInt8]) -> Int64? {
        guard key.count == prefix.count + 16 else { return nil }
        var v: UInt64 = 0
        for b in key[prefix.count..<prefix.count + 8] { v = v << 8 | UInt64(b) }
        return Int64(bitPattern: v)
    }

    /// The last `limit` entries (oldest first) as (time, value): a forward
    /// scan of the log keeping the newest `limit`.
    func last(_ limit: Int, engine: any StorageBackend) throws -> [(micros: Int64, value: [UInt8])] {
        guard limit > 0 else {
            if limit < 0 { throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)") }
            return []
        }
        let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor)
        var ring: [(Int64, [UInt8])] = []
        var start = 0
        while let (k, v) = try it.next() {
            guard let t = micros(k) else {
                throw ToonDBError(.corruption, "an audit log key of \(k.count) bytes is malformed",
                                  remediation: "restore the database from a backup")
            }
            if ring.count < limit { ring.append((t, v)) } else {
                ring[start] = (t, v)
                start = (start + 1) % limit
            }
        }
        return Array(ring[start...] + ring[..<start])
    }
}
