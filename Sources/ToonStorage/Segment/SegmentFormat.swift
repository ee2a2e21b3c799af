import ToonCore

/// Constants and the footer of a segment file (FORMAT.md §3).
enum SegmentFormat {
    /// "TOONSEG1" read as a little-endian u64.
    static let magic: UInt64 = 0x3147_4553_4E4F_4F54
    static let version: UInt32 = 1
    static let footerSize = 56
    /// `u8 type (0 = raw) ‖ u32 masked crc32c(contents ‖ type)` after every block.
    static let trailerSize = 5
    static let blockSize = 4096

    struct Footer {
        var filterOffset: UInt64
        var filterSize: UInt64
        var indexOffset: UInt64
        var indexSize: UInt64
        var entryCount: UInt64

        func encode() -> [UInt8] {
            var out: [UInt8] = []
            for v in [filterOffset, filterSize, indexOffset, indexSize, entryCount] { Varint.appendFixed64(v, to: &out) }
            Varint.appendFixed32(CRC32C.mask(CRC32C.checksum(out)), to: &out)
            Varint.appendFixed32(SegmentFormat.version, to: &out)
            Varint.appendFixed64(SegmentFormat.magic, to: &out)
            return out
        }

        static func decode(_ b: [UInt8]) -> Footer? {
            guard b.count == footerSize else { return nil }
            return b.withUnsafeBytes { p in
                guard Varint.fixed64(p, 48) == magic, Varint.fixed32(p, 44) == version,
                      CRC32C.unmask(Varint.fixed32(p, 40)) == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: p[0..<40]))
                else { return nil }
                return Footer(filterOffset: Varint.fixed64(p, 0), filterSize: Varint.fixed64(p, 8),
                              indexOffset: Varint.fixed64(p, 16), indexSize: Varint.fixed64(p, 24),
                              entryCount: Varint.fixed64(p, 32))
            }
        }
    }

    /// Appends `contents` and its trailer.
    static func appendBlock(_ contents: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: contents)
        out.append(0)
        let crc = CRC32C.checksum([0], continuing: CRC32C.checksum(contents))
        Varint.appendFixed32(CRC32C.mask(crc), to: &out)
    }

    /// True when a block of `size` contents bytes plus its 5-byte trailer, starting at `offset`,
    /// ends at or before `end` (computed without overflow: the numbers come from the file).
    static func blockFits(offset: UInt64, size: UInt64, before end: UInt64) -> Bool {
        offset <= end && size <= end - offset && end - offset - size >= UInt64(trailerSize)
    }

    /// Checks a block read with its trailer; returns the contents, or nil when the checksum fails.
    static func verifiedContents(_ raw: [UInt8]) -> [UInt8]? {
        raw.withUnsafeBytes { isIntact($0) } ? Array(raw[0..<(raw.count - trailerSize)]) : nil
    }

    /// Whether a block read with its trailer has the type byte 0 and a matching checksum.
    static func isIntact(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count >= trailerSize, raw[raw.count - 5] == 0 else { return false }
        let contents = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - trailerSize)])
        let crc = CRC32C.checksum([0], continuing: CRC32C.checksum(contents))
        return CRC32C.mask(crc) == Varint.fixed32(raw, raw.count - 4)
    }
}

extension CRC32C {
    /// The CRC of `bytes`, continuing from `crc`.
    static func checksum(_ bytes: [UInt8], continuing crc: UInt32) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: crc) }
    }
}
