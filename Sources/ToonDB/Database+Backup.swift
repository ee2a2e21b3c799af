import Foundation
import ToonCore
internal import ToonStorage

/// What ``Database/backup(to:)`` copied.
public struct BackupReport: Sendable, Equatable {
    /// The copy holds every commit up to this sequence number and none after it.
    public let sequence: UInt64
    /// Segment files hard-linked into the copy (they share the source's disk blocks).
    public let linkedSegments: Int
    /// Segment files copied byte for byte (where the file system cannot link them).
    public let copiedSegments: Int
    /// Recent writes not yet in a segment file, carried in the copy's write-ahead log.
    public let logEntries: Int
    /// Vector index files (`vectors/<ns>/<collection>.hnsw`) copied.
    public let indexFiles: Int
}

extension Database {
    /// Writes a consistent copy of the database into `destination`, a path
    /// that does not exist yet (or an empty directory), while other threads
    /// keep reading and writing (README.md, "Backups").
    ///
    /// The copy holds exactly the commits up to ``BackupReport/sequence``:
    /// the segment files of that moment (hard-linked where the file system
    /// allows, else copied), a write-ahead log with the newer writes still in
    /// memory, a MANIFEST naming them, and the collections' vector index
    /// files, which are brought up to date from the documents when the copy
    /// is opened. Open the copy with ``open(_:config:)`` like any database.
    @discardableResult
    public func backup(to destination: String) throws -> BackupReport {
        guard !destination.isEmpty else {
            throw ToonDBError(.invalidArgument, "the backup path is empty", remediation: "give a directory path")
        }
        let source = URL(fileURLWithPath: path).standardizedFileURL.path
        let target = URL(fileURLWithPath: destination).standardizedFileURL.path
        guard target != source, !target.hasPrefix(source + "/") else {
            throw ToonDBError(.invalidArgument, "the backup \(destination) would be inside the database \(path)",
                              remediation: "give a directory outside the database")
        }
        // Saved first, so the copied index files need little catching up.
        try collections.saveAll()
        let copy = try engine.backup(to: destination)
        let indexFiles = try copyIndexFiles(to: destination)
        return BackupReport(sequence: copy.sequence, linkedSegments: copy.linkedSegments,
                            copiedSegments: copy.copiedSegments, logEntries: copy.logEntries, indexFiles: indexFiles)
    }

    /// Puts every `vectors/<ns>/<collection>.hnsw` file into the copy; returns how many.
    /// A file saved while this runs is renamed into place, so each copy is whole.
    private func copyIndexFiles(to destination: String) throws -> Int {
        let fs = config.fileSystem
        let vectors = path + "/vectors"
        guard fs.isDirectory(vectors) else { return 0 }
        var count = 0
        for namespace in try fs.listDirectory(vectors) {
            let source = CollectionState.vectorDirectory(databasePath: path, namespace: namespace)
            guard fs.isDirectory(source) else { continue }
            let names = try fs.listDirectory(source).filter { $0.hasSuffix(".hnsw") }
            guard !names.isEmpty else { continue }
            let target = CollectionState.vectorDirectory(databasePath: destination, namespace: namespace)
            try fs.createDirectory(target)
            for name in names {
                _ = try BackupFiles.linkOrCopy(source + "/" + name, to: target + "/" + name, fs: fs)
                count += 1
            }
        }
        return count
    }
}
