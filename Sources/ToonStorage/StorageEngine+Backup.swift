import ToonCore

/// What ``StorageEngine/backup(to:)`` wrote.
package struct StorageBackup {
    /// The copy holds exactly the commits up to this sequence.
    package let sequence: UInt64
    /// A snapshot of the source at ``sequence``, registered until released:
    /// reads through it see what the copy holds.
    package let snapshot: SnapshotHandle
    /// Segment files hard-linked into the copy, and those copied byte for byte.
    package let linkedSegments: Int
    package let copiedSegments: Int
    /// Memtable entries (puts and tombstones) written to the copy's log.
    package let logEntries: Int
}

extension StorageEngine {
    /// Writes a consistent copy of the database, as of the latest commit, into
    /// `destination` (a new directory) while writers go on (FORMAT.md §10):
    /// the segment files of the current version (hard links where the file
    /// system allows, else copies), a log holding the memtables' entries up
    /// to that commit's sequence, and a MANIFEST naming both.
    package func backup(to destination: String) throws -> StorageBackup {
        // Pin what the copy is made of. Every entry of a version's segment
        // files is at or below the visible sequence (memtables are frozen
        // only between commit groups); the memtables also hold entries of the
        // group being committed, above it, which the copy leaves out.
        let (sequence, version, tables, logNumber, epoch, snapshot) = try withMutex {
            try checkOpen()
            let handle = registerSnapshotLocked()
            return (visibleSequence, current, [mem] + (imm.map { [$0] } ?? []), nextFileNumber, openEpoch, handle)
        }
        if fs.fileExists(destination) {
            guard fs.isDirectory(destination), try fs.listDirectory(destination).isEmpty else {
                throw ToonDBError(.alreadyExists, "\(destination) already exists",
                                  remediation: "give a path that does not exist yet (or an empty directory)")
            }
        } else {
            try fs.createDirectory(destination)
        }
        var manifest = Manifest()
        var linked = 0, copied = 0
        for (level, files) in version.files.enumerated() {
            for f in files {
                let name = DatabaseFileName.segment(f.number).name
                if try BackupFiles.linkOrCopy(dir + "/" + name, to: destination + "/" + name, fs: fs) {
                    linked += 1
                } else {
                    copied += 1
                }
                manifest.files.append(.init(level: level, number: f.number, size: f.size, smallest: f.smallest, largest: f.largest))
            }
        }
        let entries = try Self.writeLog(of: tables, upTo: sequence, to: DatabaseFileName.log(logNumber).path(in: destination), fs: fs)
        manifest.nextFileNumber = logNumber + 1
        manifest.lastSequence = sequence
        manifest.logNumber = logNumber
        manifest.openEpoch = epoch
        try manifest.write(to: destination, fs: fs)
        return StorageBackup(sequence: sequence, snapshot: snapshot, linkedSegments: linked, copiedSegments: copied,
                             logEntries: entries)
    }

    /// Writes every entry of `tables` at or below `sequence` to a new log at
    /// `path`, one record per entry in increasing sequence order (as recovery
    /// replays them); returns how many.
    private static func writeLog(of tables: [MemTable], upTo sequence: UInt64, to path: String,
                                 fs: any FileSystem) throws -> Int {
        var entries: [(sequence: UInt64, kind: ValueKind, key: [UInt8], value: [UInt8])] = []
        for table in tables {
            let it = table.makeIterator()
            try it.seekToFirst()
            while it.isValid {
                let trailer = InternalKey.trailer(it.key)
                if trailer.sequence <= sequence {
                    entries.append((trailer.sequence, trailer.kind, InternalKey.userKey(it.key), Array(it.value)))
                }
                try it.next()
            }
        }
        entries.sort { $0.sequence < $1.sequence }
        let log = LogWriter(file: try fs.openWritable(path, truncate: true))
        for e in entries {
            var batch = WriteBatch()
            if e.kind == .value { batch.put(e.key, e.value) } else { batch.delete(e.key) }
            var payload: [UInt8] = []
            batch.encode(firstSequence: e.sequence, into: &payload)
            log.addRecord(payload)
        }
        try log.sync()
        try log.close()
        return entries.count
    }
}

/// Putting a file of one database into another.
package enum BackupFiles {
    /// Hard-links `source` as `target` (true), or, where the file system
    /// refuses (another device, no link support), copies it and syncs the copy (false).
    package static func linkOrCopy(_ source: String, to target: String, fs: any FileSystem) throws -> Bool {
        if (try? fs.hardLink(source, target)) != nil { return true }
        let input = try fs.openReadable(source)
        defer { input.close() }
        let output = try fs.openWritable(target, truncate: true)
        let chunk = 1 << 20
        var offset = 0
        while offset < input.size {
            let bytes = try input.read(at: offset, count: min(chunk, input.size - offset))
            guard !bytes.isEmpty else { break }
            try output.append(bytes)
            offset += bytes.count
        }
        try output.sync()
        try output.close()
        return false
    }
}
