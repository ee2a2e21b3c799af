import ToonCore

/// Reads one file of a database from its bytes alone, through the readers
/// opening a database uses, for `toondb-fuzz`, which feeds them damaged
/// files: each read ends normally or throws `corruption` naming the file.
package enum StorageFileCheck {
    /// Replays a write-ahead log into a memtable as recovery does; returns
    /// the batches replayed and where a torn tail begins, if one does.
    package static func replayLog(_ bytes: [UInt8], path: String) throws -> (batches: Int, tornTailOffset: Int?) {
        var reader = LogReader(path: path, bytes: bytes)
        let table = MemTable(logNumber: 0)
        var last: UInt64 = 0, batches = 0
        while let (first, batch) = try reader.nextBatch(after: last) {
            last = table.add(batch, firstSequence: first)
            batches += 1
        }
        return (batches, reader.tornTailOffset)
    }

    /// Opens a segment file, reads every entry in order, and looks up and
    /// seeks to the first `lookups` user keys met; returns the entries read.
    package static func readSegment(_ bytes: [UInt8], path: String, lookups: Int = 16) throws -> Int {
        let reader = try SegmentReader(number: 1, file: InMemoryFile(path: path, bytes: bytes), cache: BlockCache(capacity: 1 << 20))
        let cursor = reader.makeIterator()
        try cursor.seekToFirst()
        var entries = 0
        var keys: [[UInt8]] = []
        while cursor.isValid {
            if keys.count < lookups { keys.append(InternalKey.userKey(cursor.key)) }
            entries += 1
            try cursor.next()
        }
        for key in keys {
            _ = try reader.get(key, sequence: InternalKey.maxSequence, hash: key.withUnsafeBytes { BloomFilter.hash($0) })
            try cursor.seek(InternalKey.seekKey(key, sequence: InternalKey.maxSequence))
        }
        return entries
    }

    /// Decodes a MANIFEST; returns the number of segment files it names.
    package static func readManifest(_ bytes: [UInt8], path: String) throws -> Int {
        try Manifest.decode(bytes, path: path).files.count
    }
}

/// A file whose bytes are in memory, read as a ``ReadableFile``.
private final class InMemoryFile: ReadableFile {
    let path: String
    let bytes: [UInt8]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    var size: Int { bytes.count }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count else {
            throw ToonDBError(.ioError, "\(path): read of \(count) bytes at offset \(offset) is outside the file")
        }
        return Array(bytes[offset..<min(bytes.count, offset + min(count, bytes.count - offset))])
    }

    func close() {}
}
