import ToonCore

/// Saving and loading: the byte layout is written down in `FORMAT.md` beside this file.
extension HNSWIndex {
    static let magic: [UInt8] = Array("TOONHNSW".utf8)
    /// Version 2 added detached slots (tombstone byte 2), version 3 the
    /// quantization (scalar8 or binary) (header field 28, the quantizer block after the header);
    /// version 1 and 2 files load as they are.
    static let formatVersion: UInt32 = 3
    static let headerSize = 72

    /// Writes the index to `path` atomically through `fileSystem` (see
    /// ``FileSystem/replaceAtomically(_:_:)``); the file is checksummed
    /// (CRC-32C over every byte). Inserts and removals wait while it runs;
    /// searches go on: the graph is repaired under the exclusive lock, then
    /// written under the shared one.
    package func write(to path: String, fileSystem: any FileSystem = PosixFileSystem()) throws {
        try waitForLoadChecks()
        try changes.withWriteLock {
            // Single inserts keep every element reachable in practice (their
            // pruning keeps an element's only way in), not by construction:
            // a saved graph is repaired first, so a saved one always is.
            structure.withWriteLock { _ = repairReachability() }
            let (n, rng) = meta.withLock { (slotCount, rngState) }
            let (entry, top) = entryLock.withLock { (entryPoint, maxLevel) }
            try structure.withReadLock {
                try fileSystem.replaceAtomically(path) { file in
                    try writeImage(to: file, slots: n, rng: rng, entry: entry, top: top)
                }
            }
        }
    }

    /// The file's bytes, in order (FORMAT.md), ending with the checksum;
    /// nothing may change the graph while it runs.
    private func writeImage(to file: any WritableFile, slots n: Int, rng: UInt64, entry: Int32, top: Int32) throws {
        var crc: UInt32 = 0
        func put(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            crc = CRC32C.checksum(bytes, continuing: crc)
            try file.append(bytes)
        }
        var header = ByteWriter()
        header.bytes(Self.magic)
        header.u32(Self.formatVersion)
        header.u32(UInt32(dimension))
        header.u32(UInt32(metric.code))
        header.u32(UInt32(maxM))
        header.u32(UInt32(parameters.efConstruction))
        header.u32(parameters.quantization.code)
        header.u64(parameters.seed)
        header.u64(rng)
        header.u64(UInt64(n))
        header.u32(UInt32(bitPattern: entry))
        header.u32(UInt32(bitPattern: top))
        header.u64(UInt64(recordSize))
        try header.data.withUnsafeBytes { try put($0) }
        if let quantizer {
            var block = ByteWriter()
            block.u32(meta.withLock { quantizerTrained } ? 1 : 0)
            block.u32(0)
            for i in 0..<dimension { block.u32(quantizer.offset[i].bitPattern) }
            for i in 0..<dimension { block.u32(quantizer.scale[i].bitPattern) }
            try block.data.withUnsafeBytes { try put($0) }
        }
        try put(UnsafeRawBufferPointer(start: records, count: n * recordSize))
        var levelBytes = ByteWriter()
        for i in 0..<n { levelBytes.u32(UInt32(bitPattern: levels[i])) }
        try levelBytes.data.withUnsafeBytes { try put($0) }
        try put(UnsafeRawBufferPointer(start: tombstones, count: n))
        for i in 0..<n where levels[i] > 0 {
            try put(UnsafeRawBufferPointer(start: upperLinks[i], count: Int(levels[i]) * upperListSize))
        }
        var trailer = ByteWriter()
        trailer.u32(CRC32C.mask(crc))
        try file.append(trailer.data)
    }

    /// When a load checks the file's checksum (FORMAT.md, "Checks on load").
    package enum ChecksumCheck: Sendable {
        /// Before the load returns: a damaged file is never loaded.
        case beforeReturning
        /// On a background thread once the load has returned, with the
        /// in-link count and the reachability repair after it (see
        /// ``waitForLoadChecks()``); what searches rely on (every link, the
        /// levels, the entry point) is still checked before the load returns.
        case inBackground
    }

