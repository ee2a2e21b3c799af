import ToonCore

/// Reads the logical records of a write-ahead log (FORMAT.md §2).
///
/// A damaged region after which no valid record follows is a torn tail: the
/// reader stops there and reports ``tornTailOffset`` so the caller can cut
/// it off. A damaged region followed by valid records is corruption and
/// throws, naming the file and offset — later commits are never silently dropped.
struct LogReader {
    let path: String
    private let data: [UInt8]
    private var pos = 0
    /// Where a torn tail begins, once the reader has met one.
    private(set) var tornTailOffset: Int?

    init(file: any ReadableFile) throws {
        self.init(path: file.path, bytes: try file.read(at: 0, count: file.size))
    }

    /// Reads a log already in memory; `path` names it in errors.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        data = bytes
    }

    /// The next record's payload and its offset, nil at the end (or at a torn tail).
    mutating func next() throws -> (offset: Int, payload: [UInt8])? {
        let recordStart = pos
        var payload: [UInt8] = []
        var inFragmented = false
        while true {
            switch readFragment() {
            case .end:
                if inFragmented || pos < data.count { return try damaged(at: recordStart, "record cut short") }
                return nil
            case .bad(let why):
                return try damaged(at: inFragmented ? recordStart : pos, why)
            case .fragment(let type, let range):
                switch type {
                case .full:
                    if inFragmented { return try damaged(at: recordStart, "unexpected full record inside a fragmented one") }
                    return (pos - range.count - LogFormat.headerSize, Array(data[range]))
                case .first:
                    if inFragmented { return try damaged(at: recordStart, "unexpected first fragment") }
                    inFragmented = true
                    payload.append(contentsOf: data[range])
                case .middle, .last:
                    if !inFragmented { return try damaged(at: pos - range.count - LogFormat.headerSize, "orphan fragment") }
                    payload.append(contentsOf: data[range])
                    if type == .last { return (recordStart, payload) }
                }
            }
        }
    }

    /// The next record decoded as a write batch, checked as recovery replays
    /// it: well formed, numbered after `last` (the last sequence number
    /// replayed before it), every number it takes at most
    /// ``InternalKey/maxSequence``. Nil at the end (or at a torn tail).
    mutating func nextBatch(after last: UInt64) throws -> (firstSequence: UInt64, batch: WriteBatch)? {
        guard let (offset, payload) = try next() else { return nil }
        guard let (first, batch) = payload.withUnsafeBytes({ WriteBatch.decode($0) }) else {
            throw ToonDBError.corruption(path, offset: offset, "malformed write batch with a valid checksum")
        }
        if first <= last {
            throw ToonDBError.corruption(path, offset: offset, "sequence \(first) after \(last): log records out of order")
        }
        guard first <= InternalKey.maxSequence, UInt64(batch.operations.count) <= InternalKey.maxSequence - first + 1 else {
            throw ToonDBError.corruption(path, offset: offset,
                "sequence numbers from \(first) for \(batch.operations.count) operations exceed \(InternalKey.maxSequence)")
        }
        return (first, batch)
    }

    private enum Fragment {
        case end
        case bad(String)
        case fragment(LogFormat.RecordType, Range<Int>)
    }

    private mutating func readFragment() -> Fragment {
        while true {
            let inBlock = pos % LogFormat.blockSize
            let room = LogFormat.blockSize - inBlock
            if room < LogFormat.headerSize {
                // Trailer padding: must be zeros.
                if pos + room > data.count { return .end }
                if data[pos..<(pos + room)].contains(where: { $0 != 0 }) { return .bad("non-zero block padding") }
                pos += room
                continue
            }
            if pos + LogFormat.headerSize > data.count { return .end }
            let (stored, length, rawType) = data.withUnsafeBytes { p in
                (Varint.fixed32(p, pos), Int(p[pos + 4]) | Int(p[pos + 5]) << 8, p[pos + 6])
            }
            if length == 0 && rawType == 0 && stored == 0 { return .bad("zeroed header") }
            guard let type = LogFormat.RecordType(rawValue: rawType) else { return .bad("unknown record type \(rawType)") }
            if LogFormat.headerSize + length > room { return .bad("fragment length \(length) crosses the block") }
            let start = pos + LogFormat.headerSize
            if start + length > data.count { return .end }
            let crc = data.withUnsafeBytes { p in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: p[start..<(start + length)]),
                                continuing: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: p[(pos + 6)..<(pos + 7)])))
            }
            if CRC32C.mask(crc) != stored { return .bad("checksum mismatch") }
            pos = start + length
            return .fragment(type, start..<(start + length))
        }
    }

    /// Decides between a torn tail (stop) and corruption (throw).
    private mutating func damaged(at offset: Int, _ why: String) throws -> (offset: Int, payload: [UInt8])? {
        if hasValidFragment(after: offset) {
            throw ToonDBError.corruption(path, offset: offset, "\(why) in the write-ahead log, with valid records after it")
        }
        tornTailOffset = offset
        pos = data.count
        return nil
    }

    /// Whether a record begins after `offset`, which would make the damage
    /// corruption rather than a torn tail. Fragments are found where they
    /// can start: at every offset after `offset` in its block, at every
    /// later block boundary (each block opens with a fragment), and at every
    /// offset of a later block whose opening fragment is itself damaged. A
    /// record begins where the chain of fragments from one of them reaches a
    /// FULL or FIRST fragment. A chain of only MIDDLE and LAST fragments is
    /// the damaged record's own remains — what a crash leaves when it cuts a
    /// record that spans blocks after its middle — and no sign of a later commit.
    private func hasValidFragment(after offset: Int) -> Bool {
        let blockEnd = min((offset / LogFormat.blockSize + 1) * LogFormat.blockSize, data.count)
        if anyChainReachesARecordStart(from: offset + 1, to: blockEnd) { return true }
        var probe = self
        var block = blockEnd
        while block < data.count {
            probe.pos = block
            if case .fragment = probe.readFragment() {
                probe.pos = block
                if probe.chainReachesARecordStart() { return true }
            } else if anyChainReachesARecordStart(from: block + 1, to: min(block + LogFormat.blockSize, data.count)) {
                return true
            }
            block += LogFormat.blockSize
        }
        return false
    }

    /// Whether a chain that starts at any offset in `start..<end` reaches the start of a record.
    private func anyChainReachesARecordStart(from start: Int, to end: Int) -> Bool {
        var probe = self
        var candidate = start
        while candidate + LogFormat.headerSize <= end {
            let t = data[candidate + 6]
            if t >= 1 && t <= 4 {
                probe.pos = candidate
                if probe.chainReachesARecordStart() { return true }
            }
            candidate += 1
        }
        return false
    }

    /// Reads fragments in sequence from `pos` until one begins a record
    /// (true) or the fragments end or fail their checks (false).
    private mutating func chainReachesARecordStart() -> Bool {
        while case .fragment(let type, _) = readFragment() {
            if type == .full || type == .first { return true }
        }
        return false
    }
}
