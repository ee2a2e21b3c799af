import Foundation
import ToonCore

extension StorageEngine {
    /// Starts the thread that flushes frozen memtables, compacts, and syncs the log in `.normal` mode.
    func startBackground() throws {
        backgroundRunning = true
        do {
            try NativeThread.start("toondb-backgrnd") { [self] in backgroundLoop() }
        } catch {
            backgroundRunning = false
            throw error
        }
    }

    private func backgroundLoop() {
        mutex.lock()
        var lastSync = DispatchTime.now().uptimeNanoseconds
        while true {
            backgroundIdle = false
            if backgroundError == nil, let table = imm {
                flush(table)
                continue
            }
            if backgroundError == nil, manualCompaction {
                for level in 0..<(Version.levels - 1) {
                    if let c = Compaction.whole(level: level, of: current) { compact(c) }
                    if backgroundError != nil { break }
                }
                manualCompaction = false
                mutex.broadcast()
                continue
            }
            if backgroundError == nil, !shuttingDown,
               let c = Compaction.pick(current, options: options, pointers: compactPointer) {
                compact(c)
                continue
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastSync >= 1_000_000_000 {
                lastSync = now
                syncLogInBackground()
            }
            if shuttingDown { break }
            backgroundIdle = true
            mutex.broadcast()
            backgroundWork.wait(seconds: 1)
        }
        backgroundIdle = true
        backgroundRunning = false
        mutex.broadcast()
        mutex.unlock()
    }

    /// `.normal`: fsync the log if written since the last sync; `.off`: hand buffered records to the OS.
    private func syncLogInBackground() {
        logLock.withLock {
            guard let log else { return }
            do {
                switch options.syncMode {
                case .normal where logDirty:
                    try log.sync()
                    logDirty = false
                    counters.walSyncs.add(1, ordering: .relaxed)
                case .off:
                    try log.flush()
                default:
                    break
                }
            } catch let e as ToonDBError {
                backgroundError = backgroundError ?? e
            } catch {}
        }
    }

    /// Writes the frozen memtable to a level-0 file; the mutex is held (and released meanwhile).
    private func flush(_ table: MemTable) {
        let number = newFileNumber()
        mutex.unlock()
        var result: Result<TableFile?, Error>
        do {
            result = .success(try Recovery.writeTable(table, number: number, dir: dir, fs: fs, cache: cache))
        } catch {
            result = .failure(error)
        }
        mutex.lock()
        var installed = false
        do {
            let file = try result.get()
            var files = current.files
            if let file { files[0].append(file) }
            let next = Version(files: files)
            try writeManifest(next, logNumber: mem.logNumber, installed: &installed)
            current = next
            imm = nil
            counters.flushes.add(1, ordering: .relaxed)
            removeLogs(below: mem.logNumber)
        } catch {
            // A manifest in place but not known durable may name the new
            // file (or, after a crash, the old files): keep them all.
            if !installed { try? fs.remove(DatabaseFileName.segment(number).path(in: dir)) }
            backgroundError = backgroundError ?? (error as? ToonDBError ?? ToonDBError(.ioError, "\(error)"))
        }
        mutex.broadcast()
    }

    /// Runs a compaction; the mutex is held (and released meanwhile).
    private func compact(_ c: Compaction) {
        let base = current
        let smallest = snapshots.oldest ?? visibleSequence
        mutex.unlock()
        var created: [UInt64] = []
        let result = Result {
            try c.run(version: base, smallestSnapshot: smallest, targetFileBytes: options.targetFileBytes,
                      newFile: {
                          let n = withMutex { newFileNumber() }
                          created.append(n)
                          return (n, try fs.openWritable(DatabaseFileName.segment(n).path(in: dir), truncate: true))
                      },
                      open: { n, lo, hi in try Recovery.openTable(dir: dir, fs: fs, cache: cache, number: n, smallest: lo, largest: hi) })
        }
        mutex.lock()
        var installed = false
        do {
            let outputs = try result.get()
            let next = c.apply(to: current, outputs: outputs)
            try writeManifest(next, logNumber: imm?.logNumber ?? mem.logNumber, installed: &installed)
            current = next
            for f in c.inputs + c.overlapping { f.markObsolete() }
            compactPointer[c.level] = c.inputs.map(\.largest).max { InternalKey.compare($0, $1) < 0 }
            counters.compactions.add(1, ordering: .relaxed)
        } catch {
            if !installed { for n in created { try? fs.remove(DatabaseFileName.segment(n).path(in: dir)) } }
            backgroundError = backgroundError ?? (error as? ToonDBError ?? ToonDBError(.ioError, "\(error)"))
        }
        mutex.broadcast()
    }

    /// Records `version` as the database's files; the mutex is held.
    private func writeManifest(_ version: Version, logNumber: UInt64, installed: inout Bool) throws {
        var m = Manifest()
        m.nextFileNumber = nextFileNumber
        m.lastSequence = lastSequence
        m.logNumber = logNumber
        m.openEpoch = openEpoch
        for (level, files) in version.files.enumerated() {
            for f in files { m.files.append(.init(level: level, number: f.number, size: f.size, smallest: f.smallest, largest: f.largest)) }
        }
        try m.write(to: dir, fs: fs, installed: &installed)
    }

    private func removeLogs(below number: UInt64) {
        guard let names = try? fs.listDirectory(dir) else { return }
        for n in names {
            if let num = DatabaseFileName(n)?.logNumber, num < number { try? fs.remove(dir + "/" + n) }
        }
    }
}
