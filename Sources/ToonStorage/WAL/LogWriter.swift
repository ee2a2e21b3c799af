import ToonCore

/// Appends logical records to a write-ahead log file, fragmenting them over
/// 32 KiB blocks (FORMAT.md §2).
///
/// Invariants:
/// 1. A fragment never crosses a block boundary; fewer than 7 bytes left in a
///    block are zero-filled.
/// 2. Records are handed to the OS by ``flush()`` (a process crash cannot lose
///    them after that) and made durable by ``sync()``.
/// 3. After a failed write the writer is broken: every later call throws the same error.
/// 4. With `preallocate`, the file is extended with synced zeros 1 MiB at a
///    time ahead of the records, so a sync after an append does not have to
///    record a new file size (the reader treats the zeros as the end).
final class LogWriter {
    static let preallocationStep = 1 << 20
    let file: any WritableFile
    private let preallocate: Bool
    private var blockOffset: Int
    private var pending: [UInt8] = []
    private var brokenBy: ToonDBError?

    init(file: any WritableFile, preallocate: Bool = false) {
        self.file = file
        self.preallocate = preallocate
        self.blockOffset = file.size % LogFormat.blockSize
        pending.reserveCapacity(64 * 1024)
    }

    /// Bytes buffered but not yet handed to the OS.
    var pendingBytes: Int { pending.count }

    /// Total size of the log including buffered bytes.
    var size: Int { file.size + pending.count }

    /// Buffers one logical record.
    func addRecord(_ payload: [UInt8]) {
        payload.withUnsafeBytes { p in
            var left = p.count
            var pos = 0
            var begin = true
            repeat {
                let room = LogFormat.blockSize - blockOffset
                if room < LogFormat.headerSize {
                    pending.append(contentsOf: repeatElement(0, count: room))
                    blockOffset = 0
                }
                let avail = LogFormat.blockSize - blockOffset - LogFormat.headerSize
                let n = min(left, avail)
                let end = n == left
                let type: LogFormat.RecordType = begin && end ? .full : (begin ? .first : (end ? .last : .middle))
                let frag = UnsafeRawBufferPointer(rebasing: p[pos..<(pos + n)])
                var crc = withUnsafeBytes(of: type.rawValue) { CRC32C.checksum($0) }
                crc = CRC32C.checksum(frag, continuing: crc)
                Varint.appendFixed32(CRC32C.mask(crc), to: &pending)
                pending.append(UInt8(n & 0xFF))
                pending.append(UInt8(n >> 8))
                pending.append(type.rawValue)
                pending.append(contentsOf: frag)
                blockOffset += LogFormat.headerSize + n
                pos += n
                left -= n
                begin = false
            } while left > 0
        }
    }

    /// Hands buffered records to the OS.
    func flush() throws {
        if let brokenBy { throw brokenBy }
        guard !pending.isEmpty else { return }
        do {
            let end = file.size + pending.count
            if preallocate && end > file.allocatedSize {
                let step = LogWriter.preallocationStep
                try file.preallocate(to: (end + step - 1) / step * step)
            }
            try file.append(pending)
            pending.removeAll(keepingCapacity: true)
        } catch let e as ToonDBError {
            brokenBy = e
            throw e
        }
    }

    /// Flushes, then forces the log to stable storage.
    func sync() throws {
        try flush()
        do { try file.sync() } catch let e as ToonDBError {
            brokenBy = e
            throw e
        }
    }

    /// Flushes and closes the file.
    func close() throws {
        defer { try? file.close() }
        try flush()
    }
}
