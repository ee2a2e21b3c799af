import ToonCore

/// A compaction: merge `inputs` of `level` with the overlapping files of
/// `level + 1` into new files at `level + 1`, dropping versions no snapshot
/// can see and tombstones nothing deeper needs.
struct Compaction {
    let level: Int
    let inputs: [TableFile]
    let overlapping: [TableFile]
    var outputLevel: Int { level + 1 }

    /// The compaction the version needs most, or nil when every level is within bounds.
    static func pick(_ v: Version, options: EngineOptions, pointers: [[UInt8]?]) -> Compaction? {
        var bestLevel = -1
        var bestScore = 1.0
        for level in 0..<(Version.levels - 1) {
            let score = level == 0
                ? Double(v.files[0].count) / Double(options.level0CompactionTrigger)
                : Double(v.bytes(level: level)) / (Double(options.level1Bytes) * pow10(level - 1))
            if score >= bestScore { bestScore = score; bestLevel = level }
        }
        guard bestLevel >= 0 else { return nil }
        if bestLevel == 0 { return whole(level: 0, of: v) }
        // Round robin through the level: the first file after the last one compacted.
        let files = v.files[bestLevel]
        let start = pointers[bestLevel].flatMap { p in files.firstIndex { InternalKey.compare($0.largest, p) > 0 } } ?? 0
        let input = files[start < files.count ? start : 0]
        return Compaction(level: bestLevel, inputs: [input],
                          overlapping: overlaps(v.files[bestLevel + 1], [input]))
    }

    /// Every file of `level` with what it overlaps below; nil when the level is empty.
    static func whole(level: Int, of v: Version) -> Compaction? {
        let files = v.files[level]
        guard !files.isEmpty else { return nil }
        return Compaction(level: level, inputs: files, overlapping: overlaps(v.files[level + 1], files))
    }

    private static func overlaps(_ candidates: [TableFile], _ inputs: [TableFile]) -> [TableFile] {
        let lo = inputs.map(\.smallestUserKey).min { compareBytes($0, $1) < 0 }
        let hi = inputs.map(\.largestUserKey).max { compareBytes($0, $1) < 0 }
        return candidates.filter { $0.overlaps(lo, hi) }
    }

    private static func pow10(_ n: Int) -> Double { (0..<max(0, n)).reduce(1.0) { r, _ in r * 10 } }

    /// Cursors over the inputs, newest first.
    func iterators() -> [InternalIterator] {
        if level == 0 {
            let newestFirst = inputs.sorted { $0.number > $1.number }
            return newestFirst.map { $0.reader.makeIterator() } + [LevelIterator(overlapping)]
        }
        return [LevelIterator(inputs), LevelIterator(overlapping)]
    }

    /// Merges the inputs into new files (numbers from `newNumber`), dropping
    /// what no reader at or above `smallestSnapshot` can see.
    func run(version v: Version, smallestSnapshot: UInt64, targetFileBytes: Int,
             newFile: () throws -> (number: UInt64, file: any WritableFile),
             open: (UInt64, [UInt8], [UInt8]) throws -> TableFile) throws -> [TableFile] {
        let merged = MergingIterator(iterators())
        try merged.seekToFirst()
        var outputs: [TableFile] = []
        var writer: (number: UInt64, w: SegmentWriter)?
        var currentUserKey: [UInt8] = []
        var first = true
        var lastSequenceForKey = UInt64.max
        func finish() throws {
            guard let (n, w) = writer else { return }
            let smallest = w.smallest!, largest = w.largest
            _ = try w.finish()
            outputs.append(try open(n, smallest, largest))
            writer = nil
        }
        while merged.isValid {
            let ik = merged.key
            if first || !InternalKey.hasUserKey(ik, currentUserKey) {
                first = false
                currentUserKey = InternalKey.userKey(ik)
                lastSequenceForKey = .max
                if let w = writer, w.w.fileSize >= targetFileBytes { try finish() }
            }
            let (seq, kind) = InternalKey.trailer(ik)
            var drop = lastSequenceForKey <= smallestSnapshot
            if !drop && kind == .deletion && seq <= smallestSnapshot && isBaseLevel(currentUserKey, v) {
                drop = true
            }
            lastSequenceForKey = seq
            if !drop {
                if writer == nil {
                    let f = try newFile()
                    writer = (f.number, SegmentWriter(file: f.file))
                }
                try writer!.w.add(ik, merged.value)
            }
            try merged.next()
        }
        try finish()
        return outputs
    }

    /// Whether no level below the output holds `userKey`, so a tombstone for it can go.
    private func isBaseLevel(_ userKey: [UInt8], _ v: Version) -> Bool {
        for l in (outputLevel + 1)..<Version.levels {
            for f in v.files[l] where f.overlaps(userKey, userKey) { return false }
        }
        return true
    }

    /// The version with the inputs replaced by `outputs`.
    func apply(to v: Version, outputs: [TableFile]) -> Version {
        let gone = Set((inputs + overlapping).map(\.number))
        var files = v.files.map { $0.filter { !gone.contains($0.number) } }
        files[outputLevel] += outputs
        return Version(files: files)
    }
}
