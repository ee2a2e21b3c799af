import Foundation
import Testing
import ToonDB
import ToonTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Every bad input of the key-value core, transactions and errors
/// (README.md, "From Swift") gets its clear error, and nothing stored is lost.
@Suite struct BadInputTests {
    @Test func oversizedKeyAndValueAreRefused() throws {
        let dir = TemporaryDirectory("sizes")
        let db = try Database.open(dir.path)
        try db.put("keep", "me")
        let bigKey = [UInt8](repeating: 65, count: KeyRules.maxKeyBytes + 1)
        let e1 = #expect(throws: ToonDBError.self) { try db.put(bigKey, "v") }
        #expect(e1?.code == .invalidArgument)
        #expect(e1?.message.contains("65537") == true)
        let e2 = #expect(throws: ToonDBError.self) { try db.put("k", [UInt8](repeating: 0, count: KeyRules.maxValueBytes + 1)) }
        #expect(e2?.code == .invalidArgument)
        #expect(throws: ToonDBError.self) { try db.get(bigKey) }
        let txn = try db.beginTransaction()
        #expect(throws: ToonDBError.self) { try txn.put(bigKey, "v") }
        txn.abort()
        // The limits themselves are allowed.
        try db.put([UInt8](repeating: 66, count: KeyRules.maxKeyBytes), "edge")
        try db.put("", "empty key")
        #expect(try db.getString("") == "empty key")
        #expect(try db.getString("keep") == "me")
    }

    @Test func reservedInternalKeysAreRefusedAndHidden() throws {
        let dir = TemporaryDirectory("reserved")
        let db = try Database.open(dir.path)
        let e = #expect(throws: ToonDBError.self) { try db.put([0, 1, 2], "x") }
        #expect(e?.code == .invalidArgument)
    }

    @Test func aClosedHandleThrows() throws {
        let dir = TemporaryDirectory("closed")
        let db = try Database.open(dir.path)
        try db.put("a", "1")
        let txn = try db.beginTransaction()
        try db.close()
        try db.close()
        for op in [{ try db.put("b", "2") }, { _ = try db.get("a") }, { _ = try db.scan(from: "") },
                   { try db.checkpoint() }, { _ = try db.beginTransaction() }, { _ = try db.listChildren("") },
                   { try txn.put("c", "3"); try txn.commit() }] as [() throws -> Void] {
            let error = #expect(throws: ToonDBError.self) { try op() }
            #expect(error?.code == .databaseClosed)
        }
        let again = try Database.open(dir.path)
        #expect(try again.getString("a") == "1")
    }

    @Test func aCommittedTransactionCannotBeUsedAgain() throws {
        let dir = TemporaryDirectory("txn-closed")
        let db = try Database.open(dir.path)
        let txn = try db.beginTransaction()
        try txn.put("a", "1")
        try txn.commit()
        let error = #expect(throws: ToonDBError.self) { try txn.put("b", "2") }
        #expect(error?.code == .transactionClosed)
        txn.abort()
        #expect(try db.getString("a") == "1")
    }

    @Test func aSecondOpenInTheSameProcessIsLocked() throws {
        let dir = TemporaryDirectory("lock")
        let db = try Database.open(dir.path)
        try db.put("a", "1")
        let error = #expect(throws: ToonDBError.self) { try Database.open(dir.path) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("process \(getpid())") == true, "\(error?.message ?? "")")
        #expect(error?.remediation?.contains("toondb-server") == true)
        #expect(try db.getString("a") == "1")
    }

    @Test func aSecondWriterProcessIsLockedAndNamesTheHolder() throws {
        let dir = TemporaryDirectory("lock-process")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binaries.path("toondb-crash-writer"))
        p.arguments = [dir.path, "7", "normal", "1048576"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        // Wait until the writer holds the database.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("READY") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let error = #expect(throws: ToonDBError.self) { try Database.open(dir.path) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("process \(p.processIdentifier)") == true, "\(error?.message ?? "")")
    }

    @Test func aPathThatIsAFileIsRefused() throws {
        let dir = TemporaryDirectory("file")
        let path = dir.file("plain")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ToonDBError.self) { try Database.open(path) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("is a file") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database", "the file is untouched")
        let nested = #expect(throws: ToonDBError.self) { try Database.open(path + "/sub") }
        #expect(nested?.code == .ioError)
    }

