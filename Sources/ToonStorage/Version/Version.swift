import ToonCore

/// An immutable picture of the segment files per level.
///
/// Invariants:
/// 1. Level 0 files may overlap and are kept newest first (by file number).
/// 2. Files of each level ≥ 1 are sorted by key and never overlap.
/// 3. A version never changes; a flush or compaction installs a new one.
final class Version: @unchecked Sendable {
    static let levels = 7
    let files: [[TableFile]]

    init(files: [[TableFile]]) {
        var f = files
        while f.count < Version.levels { f.append([]) }
        f[0].sort { $0.number > $1.number }
        for l in 1..<f.count { f[l].sort { InternalKey.compare($0.smallest, $1.smallest) < 0 } }
        self.files = f
    }

    /// The newest version of `key` at `sequence` held by any file.
    func get(_ key: [UInt8], sequence: UInt64) throws -> [UInt8]?? {
        let hash = key.withUnsafeBytes { BloomFilter.hash($0) }
        for f in files[0] where f.overlaps(key, key) {
            if let r = try f.reader.get(key, sequence: sequence, hash: hash) { return r }
        }
        for level in 1..<files.count {
            let fs = files[level]
            guard !fs.isEmpty else { continue }
            var lo = 0, hi = fs.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if compareBytes(fs[mid].largestUserKey, key) < 0 { lo = mid + 1 } else { hi = mid }
            }
            if lo < fs.count, fs[lo].overlaps(key, key),
               let r = try fs[lo].reader.get(key, sequence: sequence, hash: hash) { return r }
        }
        return nil
    }

    /// Cursors over every file: one per level-0 file, one per deeper level.
    func iterators() -> [InternalIterator] {
        var its: [InternalIterator] = files[0].map { $0.reader.makeIterator() }
        for level in 1..<files.count where !files[level].isEmpty {
            its.append(LevelIterator(files[level]))
        }
        return its
    }

    /// Total bytes in a level.
    func bytes(level: Int) -> Int { files[level].reduce(0) { $0 + $1.size } }

    /// Every file of the version.
    var allFiles: [TableFile] { files.flatMap { $0 } }
}
