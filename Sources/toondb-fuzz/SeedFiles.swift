import Foundation
import ToonCore
import ToonDB
import ToonIndex

/// Real files for the `wal`, `segment`, `manifest` and `hnsw` targets,
/// written by the engine itself: a small database (keys, a large value whose
/// log record spans blocks, SQL rows with an index, a collection, a
/// checkpoint, then more writes left in the log) and HNSW index files under
/// each metric and quantization, with removed elements. `scripts/fuzz.sh`
/// has them written afresh before each run (`TOONDB_FUZZ_SEEDS`) and fuzzes
/// from them too; `FuzzCorpusTests` has them written and replayed.
enum SeedFiles {
    /// Writes `target`'s seeds into the directory `TOONDB_FUZZ_SEEDS` names,
    /// when it names one and the target reads files.
    static func writeIfAsked(_ target: FuzzTarget) {
        guard let directory = ProcessInfo.processInfo.environment["TOONDB_FUZZ_SEEDS"], !directory.isEmpty,
              [.wal, .segment, .manifest, .hnsw].contains(target) else { return }
        do { try write(target, into: directory) } catch {
            fatalError("toondb-fuzz: cannot write the seeds into \(directory): \(error)")
        }
    }

    /// Writes each seed of `target` into `directory` twice: as it is (mode
    /// byte 0) and with checksum repair on (mode byte 1). Every seed must
    /// read without an error, or the target would not reach past its checks.
    static func write(_ target: FuzzTarget, into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = try target == .hnsw ? indexFiles() : databaseFiles(target)
        for (name, bytes) in files {
            for mode: UInt8 in [0, 1] {
                let input = [mode] + bytes
                do { try DamagedFile(target, input: input).readThrowing() } catch {
                    fatalError("toondb-fuzz: the seed \(name) does not read cleanly: \(error)")
                }
                try Data(input).write(to: URL(fileURLWithPath: "\(directory)/seed-\(name)-\(mode)"))
            }
        }
    }

    /// The files of `target`'s kind in a small database written for the purpose.
    private static func databaseFiles(_ target: FuzzTarget) throws -> [(String, [UInt8])] {
        let directory = scratchDirectory("db")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let db = try Database.open(directory, config: DatabaseConfig(createIfMissing: true, syncMode: .full))
        defer { try? db.close() }
        try writeSome(db, round: 0)
        try db.executeSQL("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n REAL);
            CREATE INDEX t_n ON t (n);
            INSERT INTO t (name, n) VALUES ('a', 1.5), ('b', NULL), ('c', -3);
            """)
        let collection = try db.namespaceCreatingIfMissing("ns").createCollection(CollectionConfig(name: "c", dimension: 4))
        for i in 0..<8 { try collection.insert(id: "d\(i)", vector: [Float(i), 1, -Float(i), 0.5]) }
        try db.checkpoint()
        try writeSome(db, round: 1)
        try db.put("big", String(repeating: "v", count: 40_000))
        let suffix: String
        switch target {
        case .wal: suffix = ".log"
        case .segment: suffix = ".seg"
        default: suffix = "MANIFEST"
        }
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().filter { $0.hasSuffix(suffix) }
            .compactMap { name in
                var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
                // A log is preallocated in MiB of zeros: keep 16 of them, the end a crash leaves.
                if name.hasSuffix(".log"), let last = bytes.lastIndex(where: { $0 != 0 }) {
                    bytes = Array(bytes[...last]) + [UInt8](repeating: 0, count: 16)
                }
                return bytes.isEmpty ? nil : (name, bytes)
            }
    }

    private static func writeSome(_ db: Database, round: Int) throws {
        for i in 0..<20 { try db.put("k\(round)/\(i)", "value \(i) of round \(round)") }
        try db.delete("k\(round)/3")
        try db.transaction { tx in
            try tx.put("tx\(round)/a", "1")
            try tx.put("tx\(round)/b", "2")
        }
    }

    /// HNSW index files under every metric and quantization, with removed elements.
    private static func indexFiles() throws -> [(String, [UInt8])] {
        let directory = scratchDirectory("hnsw")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var files: [(String, [UInt8])] = []
        let shapes: [(VectorMetric, VectorQuantization, dimension: Int, count: Int)] = [
            (.euclidean, .none, 4, 12), (.cosine, .none, 4, 0), (.dotProduct, .none, 4, 6), (.cosine, .scalar8, 4, 10),
            (.euclidean, .binary, VectorQuantization.binaryMinimumDimension, 6),
        ]
        for (metric, quantization, dimension, count) in shapes {
            let index = try HNSWIndex(HNSWParameters(dimension: dimension, metric: metric, m: 4, efConstruction: 16, seed: 3,
                                                     quantization: quantization))
            for i in 0..<count {
                try index.insert((0..<dimension).map { d in Float((i * 7 + d * 3) % 11) - 5 }, label: UInt64(i + 1))
            }
            if count > 4 { _ = index.remove(label: 2) }
            let name = "\(metric)-\(quantization)-\(count).hnsw"
            try index.write(to: "\(directory)/\(name)")
            files.append((name, try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))))
        }
        return files
    }

    private static func scratchDirectory(_ what: String) -> String {
        NSTemporaryDirectory() + "toondb-fuzz-seeds-\(what)-\(getpid())"
    }
}