    @Test func aMissingDatabaseWithoutCreateIsNotFound() throws {
        let dir = TemporaryDirectory("nocreate")
        let error = #expect(throws: ToonDBError.self) {
            try Database.open(dir.file("absent"), config: DatabaseConfig(createIfMissing: false))
        }
        #expect(error?.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: dir.file("absent")))
    }

    @Test func aDirectoryWithoutADatabaseIsNotFoundAndLeftAlone() throws {
        let dir = TemporaryDirectory("nodatabase")
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir.file("notes.txt")))
        let error = #expect(throws: ToonDBError.self) {
            try Database.open(dir.path, config: DatabaseConfig(createIfMissing: false))
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("holds no MANIFEST") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"], "nothing written, not even LOCK")
    }

    @Test func aReadOnlyDirectoryIsAClearError() throws {
        let dir = TemporaryDirectory("readonly")
        let path = dir.file("db")
        do {
            let db = try Database.open(path)
            try db.put("kept", "yes")
            try db.close()
        }
        // Tests may run as root, which ignores permission bits: inject EROFS
        // through the file-system seam as well as clearing the bits.
        chmod(path, 0o555)
        defer { chmod(path, 0o755) }
        let fs = FaultInjectingFileSystem()
        fs.set { $0.readOnly = true }
        let error = #expect(throws: ToonDBError.self) { try Database.open(path, config: DatabaseConfig(fileSystem: fs)) }
        #expect(error?.code == .ioError)
        #expect(error?.message.contains("Read-only") == true || error?.message.contains("ermission") == true,
                "\(error?.message ?? "")")
        #expect(error?.remediation != nil)
        chmod(path, 0o755)
        let db = try Database.open(path)
        #expect(try db.getString("kept") == "yes")
    }

    @Test func aFullDiskFailsWritesAndLosesNothingStored() throws {
        let dir = TemporaryDirectory("full")
        let fs = FaultInjectingFileSystem()
        let db = try Database.open(dir.path, config: DatabaseConfig(syncMode: .full, fileSystem: fs))
        for i in 0..<100 { try db.put("k\(i)", "v\(i)") }
        fs.set { $0.writeBudget = 2000 }
        var failed: ToonDBError?
        for i in 100..<1000 {
            do { try db.put("k\(i)", String(repeating: "x", count: 100)) } catch let e as ToonDBError {
                failed = e
                break
            }
        }
        #expect(failed?.code == .ioError)
        #expect(failed?.message.contains("No space") == true, "\(failed?.message ?? "")")
        // Later writes fail with the same sticky error instead of writing after a gap.
        #expect(throws: ToonDBError.self) { try db.put("later", "x") }
        // Closing cannot write the memtable out either, and says so.
        #expect(throws: ToonDBError.self) { try db.close() }
        let again = try Database.open(dir.path)
        for i in 0..<100 { #expect(try again.getString("k\(i)") == "v\(i)") }
    }

    @Test func aFailedSyncIsReportedToTheWriter() throws {
        let dir = TemporaryDirectory("sync")
        let fs = FaultInjectingFileSystem()
        let db = try Database.open(dir.path, config: DatabaseConfig(syncMode: .full, fileSystem: fs))
        try db.put("before", "1")
        fs.set { $0.failSyncs = true }
        let error = #expect(throws: ToonDBError.self) { try db.put("during", "2") }
        #expect(error?.code == .ioError)
        fs.set { $0.failSyncs = false }
        // The failed sync is sticky: closing reports it too.
        let atClose = #expect(throws: ToonDBError.self) { try db.close() }
        #expect(atClose?.code == .ioError)
        let again = try Database.open(dir.path)
        #expect(try again.getString("before") == "1")
    }

    @Test func badArgumentsAreInvalid() throws {
        let dir = TemporaryDirectory("args")
        let db = try Database.open(dir.path)
        #expect(throws: ToonDBError.self) { try db.scanBatched(from: "a", batchSize: 0) }
        #expect(throws: ToonDBError.self) { try db.listChildren("", limit: -1) }
        #expect(throws: ToonDBError.self) { try db.putPath("", "x") }
        #expect(throws: ToonDBError.self) { try db.putPath("a//b", "x") }
        #expect(throws: ToonDBError.self) { try Database.open("") }
    }
}
