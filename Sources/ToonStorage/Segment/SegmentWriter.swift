import ToonCore

/// Writes one immutable segment file from entries given in internal-key order
/// (FORMAT.md §3).
final class SegmentWriter {
    private let file: any WritableFile
    private var block = BlockBuilder()
    private var index = BlockBuilder()
    private var hashes: [UInt32] = []
    private var lastKey: [UInt8] = []
    private var lastUserKey: [UInt8]?
    private var out: [UInt8] = []
    private var offset = 0
    private(set) var entryCount = 0
    private(set) var smallest: [UInt8]?
    /// The last key added.
    var largest: [UInt8] { lastKey }

    init(file: any WritableFile) {
        self.file = file
        out.reserveCapacity(256 * 1024)
    }

    /// Bytes written so far, for splitting compaction output.
    var fileSize: Int { offset + out.count + block.estimatedSize }

    func add(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws {
        if smallest == nil { smallest = Array(key) }
        if lastUserKey.map({ !InternalKey.hasUserKey(key, $0) }) ?? true {
            let userKey = InternalKey.userKey(key)
            hashes.append(userKey.withUnsafeBytes { BloomFilter.hash($0) })
            lastUserKey = userKey
        }
        block.add(key, value)
        lastKey.removeAll(keepingCapacity: true)
        lastKey.append(contentsOf: key)
        entryCount += 1
        if block.estimatedSize >= SegmentFormat.blockSize { try finishBlock() }
    }

    private func finishBlock() throws {
        guard !block.isEmpty else { return }
        let contents = block.finish()
        let start = offset + out.count
        SegmentFormat.appendBlock(contents, to: &out)
        var handle: [UInt8] = []
        Varint.append(UInt64(start), to: &handle)
        Varint.append(UInt64(contents.count), to: &handle)
        lastKey.withUnsafeBytes { k in handle.withUnsafeBytes { h in index.add(k, h) } }
        if out.count >= 128 * 1024 { try drain() }
    }

    private func drain() throws {
        try file.append(out)
        offset += out.count
        out.removeAll(keepingCapacity: true)
    }

    /// Writes the filter, index and footer, syncs and closes; returns the file size.
    func finish() throws -> Int {
        try finishBlock()
        let filter = BloomFilter.build(hashes: hashes)
        let filterOffset = offset + out.count
        SegmentFormat.appendBlock(filter, to: &out)
        let indexContents = index.finish()
        let indexOffset = offset + out.count
        SegmentFormat.appendBlock(indexContents, to: &out)
        out += SegmentFormat.Footer(filterOffset: UInt64(filterOffset), filterSize: UInt64(filter.count),
                                    indexOffset: UInt64(indexOffset), indexSize: UInt64(indexContents.count),
                                    entryCount: UInt64(entryCount)).encode()
        try drain()
        try file.sync()
        try file.close()
        return offset
    }
}
