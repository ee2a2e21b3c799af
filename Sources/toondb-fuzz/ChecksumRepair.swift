import ToonCore

/// Rewrites the checksums of a damaged file so that they match its bytes
/// (the layouts are in ToonStorage's and ToonIndex/Vector's FORMAT.md).
/// A random change almost never survives a checksum, so without this the
/// fuzzer would hardly get past one; with it, it reaches the checks of
/// lengths, offsets, counts and links behind them, where a file written
/// wrongly (not torn) would be caught.
enum ChecksumRepair {
    /// The masked CRC-32C of the whole file but its last 4 bytes, stored in
    /// them (a MANIFEST, an HNSW index file).
    static func trailing(_ b: inout [UInt8]) {
        guard b.count >= 4 else { return }
        store(CRC32C.mask(CRC32C.checksum(Array(b[0..<(b.count - 4)]))), in: &b, at: b.count - 4)
    }

    /// Every fragment header of a write-ahead log that fits its block and
    /// the file: `mcrc(type ‖ payload)`.
    static func log(_ b: inout [UInt8]) {
        let block = 32 * 1024, header = 7
        var pos = 0
        while pos + header <= b.count {
            let room = block - pos % block
            if room < header { pos += room; continue }
            let length = Int(b[pos + 4]) | Int(b[pos + 5]) << 8
            guard header + length <= room, pos + header + length <= b.count else { return }
            let covered = Array(b[(pos + 6)..<(pos + header + length)])
            store(CRC32C.mask(CRC32C.checksum(covered)), in: &b, at: pos)
            pos += header + length
        }
    }

    /// A segment file's footer checksum, then the trailers of the filter
    /// and index blocks it points to, then of every data block the index names.
    static func segment(_ b: inout [UInt8]) {
        let footerSize = 56
        guard b.count >= footerSize else { return }
        let footer = b.count - footerSize
        store(CRC32C.mask(CRC32C.checksum(Array(b[footer..<(footer + 40)]))), in: &b, at: footer + 40)
        let filterOffset = fixed64(b, footer), filterSize = fixed64(b, footer + 8)
        let indexOffset = fixed64(b, footer + 16), indexSize = fixed64(b, footer + 24)
        blockTrailer(&b, offset: filterOffset, size: filterSize, end: footer)
        guard let index = blockTrailer(&b, offset: indexOffset, size: indexSize, end: footer) else { return }
        for (offset, size) in handles(inBlock: index) { blockTrailer(&b, offset: offset, size: size, end: footer) }
    }

    /// Rewrites the trailer (`u8 type ‖ mcrc(contents ‖ type)`) of the block at
    /// `offset` when it lies before `end`; returns the block's contents.
    @discardableResult
    private static func blockTrailer(_ b: inout [UInt8], offset: UInt64, size: UInt64, end: Int) -> [UInt8]? {
        guard offset <= UInt64(end), size <= UInt64(end) - offset, UInt64(end) - offset - size >= 5 else { return nil }
        let start = Int(offset), contentsEnd = Int(offset + size)
        let contents = Array(b[start..<contentsEnd])
        b[contentsEnd] = 0
        store(CRC32C.mask(CRC32C.checksum(contents + [0])), in: &b, at: contentsEnd + 1)
        return contents
    }

    /// The `(offset, size)` handles in an index block's entries, as far as they parse.
    private static func handles(inBlock block: [UInt8]) -> [(UInt64, UInt64)] {
        guard block.count >= 4 else { return [] }
        let n = Int(fixed32(block, block.count - 4))
        guard n <= (block.count - 4) / 4 else { return [] }
        let offsetsStart = block.count - 4 - 4 * n
        return block.withUnsafeBytes { p in
            (0..<n).compactMap { i -> (UInt64, UInt64)? in
                var pos = Int(fixed32(block, offsetsStart + 4 * i))
                guard pos < offsetsStart, let kl = Varint.read(p, &pos), let vl = Varint.read(p, &pos), pos <= offsetsStart,
                      kl <= UInt64(offsetsStart - pos), vl <= UInt64(offsetsStart - pos) - kl else { return nil }
                pos += Int(kl)
                let value = UnsafeRawBufferPointer(rebasing: p[pos..<(pos + Int(vl))])
                var at = 0
                guard let offset = Varint.read(value, &at), let size = Varint.read(value, &at) else { return nil }
                return (offset, size)
            }
        }
    }

    private static func store(_ v: UInt32, in b: inout [UInt8], at offset: Int) {
        for i in 0..<4 { b[offset + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) }
    }

    private static func fixed32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) }
    }

    private static func fixed64(_ b: [UInt8], _ at: Int) -> UInt64 {
        UInt64(fixed32(b, at)) | UInt64(fixed32(b, at + 4)) << 32
    }
}
