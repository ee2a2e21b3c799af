import Foundation
import ToonCore
import ToonDB
import ToonFormat
import ToonWire

/// The inputs `toondb-fuzz` feeds to the engine (RELIABILITY.md, "Fuzzing").
/// Each takes arbitrary bytes and may fail with a `ToonDBError`; a crash,
/// a trap or (under AddressSanitizer) a memory error is a bug.
enum FuzzTarget: String, CaseIterable {
    /// SQL text run against a small database inside a transaction that is rolled back.
    case sql
    /// TOON text decoded, and re-encoded when it decodes.
    case toon
    /// JSON text parsed.
    case json
    /// A stream of IPC frames (opcode, little-endian length, payload) handled by a server session.
    case wire
    /// A write-ahead log replayed as recovery does (`StorageFileCheck.replayLog`).
    case wal
    /// A segment file opened and read entry by entry, with lookups (`StorageFileCheck.readSegment`).
    case segment
    /// A MANIFEST decoded (`StorageFileCheck.readManifest`).
    case manifest
    /// An HNSW index file (`.hnsw`) loaded, verified and searched.
    case hnsw

    /// Runs the input through the target; returns normally for every input that does not crash.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .sql: FuzzDatabase.shared.runSQL(String(decoding: bytes, as: UTF8.self))
        case .toon:
            if let value = try? ToonDecoder().decode(bytes: bytes) { _ = ToonEncoder().encode(value) }
        case .json: _ = try? Value(jsonBytes: bytes)
        case .wire: FuzzDatabase.shared.handleFrames(bytes)
        case .wal, .segment, .manifest, .hnsw: DamagedFile(self, input: bytes).read()
        }
    }
}

/// The one database the sql and wire targets share, in a temporary
/// directory removed at exit: two tables with an index, some rows, a
/// collection and a graph, so statements and frames reach real data.
final class FuzzDatabase: @unchecked Sendable {
    static let shared = FuzzDatabase()

    let directory: String
    let database: Database
    let session: IpcSession

    private init() {
        directory = NSTemporaryDirectory() + "toondb-fuzz-\(getpid())"
        do {
            database = try Database.open(directory, config: DatabaseConfig(createIfMissing: true, syncMode: .off))
            try database.executeSQL("""
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n REAL, b BLOB);
                CREATE INDEX t_n ON t (n DESC);
                CREATE TABLE u (k TEXT, v INTEGER, PRIMARY KEY (k, v));
                INSERT INTO t (name, n, b) VALUES ('a', 1.5, x'00ff'), ('b', NULL, NULL), ('c', -3, x'');
                INSERT INTO u VALUES ('a', 1), ('a', 2), ('z', 26);
                """)
            try database.put("users/alice", #"{"name":"Alice","age":30}"#)
        } catch {
            fatalError("toondb-fuzz: cannot set up the database in \(directory): \(error)")
        }
        session = IpcSession(database: database, stats: ServerStats())
        atexit { try? FileManager.default.removeItem(atPath: FuzzDatabase.shared.directory) }
    }

    /// Runs `text` in a transaction that is always rolled back, so inputs do not change what later ones see.
    func runSQL(_ text: String) {
        struct RollBack: Error {}
        _ = try? database.transaction { tx -> Void in
            _ = try? tx.executeSQL(text)
            throw RollBack()
        }
    }

    /// Cuts `bytes` into frames as the server reads them from a socket and
    /// hands each to the session; open transactions are aborted at the end.
    func handleFrames(_ bytes: [UInt8]) {
        var at = 0
        while at < bytes.count {
            let opcode = bytes[at]
            var length = 0
            for i in 0..<4 where at + 1 + i < bytes.count { length |= Int(bytes[at + 1 + i]) << (8 * i) }
            let start = min(at + IpcFrame.headerSize, bytes.count)
            let end = min(start + length, bytes.count)
            _ = session.handle(IpcFrame(opcode, Array(bytes[start..<end])))
            at = end
        }
        session.abortAll()
    }
}
