/// The keys of a BM25 index inside its store (byte table: FORMAT.md).
enum TextKeys {
    /// The one statistics entry.
    static let stats: [UInt8] = [0x53]  // "S"
    /// First byte of document entries.
    static let documentTag: UInt8 = 0x44  // "D"
    /// First byte of posting blocks.
    static let postingTag: UInt8 = 0x50  // "P"
    /// The upper bound of a term's tail block.
    static let tailUpper = UInt64.max

    /// `D` + docID (8 bytes, big-endian).
    static func document(_ docID: UInt64) -> [UInt8] {
        var key: [UInt8] = [documentTag]
        appendBigEndian(docID, to: &key)
        return key
    }

    /// `P` + term + NUL: the prefix of every block of `term`.
    static func postingPrefix(_ term: UnsafeRawBufferPointer) -> [UInt8] {
        var key: [UInt8] = [postingTag]
        key.reserveCapacity(term.count + 10)
        key.append(contentsOf: term)
        key.append(0)
        return key
    }

    /// The prefix of `term`'s blocks + `upper` (8 bytes, big-endian).
    static func block(_ prefix: [UInt8], upper: UInt64) -> [UInt8] {
        var key = prefix
        appendBigEndian(upper, to: &key)
        return key
    }

    /// The upper bound of a block from its full key (prefix + 8 bytes); nil when malformed.
    static func upper(ofBlockKey key: UnsafeRawBufferPointer, prefixCount: Int) -> UInt64? {
        guard key.count == prefixCount + 8 else { return nil }
        var v: UInt64 = 0
        for j in prefixCount..<key.count { v = v << 8 | UInt64(key[j]) }
        return v
    }

    static func appendBigEndian(_ v: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }
}
