import Foundation
import Synchronization
import Testing
import ToonCore
import ToonStorage
import ToonTestSupport

/// `StorageEngine.backup(to:)` (FORMAT.md §10): a copy taken while a writer
/// goes on holds exactly what a snapshot of the source at the backup's
/// sequence reads — across memtable switches, flushes and compactions.
@Suite struct BackupTests {
    /// Every key and value a cursor yields.
    static func contents(_ engine: StorageEngine, snapshot: UInt64? = nil) throws -> [[UInt8]: [UInt8]] {
        let it = try engine.iterator(lower: [], upper: nil, snapshot: snapshot)
        var all: [[UInt8]: [UInt8]] = [:]
        while let (k, v) = try it.next() { all[k] = v }
        return all
    }

    static func batch(_ i: Int) -> WriteBatch {
        var b = WriteBatch()
        b.put(Array("key\(i % 3000)".utf8), Array("value \(i) ".utf8) + [UInt8](repeating: UInt8(i % 251), count: 100))
        if i % 7 == 0 { b.delete(Array("key\((i * 13) % 3000)".utf8)) }
        return b
    }

    @Test func aCopyUnderAConcurrentWriterMatchesTheSnapshotAtItsSequence() throws {
        let dir = TemporaryDirectory("backup")
        var options = EngineOptions()
        options.memtableSizeBytes = 64 << 10  // small: the writer causes switches, flushes and compactions
        let engine = try StorageEngine.open(path: dir.file("source"), options: options)
        for i in 0..<2000 { try engine.write(Self.batch(i)) }

        let stop = Atomic<Bool>(false)
        let written = Atomic<Int>(0)
        let writer = Thread {
            var i = 2000
            while !stop.load(ordering: .relaxed) {
                try? engine.write(Self.batch(i))
                i += 1
                written.add(1, ordering: .relaxed)
            }
        }
        writer.start()
        while written.load(ordering: .relaxed) < 500 { usleep(1000) }
        var copies: [(path: String, backup: StorageBackup)] = []
        for n in 0..<3 {
            let path = dir.file("copy\(n)")
            copies.append((path, try engine.backup(to: path)))
            usleep(20_000)
        }
        stop.store(true, ordering: .relaxed)
        while writer.isExecuting { usleep(1000) }

        #expect(copies[0].backup.sequence < copies[2].backup.sequence, "the writer went on between backups")
        for (path, backup) in copies {
            #expect(backup.linkedSegments > 0 && backup.copiedSegments == 0, "one file system: segments are hard-linked")
            let expected = try Self.contents(engine, snapshot: backup.snapshot.sequence)
            let copy = try StorageEngine.open(path: path)
            let actual = try Self.contents(copy)
            #expect(copy.latestSequence == backup.sequence)
            #expect(actual.count == expected.count && actual == expected,
                    "copy at sequence \(backup.sequence): \(actual.count) keys, the snapshot \(expected.count)")
            try copy.close()
        }
        try engine.close()
    }

    @Test func theDestinationMustBeNewOrEmpty() throws {
        let dir = TemporaryDirectory("backup-dest")
        let engine = try StorageEngine.open(path: dir.file("source"))
        defer { try? engine.close() }
        try engine.write(Self.batch(1))
        try FileManager.default.createDirectory(atPath: dir.file("full"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir.file("full/notes.txt")))
        #expect(throws: ToonDBError.self) { try engine.backup(to: dir.file("full")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("full")) == ["notes.txt"])
        try FileManager.default.createDirectory(atPath: dir.file("empty"), withIntermediateDirectories: true)
        let b = try engine.backup(to: dir.file("empty"))
        #expect(b.logEntries == 1)
    }
}
