import ToonCore

/// Opening a database: read the manifest, open its segment files, replay the
/// live logs in order, write what was replayed to a segment, start a new log
/// and a new manifest, and remove files nothing refers to.
enum Recovery {
    struct State {
        var mem: MemTable
        var version: Version
        var log: LogWriter?
        var nextFileNumber: UInt64
        var lastSequence: UInt64
        var openEpoch: UInt64
    }

    static func run(dir: String, fs: any FileSystem, cache: BlockCache, options: EngineOptions) throws -> State {
        let manifestPath = DatabaseFileName.manifest.path(in: dir)
        var manifest = Manifest()
        if fs.fileExists(manifestPath) {
            manifest = try Manifest.decode(try fs.readAll(manifestPath), path: manifestPath)
        } else {
            try checkNewDirectory(dir, fs: fs)
        }
        var levels = [[TableFile]](repeating: [], count: Version.levels)
        for e in manifest.files {
            levels[e.level].append(try openTable(dir: dir, fs: fs, cache: cache, number: e.number,
                                                 smallest: e.smallest, largest: e.largest))
        }
        // Replay live logs, oldest first.
        let names = try fs.listDirectory(dir)
        let logs = names.compactMap { n -> UInt64? in
            guard let num = DatabaseFileName(n)?.logNumber, num >= manifest.logNumber else { return nil }
            return num
        }.sorted()
        var lastSequence = manifest.lastSequence
        if let huge = logs.last, huge >= Manifest.counterLimit {
            throw ToonDBError(.corruption, "\(DatabaseFileName.log(huge).path(in: dir)) has a number beyond the engine's limit (2^62)",
                              remediation: "move the file out of the database directory; ToonDB never writes such a name")
        }
        var nextFileNumber = max(manifest.nextFileNumber, (logs.last ?? 0) + 1)
        var replayed = MemTable(logNumber: 0)
        var lastReplayed: UInt64 = 0
        var flushed: [TableFile] = []
        for num in logs {
            let path = DatabaseFileName.log(num).path(in: dir)
            var reader = try LogReader(file: try fs.openReadable(path))
            while let (first, batch) = try reader.nextBatch(after: lastReplayed) {
                lastReplayed = replayed.add(batch, firstSequence: first)
                lastSequence = max(lastSequence, lastReplayed)
                if replayed.memoryUsage >= options.memtableSizeBytes {
                    let n = nextFileNumber
                    nextFileNumber += 1
                    flushed.append(try writeTable(replayed, number: n, dir: dir, fs: fs, cache: cache)!)
                    replayed = MemTable(logNumber: 0)
                }
            }
            if let torn = reader.tornTailOffset {
                let w = try fs.openWritable(path, truncate: false)
                try w.truncate(to: torn)
                try w.close()
            }
        }
        if replayed.entryCount > 0 {
            let n = nextFileNumber
            nextFileNumber += 1
            flushed.append(try writeTable(replayed, number: n, dir: dir, fs: fs, cache: cache)!)
        }
        levels[0].append(contentsOf: flushed)

        let logNumber = nextFileNumber
        nextFileNumber += 1
        var log: LogWriter?
        if options.walEnabled {
            log = LogWriter(file: try fs.openWritable(DatabaseFileName.log(logNumber).path(in: dir), truncate: true),
                            preallocate: options.syncMode == .full)
        }
        manifest.nextFileNumber = nextFileNumber
        manifest.lastSequence = lastSequence
        manifest.logNumber = logNumber
        manifest.openEpoch += 1
        manifest.files = []
        for (level, files) in levels.enumerated() {
            for f in files {
                manifest.files.append(.init(level: level, number: f.number, size: f.size, smallest: f.smallest, largest: f.largest))
            }
        }
        try manifest.write(to: dir, fs: fs)
        // Remove what nothing refers to: replayed logs, segments of failed flushes or compactions.
        let live = Set(manifest.files.map(\.number))
        for n in names {
            switch DatabaseFileName(n) {
            case .manifestTemp: try fs.remove(dir + "/" + n)
            case .log(let num) where num < logNumber: try fs.remove(dir + "/" + n)
            case .segment(let num) where !live.contains(num): try fs.remove(dir + "/" + n)
            default: break
            }
        }
        return State(mem: MemTable(logNumber: logNumber), version: Version(files: levels), log: log,
                     nextFileNumber: nextFileNumber, lastSequence: lastSequence, openEpoch: manifest.openEpoch)
    }

    /// A directory without a MANIFEST is a new database only when it holds
    /// nothing but our lock file and empty logs (a crash right after the first
    /// open); anything else is left untouched and refused.
    static func checkNewDirectory(_ dir: String, fs: any FileSystem) throws {
        var ours: [String] = []
        var foreign: [String] = []
        for name in try fs.listDirectory(dir) {
            switch DatabaseFileName(name) {
            case .lock, .manifestTemp: continue
            case .log:
                let log = try fs.openReadable(dir + "/" + name)
                defer { log.close() }
                if log.size > 0 { ours.append(name) }
            case .segment: ours.append(name)
            case .manifest, nil: foreign.append(name)
            }
        }
        if !ours.isEmpty {
            throw ToonDBError(.corruption, "\(dir) holds database files (\(ours.sorted().prefix(3).joined(separator: ", "))) but no MANIFEST",
                              remediation: "restore the MANIFEST from a backup; nothing was changed")
        }
        if !foreign.isEmpty {
            throw ToonDBError(.invalidArgument, "\(dir) is not a ToonDB database: it holds other files (\(foreign.sorted().prefix(3).joined(separator: ", ")))",
                              remediation: "give an empty or new directory")
        }
    }

    /// Opens a segment file named in the manifest.
    static func openTable(dir: String, fs: any FileSystem, cache: BlockCache, number: UInt64,
                          smallest: [UInt8], largest: [UInt8]) throws -> TableFile {
        let path = DatabaseFileName.segment(number).path(in: dir)
        guard fs.fileExists(path) else {
            throw ToonDBError(.corruption, "segment file \(path) named in the manifest is missing",
                              remediation: "restore the file from a backup")
        }
        let file = try fs.openReadable(path)
        let reader = try SegmentReader(number: number, file: file, cache: cache)
        return TableFile(number: number, size: file.size, smallest: smallest, largest: largest, reader: reader) {
            try? fs.remove(path)
            cache.evict(file: number)
        }
    }

    /// Writes a memtable to segment file `number`; nil when it is empty.
    static func writeTable(_ table: MemTable, number: UInt64, dir: String, fs: any FileSystem,
                           cache: BlockCache) throws -> TableFile? {
        let it = table.makeIterator()
        try it.seekToFirst()
        guard it.isValid else { return nil }
        let path = DatabaseFileName.segment(number).path(in: dir)
        let writer = SegmentWriter(file: try fs.openWritable(path, truncate: true))
        while it.isValid {
            try writer.add(it.key, it.value)
            try it.next()
        }
        let smallest = writer.smallest!, largest = writer.largest
        _ = try writer.finish()
        return try openTable(dir: dir, fs: fs, cache: cache, number: number, smallest: smallest, largest: largest)
    }
}
