/// Little-endian fixed-width and LEB128 variable-width integer codecs used by
/// every file format (see Sources/ToonStorage/FORMAT.md).
package enum Varint {
    /// Appends `v` as a LEB128 varint (1–10 bytes).
    @inlinable
    package static func append(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Reads a varint at `pos`, advancing it; nil when truncated or longer than 10 bytes.
    @inlinable
    package static func read(_ p: UnsafeRawBufferPointer, _ pos: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while pos < p.count && shift <= 63 {
            let b = p[pos]
            pos += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    /// Appends a 32-bit little-endian integer.
    @inlinable
    package static func appendFixed32(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    /// Appends a 64-bit little-endian integer.
    @inlinable
    package static func appendFixed64(_ v: UInt64, to out: inout [UInt8]) {
        appendFixed32(UInt32(truncatingIfNeeded: v), to: &out)
        appendFixed32(UInt32(truncatingIfNeeded: v >> 32), to: &out)
    }

    /// Reads a 32-bit little-endian integer at `offset` (the caller checks bounds).
    @inlinable
    package static func fixed32(_ p: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(p[offset]) | UInt32(p[offset + 1]) << 8 | UInt32(p[offset + 2]) << 16 | UInt32(p[offset + 3]) << 24
    }

    /// Reads a 64-bit little-endian integer at `offset` (the caller checks bounds).
    @inlinable
    package static func fixed64(_ p: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(fixed32(p, offset)) | UInt64(fixed32(p, offset + 4)) << 32
    }
}