    /// Reads an index written by ``write(to:)``, memory-mapping the file
    /// (``FileSystem/mappedFile(_:)``): the layer-0 records stay in the
    /// mapping, copy-on-write, until the index outgrows them. Throws
    /// `corruption` naming the file and the byte offset when the file is
    /// truncated, its checksum does not match, or its contents are
    /// inconsistent; `ioError` when it cannot be read. With
    /// ``ChecksumCheck/inBackground`` a checksum mismatch is thrown later,
    /// by ``waitForLoadChecks()`` and by every change, save and search.
    package static func load(from path: String, fileSystem: any FileSystem = PosixFileSystem(),
                             checksum: ChecksumCheck = .beforeReturning) throws -> HNSWIndex {
        try load(file: try fileSystem.mappedFile(path), checksum: checksum)
    }

    /// Reads an index from the bytes of a file written by ``write(to:)``;
    /// `path` names the file in errors (see ``load(from:fileSystem:checksum:)``).
    package static func load(bytes: [UInt8], path: String) throws -> HNSWIndex {
        try load(file: MappedFile(path: path, copying: bytes), checksum: .beforeReturning)
    }

    private static func load(file: MappedFile, checksum: ChecksumCheck) throws -> HNSWIndex {
        let path = file.path
        let bytes = UnsafeRawBufferPointer(file.bytes)
        func corrupt(_ offset: Int, _ detail: String) -> ToonDBError { .corruption(path, offset: offset, detail) }
        guard bytes.count >= headerSize + 4 else {
            throw corrupt(bytes.count, "the file is truncated: \(bytes.count) bytes is shorter than an index header")
        }
        guard bytes.prefix(8).elementsEqual(magic) else { throw corrupt(0, "not a ToonDB HNSW index (bad magic)") }
        var r = ByteReader(bytes: bytes, offset: 8)
        let version = r.u32()
        guard (1...formatVersion).contains(version) else {
            throw ToonDBError(.corruption, "\(path) at offset 8: unsupported index format version \(version)",
                              remediation: "rebuild the index with this version of ToonDB")
        }
        let dimension = Int(r.u32()), metricCode = r.u32(), m = Int(r.u32()), efConstruction = Int(r.u32())
        let quantizationCode = r.u32()
        let seed = r.u64(), rng = r.u64(), slots = r.u64()
        let entry = Int32(bitPattern: r.u32()), top = Int32(bitPattern: r.u32())
        let recordSize = r.u64()
        guard let metric = UInt8(exactly: metricCode).flatMap(VectorMetric.init(code:)) else {
            throw corrupt(16, "unknown metric code \(metricCode)")
        }
        // Before version 3 the field was reserved (0: no quantization).
        guard let quantization = VectorQuantization(code: version < 3 ? 0 : quantizationCode) else {
            throw corrupt(28, "unknown quantization code \(quantizationCode)")
        }
        let parameters = HNSWParameters(dimension: dimension, metric: metric, m: m, efConstruction: efConstruction, seed: seed,
                                        quantization: quantization)
        do { try parameters.validate() } catch let e as ToonDBError { throw corrupt(12, "bad parameters: \(e.message)") }
        guard slots <= UInt64(Int32.max) else { throw corrupt(48, "element count \(slots) is out of range") }
        let n = Int(slots)
        let recordBytes = recordLayout(parameters).size
        guard recordSize == UInt64(recordBytes) else {
            throw corrupt(64, "record size \(recordSize) does not match the parameters (\(recordBytes))")
        }
        // The quantizer block, the fixed-size part, then the upper-layer lists sized by the levels.
        let recordsAt = headerSize + (quantization == .none ? 0 : 8 + 8 * dimension)
        let levelsAt = recordsAt + n * recordBytes
        let tombstonesAt = levelsAt + 4 * n
        let upperAt = tombstonesAt + n
        guard bytes.count >= upperAt + 4 else {
            throw corrupt(bytes.count, "the file is truncated: \(bytes.count) bytes, at least \(upperAt + 4) expected")
        }
        let upperListBytes = 4 + 4 * m
        var upperBytes = 0
        var lr = ByteReader(bytes: bytes, offset: levelsAt)
        var levelValues = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let level = Int32(bitPattern: lr.u32())
            guard level >= 0, level <= 64 else { throw corrupt(levelsAt + 4 * i, "element \(i) has level \(level)") }
            levelValues[i] = level
            upperBytes += Int(level) * upperListBytes
        }
        let end = upperAt + upperBytes
        guard bytes.count >= end + 4 else {
            throw corrupt(bytes.count, "the file is truncated: \(bytes.count) bytes, \(end + 4) expected")
        }
        guard bytes.count == end + 4 else { throw corrupt(end + 4, "\(bytes.count - end - 4) unexpected bytes after the checksum") }
        if checksum == .beforeReturning { try checkChecksum(file, end: end) }
        let index = try HNSWIndex(parameters, capacity: n, mapped: n > 0 ? (file, recordsAt) : nil)
        if let quantizer = index.quantizer {
            var qr = ByteReader(bytes: bytes, offset: headerSize)
            let trained = qr.u32()
            _ = qr.u32()
            guard trained == 1 || (trained == 0 && n == 0) else {
                throw corrupt(headerSize, "bad quantizer flag \(trained) for \(n) slots")
            }
            for i in 0..<dimension { quantizer.offset[i] = Float(bitPattern: qr.u32()) }
            for i in 0..<dimension {
                let scale = Float(bitPattern: qr.u32())
                guard trained == 0 || (scale.isFinite && scale > 0 && quantizer.offset[i].isFinite) else {
                    throw corrupt(headerSize + 8 + 4 * (dimension + i), "dimension \(i) has a bad quantizer range")
                }
                quantizer.scale[i] = scale
            }
            index.quantizerTrained = trained == 1
        }
        try index.adopt(bytes: bytes, slots: n, levels: levelValues, recordsAt: recordsAt, tombstonesAt: tombstonesAt,
                        upperAt: upperAt, entry: entry, top: top, rng: rng, path: path)
        switch checksum {
        case .beforeReturning:
            index.finishLoading(repair: version < 3)
        case .inBackground:
            let check = LoadCheck()
            index.loadCheck = check
            // Nothing writes to the mapping before this is done: changes wait for it.
            NativeThread.startOrRun("toondb-hnsw-crc") {
                do {
                    try checkChecksum(file, end: end)
                    index.changes.withWriteLock { index.structure.withWriteLock { index.finishLoading(repair: version < 3) } }
                    check.finish(nil)
                } catch {
                    check.finish(error as? ToonDBError ?? ToonDBError(.internalError, "\(error)"))
                }
            }
        }
        return index
    }

    /// Compares the checksum at `end` with the CRC of every byte before it.
    private static func checkChecksum(_ file: MappedFile, end: Int) throws {
        let bytes = UnsafeRawBufferPointer(file.bytes)
        guard CRC32C.unmask(ByteReader(bytes: bytes, offset: end).peekU32())
                == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<end])) else {
            throw ToonDBError.corruption(file.path, offset: end, "checksum mismatch: the file's bytes were changed or torn")
        }
    }

    /// Takes over the buffers of a file whose header and sizes are checked,
    /// checking that every link, label and the entry point make sense so
    /// that no search can go astray. The layer-0 records are the file's
    /// (mapped); levels, tombstones and the upper-layer lists are copied.
    private func adopt(bytes: UnsafeRawBufferPointer, slots n: Int, levels levelValues: [Int32], recordsAt: Int,
                       tombstonesAt: Int, upperAt: Int, entry: Int32, top: Int32, rng: UInt64, path: String) throws {
        func corrupt(_ offset: Int, _ detail: String) -> ToonDBError { .corruption(path, offset: offset, detail) }
        for i in 0..<n { tombstones[i] = bytes[tombstonesAt + i] }
        var offset = upperAt
        for i in 0..<n {
            levels[i] = levelValues[i]
            let level = Int(levelValues[i])
            guard level > 0 else { continue }
            let size = level * upperListSize
            let upper = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            upper.copyMemory(from: bytes.baseAddress! + offset, byteCount: size)
            upperLinks[i] = upper
            offset += size
        }
        slotCount = n
        labelToSlot.reserveCapacity(n)
        var upperOffset = upperAt
        for i in 0..<n {
            for l in 0...Int(levels[i]) {
                let list = linkList(i, level: l)
                let limit = l == 0 ? maxM0 : maxM
                let at = l == 0 ? recordsAt + i * recordSize : upperOffset + (l - 1) * upperListSize
                guard Int(list[0]) <= limit else { throw corrupt(at, "element \(i) has \(list[0]) links on layer \(l)") }
                for j in 0..<Int(list[0]) {
                    let target = Int(list[1 + j])
                    guard target < n, Int(levels[target]) >= l, tombstones[target] != 2 else {
                        throw corrupt(at + 4 + 4 * j, "element \(i) links to \(target), which is not on layer \(l)")
                    }
                }
            }
            upperOffset += Int(levels[i]) * upperListSize
            guard tombstones[i] <= 2 else { throw corrupt(tombstonesAt + i, "bad tombstone byte \(tombstones[i])") }
            if tombstones[i] == 2 {
                guard levels[i] == 0, linkList(i, level: 0)[0] == 0 else {
                    throw corrupt(tombstonesAt + i, "detached slot \(i) has links")
                }
                freeSlots.append(UInt32(i))
            } else if tombstones[i] == 1 {
                removedSlots.append(UInt32(i))
            } else {
                let label = self.label(ofSlot: i)
                guard labelToSlot.updateValue(UInt32(i), forKey: label) == nil else {
                    throw corrupt(recordsAt + i * recordSize + labelOffset, "label \(label) appears twice")
                }
            }
        }
        let empty = freeSlots.count == n
        guard (empty && entry == -1 && top == -1)
                || (!empty && entry >= 0 && Int(entry) < n && top == levels[Int(entry)] && tombstones[Int(entry)] != 2) else {
            throw corrupt(56, "entry point \(entry) at level \(top) does not match the elements")
        }
        entryPoint = entry
        maxLevel = top
        rngState = rng
    }

    /// What a load leaves to after the checksum: the squared norms
    /// (``VectorMetric/dotProduct``) and in-link counts, which only changes
    /// use, and, with `repair`, the repair of what the entry point does not
    /// reach: a file older than version 3 may need it (saved before every
    /// insert kept its elements reachable, or before a save repaired them);
    /// a version 3 file was repaired before it was written, and walking a
    /// million elements costs a second or more. The file is not rewritten:
    /// the repair is saved with the next change. Nothing else may use the
    /// index, or the exclusive locks are held.
    private func finishLoading(repair: Bool) {
        if metric == .dotProduct {
            for i in 0..<slotCount {
                squaredNorms[i] = space.squaredNorm(vectorPointer(i))
                maxSquaredNorm = max(maxSquaredNorm, squaredNorms[i])
            }
        }
        recountInDegrees()
        if repair { repairReachability() }
    }

    /// Waits for the checks a load with ``ChecksumCheck/inBackground``
    /// deferred (returns at once for any other index), and throws
    /// `corruption` naming the file when its checksum did not match.
    package func waitForLoadChecks() throws {
        try loadCheck?.wait()
    }

    /// Throws the deferred checksum's error if it has failed by now
    /// (searches do not wait for it).
    func checkLoadFailure() throws {
        if let failure = loadCheck?.failure { throw failure }
    }
}

/// The outcome of the checks a load deferred to a background thread.
final class LoadCheck: @unchecked Sendable {
    private let lock = ConditionLock()
    private var done = false
    private var error: ToonDBError?

    /// Records the outcome (nil: the file is sound) and wakes the waiters.
    func finish(_ error: ToonDBError?) {
        lock.withLock {
            done = true
            self.error = error
            lock.broadcast()
        }
    }

    /// Waits for the outcome; throws the error of a failed check.
    func wait() throws {
        try lock.withLock {
            while !done { lock.wait() }
            if let error { throw error }
        }
    }

    /// The error if the check has failed by now.
    var failure: ToonDBError? { lock.withLock { error } }
}

/// Little-endian encoding of a header.
struct ByteWriter {
    var data: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { data += b }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data += $0 } }
}

/// Little-endian decoding; the caller checks the length first.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    mutating func u32() -> UInt32 {
        defer { offset += 4 }
        return peekU32()
    }
    func peekU32() -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
    mutating func u64() -> UInt64 {
        let lo = UInt64(u32())
        return lo | UInt64(u32()) << 32
    }
}
