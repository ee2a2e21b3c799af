import ToonCore

/// Reads one segment file. Opening verifies the footer, index and filter;
/// each data block is verified when it is read from disk (FORMAT.md §3).
final class SegmentReader: @unchecked Sendable {
    let number: UInt64
    let file: any ReadableFile
    private let cache: BlockCache
    private let filter: [UInt8]
    /// The index block: entry `i` holds the last internal key of data block `i`.
    private let index: Block
    /// ``InternalKey/userKeyPrefix(_:from:)`` of each index key past ``sharedPrefix``:
    /// a compact array that narrows the search of the index to the entries
    /// sharing the target's 8 bytes there.
    private let indexPrefixes: [UInt64]
    /// The bytes every index key's user key begins with (a collection's or an
    /// index's key prefix, say); the 8 bytes compared come after them, where keys differ.
    private let sharedPrefix: [UInt8]
    private let handles: [(offset: Int, size: Int)]
    let entryCount: Int

    init(number: UInt64, file: any ReadableFile, cache: BlockCache) throws {
        self.number = number
        self.file = file
        self.cache = cache
        let size = file.size
        func bad(_ offset: Int, _ why: String) -> ToonDBError { ToonDBError.corruption(file.path, offset: offset, why) }
        guard size >= SegmentFormat.footerSize,
              let footer = SegmentFormat.Footer.decode(try file.read(at: size - SegmentFormat.footerSize,
                                                                     count: SegmentFormat.footerSize))
        else { throw bad(max(0, size - SegmentFormat.footerSize), "bad segment footer (wrong magic, version or checksum)") }
        let footerStart = UInt64(size - SegmentFormat.footerSize)
        guard SegmentFormat.blockFits(offset: footer.indexOffset, size: footer.indexSize, before: footerStart),
              SegmentFormat.blockFits(offset: footer.filterOffset, size: footer.filterSize, before: footer.indexOffset),
              footer.entryCount <= UInt64(Int.max) else {
            throw bad(Int(footerStart), "segment footer points outside the file")
        }
        guard let f = SegmentFormat.verifiedContents(try file.read(at: Int(footer.filterOffset), count: Int(footer.filterSize) + 5))
        else { throw bad(Int(footer.filterOffset), "filter block checksum mismatch") }
        filter = f
        guard let ic = SegmentFormat.verifiedContents(try file.read(at: Int(footer.indexOffset), count: Int(footer.indexSize) + 5)),
              let index = ic.withUnsafeBytes({ Block(copying: $0) })
        else { throw bad(Int(footer.indexOffset), "index block checksum mismatch") }
        var hs: [(Int, Int)] = []
        var prefixes: [UInt64] = []
        let shared = Self.sharedPrefix(index)
        for i in 0..<index.count {
            guard let e = index.entry(i) else { throw bad(Int(footer.indexOffset), "malformed index entry \(i)") }
            var pos = 0
            let o = Varint.read(e.value, &pos), s = Varint.read(e.value, &pos)
            guard let o, let s, SegmentFormat.blockFits(offset: o, size: s, before: footer.filterOffset) else { throw bad(Int(footer.indexOffset), "index entry \(i) out of range") }
            hs.append((Int(o), Int(s)))
            prefixes.append(InternalKey.userKeyPrefix(e.key, from: shared.count))
        }
        indexPrefixes = prefixes
        sharedPrefix = shared
        self.index = index
        handles = hs
        entryCount = Int(footer.entryCount)
    }

    var blockCount: Int { handles.count }

    /// Data block `i`, from the cache or verified from disk.
    func block(_ i: Int) throws -> Block {
        let h = handles[i]
        if let b = cache.get(file: number, offset: h.offset) { return b }
        let raw = try file.read(at: h.offset, count: h.size + SegmentFormat.trailerSize)
        let block = raw.withUnsafeBytes { p in
            SegmentFormat.isIntact(p) ? Block(copying: UnsafeRawBufferPointer(rebasing: p[0..<(p.count - SegmentFormat.trailerSize)])) : nil
        }
        guard let b = block else {
            throw ToonDBError.corruption(file.path, offset: h.offset, "data block checksum mismatch")
        }
        cache.insert(file: number, offset: h.offset, b)
        return b
    }

