import Foundation
internal import ToonStorage

/// Order-preserving encodings of SQL values into storage keys (FORMAT.md
/// will give the byte tables): comparing encoded keys bytewise gives
/// SQLite's order of the values (NULL < numbers < text < blob).
enum KeyEncoding {
    static let tagNull: UInt8 = 0x05
    static let tagNumber: UInt8 = 0x10
    static let tagText: UInt8 = 0x20
    static let tagBlob: UInt8 = 0x30

    /// A rowid as 8 bytes, big-endian with the sign bit flipped.
    static func rowid(_ r: Int64) -> [UInt8] {
        let u = UInt64(bitPattern: r) ^ (1 << 63)
        return (0..<8).map { UInt8(truncatingIfNeeded: u >> (56 - 8 * UInt64($0))) }
    }

    /// Reads a rowid written by ``rowid(_:)`` at the end of `key`.
    static func rowid(suffixOf key: [UInt8]) -> Int64 {
        key.withUnsafeBytes { rowid(suffixOf: $0) }
    }

    /// Reads a rowid at the end of borrowed key bytes.
    static func rowid(suffixOf key: UnsafeRawBufferPointer) -> Int64 {
        var u: UInt64 = 0
        for b in key.suffix(8) { u = u << 8 | UInt64(b) }
        return Int64(bitPattern: u ^ (1 << 63))
    }

    /// Appends one value; `descending` inverts its bytes so larger values sort first.
    static func append(_ v: SQLValue, descending: Bool, to out: inout [UInt8]) {
        let start = out.count
        switch v.groupingKey {
        case .null:
            out.append(tagNull)
        case .integer(let i):
            out.append(tagNumber)
            appendDouble(Double(i), to: &out)
            appendTie(i, to: &out)
        case .real(let d):
            out.append(tagNumber)
            appendDouble(d, to: &out)
            appendTie(0, to: &out)
        case .text(let s):
            out.append(tagText)
            appendEscaped(Array(s.utf8), to: &out)
        case .blob(let b):
            out.append(tagBlob)
            appendEscaped(b, to: &out)
        }
        if descending {
            for i in start..<out.count { out[i] = ~out[i] }
        }
    }

    /// A double whose bytes sort as the numbers do.
    private static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        var bits = (d == 0 ? 0.0 : d).bitPattern
        bits = (bits & (1 << 63)) != 0 ? ~bits : bits | (1 << 63)
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(s))) }
    }

    /// Integers too large for a double to tell apart are ordered by this tie-breaker.
    private static func appendTie(_ i: Int64, to out: inout [UInt8]) {
        out += rowid(i)
    }

    /// Bytes with 0x00 escaped as 0x00 0xFF, ended by 0x00 0x00.
    private static func appendEscaped(_ b: [UInt8], to out: inout [UInt8]) {
        for x in b {
            out.append(x)
            if x == 0 { out.append(0xFF) }
        }
        out.append(0)
        out.append(0)
    }

    /// Table and index names in keys: lowercase, with `/` and `%` escaped.
    static func name(_ n: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n.utf8.count)
        for c in n.lowercased().utf8 {
            switch c {
            case UInt8(ascii: "%"): out += Array("%25".utf8)
            case UInt8(ascii: "/"): out += Array("%2F".utf8)
            default: out.append(c)
            }
        }
        return out
    }

    /// `\0s/<table>/`: the prefix of a table's rows.
    static func rowPrefix(_ table: String) -> [UInt8] { InternalKeyArea.sqlRows.prefix + name(table) + [0x2F] }
    /// `\0i/<table>/<index>/`: the prefix of an index's entries.
    static func indexPrefix(_ table: String, _ index: String) -> [UInt8] {
        InternalKeyArea.sqlIndexes.prefix + name(table) + [0x2F] + name(index) + [0x2F]
    }
    /// `\0c/…`: catalog keys.
    static func catalogKey(_ parts: String...) -> [UInt8] {
        InternalKeyArea.sqlCatalog.prefix + Array(parts.joined(separator: "/").utf8)
    }
}
