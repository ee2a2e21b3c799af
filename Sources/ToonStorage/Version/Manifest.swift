import ToonCore

/// The MANIFEST file: which segment files make up the database and the
/// counters recovery needs (FORMAT.md §4). It is replaced atomically
/// (write `MANIFEST.tmp`, sync, rename, sync the directory).
struct Manifest: Equatable {
    /// "TOONMAN1" as a little-endian u64.
    static let magic: UInt64 = 0x314E_414D_4E4F_4F54

    struct FileEntry: Equatable {
        var level: Int
        var number: UInt64
        var size: Int
        var smallest: [UInt8]
        var largest: [UInt8]
    }

    /// File numbers and the open count stay below this (FORMAT.md §4).
    static let counterLimit: UInt64 = 1 << 62

    var nextFileNumber: UInt64 = 2
    /// Every sequence number up to this one is in a segment file or a live log.
    var lastSequence: UInt64 = 0
    /// Logs numbered below this one are no longer needed.
    var logNumber: UInt64 = 0
    /// Incremented at every open; the high bits of transaction ids.
    var openEpoch: UInt64 = 0
    var files: [FileEntry] = []

    func encode() -> [UInt8] {
        var out: [UInt8] = []
        Varint.appendFixed64(Manifest.magic, to: &out)
        for v in [nextFileNumber, lastSequence, logNumber, openEpoch, UInt64(files.count)] { Varint.append(v, to: &out) }
        for f in files {
            Varint.append(UInt64(f.level), to: &out)
            Varint.append(f.number, to: &out)
            Varint.append(UInt64(f.size), to: &out)
            Varint.append(UInt64(f.smallest.count), to: &out)
            out += f.smallest
            Varint.append(UInt64(f.largest.count), to: &out)
            out += f.largest
        }
        Varint.appendFixed32(CRC32C.mask(CRC32C.checksum(out)), to: &out)
        return out
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> Manifest {
        func bad(_ why: String, _ at: Int = 0) -> ToonDBError { ToonDBError.corruption(path, offset: at, why) }
        guard bytes.count >= 12 else { throw bad("manifest too short") }
        return try bytes.withUnsafeBytes { p in
            let body = UnsafeRawBufferPointer(rebasing: p[0..<(p.count - 4)])
            guard CRC32C.unmask(Varint.fixed32(p, p.count - 4)) == CRC32C.checksum(body) else {
                throw bad("manifest checksum mismatch", p.count - 4)
            }
            guard Varint.fixed64(body, 0) == magic else { throw bad("not a ToonDB manifest (wrong magic)") }
            var pos = 8
            func v() throws -> UInt64 {
                guard let x = Varint.read(body, &pos) else { throw bad("truncated field", pos) }
                return x
            }
            func int() throws -> Int {
                let at = pos, x = try v()
                guard x <= UInt64(Int.max) else { throw bad("field \(x) out of range", at) }
                return Int(x)
            }
            func bytes() throws -> [UInt8] {
                let n = try int()
                guard n <= body.count - pos else { throw bad("key length out of range", pos) }
                defer { pos += n }
                return Array(body[pos..<(pos + n)])
            }
            var m = Manifest()
            m.nextFileNumber = try v()
            m.lastSequence = try v()
            m.logNumber = try v()
            m.openEpoch = try v()
            // Opening adds one to these counters, and sequence numbers fit 56 bits.
            guard m.lastSequence <= InternalKey.maxSequence else { throw bad("last sequence \(m.lastSequence) out of range", 8) }
            guard m.nextFileNumber < counterLimit, m.logNumber < counterLimit, m.openEpoch < counterLimit else {
                throw bad("file number or open count out of range", 8)
            }
            let count = try v()
            for _ in 0..<count {
                let level = try int()
                guard level < Version.levels else { throw bad("level \(level) out of range", pos) }
                let number = try v()
                let size = try int()
                let smallest = try bytes(), largest = try bytes()
                guard smallest.count >= 8, largest.count >= 8 else { throw bad("short file bounds", pos) }
                m.files.append(FileEntry(level: level, number: number, size: size, smallest: smallest, largest: largest))
            }
            guard pos == body.count else { throw bad("trailing bytes", pos) }
            return m
        }
    }

    /// Writes the manifest atomically into `dir`.
    /// `installed` turns true once the new manifest is in place, even when
    /// syncing the directory fails after that.
    func write(to dir: String, fs: any FileSystem, installed: inout Bool) throws {
        let bytes = encode()
        try fs.replaceAtomically(DatabaseFileName.manifest.path(in: dir), { try $0.append(bytes) }, renamed: { installed = true })
    }

    /// Writes the manifest atomically into `dir`.
    func write(to dir: String, fs: any FileSystem) throws {
        var installed = false
        try write(to: dir, fs: fs, installed: &installed)
    }
}