    /// The user-key bytes the first and last index keys (so all of them) begin with.
    private static func sharedPrefix(_ index: Block) -> [UInt8] {
        guard index.count > 1, let first = index.entry(0), let last = index.entry(index.count - 1),
              first.key.count >= 8, last.key.count >= 8 else { return [] }
        let a = first.key[..<(first.key.count - 8)], b = last.key[..<(last.key.count - 8)]
        return Array(zip(a, b).prefix { $0 == $1 }.map(\.0))
    }

    /// The index of the first block that may hold keys at or after `target`
    /// (the index block's entries were checked when the file was opened).
    func blockIndex(for target: UnsafeRawBufferPointer) -> Int {
        // Every index key begins with `sharedPrefix`: a target that does not is below or above them all.
        let user = target.count - 8
        for (i, byte) in sharedPrefix.enumerated() {
            if i == user || target[i] < byte { return 0 }
            if target[i] > byte { return handles.count }
        }
        let prefix = InternalKey.userKeyPrefix(target, from: sharedPrefix.count)
        let range = indexPrefixes.withUnsafeBufferPointer { p -> Range<Int> in
            // The first position whose prefix is above `prefix` (`orEqual`: at or above).
            func bound(orEqual: Bool, from start: Int) -> Int {
                var lo = start, hi = p.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if p[mid] < prefix || (!orEqual && p[mid] == prefix) { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
            let first = bound(orEqual: true, from: 0)
            return first..<bound(orEqual: false, from: first)
        }
        return index.lowerBound(target, in: range) ?? handles.count
    }

    /// The newest version of `key` visible at `sequence` (see ``MemTable/get(_:sequence:)``).
    func get(_ key: [UInt8], sequence: UInt64, hash: UInt32) throws -> [UInt8]?? {
        guard BloomFilter.mayContain(filter, hash: hash) else { return nil }
        return try InternalKey.withSeekKey(key, sequence: sequence) { target in
            let bi = blockIndex(for: target)
            guard bi < handles.count else { return nil }
            let b = try block(bi)
            guard let i = b.lowerBound(target) else {
                throw ToonDBError.corruption(file.path, offset: handles[bi].offset, "malformed block")
            }
            guard i < b.count, let e = b.entry(i) else { return nil }
            return withExtendedLifetime(b) { () -> [UInt8]?? in
                guard InternalKey.hasUserKey(e.key, key) else { return nil }
                if InternalKey.trailer(e.key).kind == .deletion { return .some(nil) }
                return .some(Array(e.value))
            }
        }
    }

    /// A cursor over the file's entries.
    func makeIterator() -> InternalIterator { SegmentIterator(self) }
}

/// Walks a segment's blocks in order.
final class SegmentIterator: InternalIterator {
    private let reader: SegmentReader
    private var blockIndex = 0
    private var block: Block?
    private var entryIndex = 0
    private var current: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?

    init(_ reader: SegmentReader) { self.reader = reader }

    var isValid: Bool { current != nil }
    var key: UnsafeRawBufferPointer { current!.key }
    var value: UnsafeRawBufferPointer { current!.value }

    func seekToFirst() throws {
        try load(0, entry: 0)
    }

    func seek(_ target: [UInt8]) throws {
        try target.withUnsafeBytes { try seek($0) }
    }

    private func seek(_ target: UnsafeRawBufferPointer) throws {
        let bi = reader.blockIndex(for: target)
        guard bi < reader.blockCount else { current = nil; return }
        let b = try reader.block(bi)
        guard let i = b.lowerBound(target) else { throw corrupt() }
        block = b
        blockIndex = bi
        try settle(i)
    }

    func next() throws { try settle(entryIndex + 1) }

    private func load(_ bi: Int, entry: Int) throws {
        guard bi < reader.blockCount else { current = nil; block = nil; return }
        block = try reader.block(bi)
        blockIndex = bi
        try settle(entry)
    }

    /// Positions on entry `i` of the current block, moving on to later blocks when past its end.
    private func settle(_ i: Int) throws {
        var i = i
        while let b = block, i >= b.count {
            guard blockIndex + 1 < reader.blockCount else { current = nil; block = nil; return }
            blockIndex += 1
            block = try reader.block(blockIndex)
            i = 0
        }
        guard let b = block else { current = nil; return }
        guard let e = b.entry(i) else { throw corrupt() }
        entryIndex = i
        current = e
    }

    private func corrupt() -> ToonDBError {
        ToonDBError.corruption(reader.file.path, offset: 0, "malformed entry in block \(blockIndex)")
    }
}
