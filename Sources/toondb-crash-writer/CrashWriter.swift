// A test helper for the crash tests (Tests/ToonDBTests/CrashTests.swift): it
// writes to a database until it is killed, printing a line for every write
// the moment the write has returned, so the parent knows what was acknowledged.
//
// Usage: toondb-crash-writer DB_PATH SEED SYNC_MODE MEMTABLE_BYTES [vectors|mixed]
// Output lines: `READY` after open; `PUT key value`, `TXN key=value,key=value`
// and `DEL key` after each write returned; `WILL-DEL key` before a delete
// (a delete that was not yet acknowledged may or may not have happened).
// With `vectors` it inserts into collection crash/c (8 dimensions, euclidean)
// instead: `VEC id` after each insert, `WILL-DEL id` / `DEL id` around deletes,
// with a checkpoint (which saves the index file) every 97 writes. With `mixed`
// it writes keys, transactions, SQL rows, documents and graph edges in turn
// (MixedWorkload.swift; `toondb-bench crash` drives it).
import Foundation
import ToonDB

@main
enum CrashWriter {
    static func main() {
        let args = CommandLine.arguments
        guard args.count == 5 || (args.count == 6 && ["vectors", "mixed"].contains(args[5])), let seed = UInt64(args[2]), let mode = SyncMode(rawValue: args[3]),
              let memtable = Int(args[4]) else {
            FileHandle.standardError.write(Data("usage: toondb-crash-writer DB_PATH SEED full|normal|off MEMTABLE_BYTES [vectors|mixed]\n".utf8))
            exit(2)
        }
        do {
            let db = try Database.open(args[1], config: DatabaseConfig(syncMode: mode, memtableSizeBytes: memtable))
            if args.count == 6 { try args[5] == "mixed" ? MixedWorkload.run(db, seed: seed) : writeVectors(db, seed: seed) }
            emit("READY")
            var rng = seed
            var written: [String] = []
            var i = 0
            while true {
                i += 1
                let r = nextRandom(&rng)
                let key = "s\(seed)-k\(i)"
                let value = "v\(i)-" + String(repeating: "x", count: r % 200)
                switch r % 10 {
                case 0 where !written.isEmpty:
                    let victim = written.remove(at: r % written.count)
                    emit("WILL-DEL \(victim)")
                    try db.delete(victim)
                    emit("DEL \(victim)")
                case 1:
                    let k2 = key + "-t"
                    try db.transaction { txn in
                        try txn.put(key, value)
                        try txn.put(k2, value)
                    }
                    written.append(key)
                    written.append(k2)
                    emit("TXN \(key)=\(value),\(k2)=\(value)")
                default:
                    try db.put(key, value)
                    written.append(key)
                    emit("PUT \(key) \(value)")
                }
            }
        } catch {
            FileHandle.standardError.write(Data("toondb-crash-writer: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The vector of document number `i`: distinct for every i, so an exact
    /// search for it finds that document at distance 0.
    static func vector(_ i: Int) -> [Float] {
        (0..<8).map { j in Float((i * 31 + j * 7) % 1009) + Float(i % 97) * 0.001 * Float(j + 1) }
    }

    /// The `vectors` mode: inserts and deletes documents until killed.
    static func writeVectors(_ db: Database, seed: UInt64) throws -> Never {
        let ns = try db.namespaceCreatingIfMissing("crash")
        let col = try (try? ns.collection("c"))
            ?? ns.createCollection(CollectionConfig(name: "c", dimension: 8, metric: .euclidean, m: 8, efConstruction: 40))
        emit("READY")
        var written: [String] = []
        var i = 0
        while true {
            i += 1
            let id = "s\(seed)-d\(i)"
            if i % 7 == 0, !written.isEmpty {
                let victim = written.remove(at: (i * 13) % written.count)
                emit("WILL-DEL \(victim)")
                try col.delete(victim)
                emit("DEL \(victim)")
            } else {
                try col.insert(id: id, vector: vector(Int(seed) * 100_000 + i), metadata: ["i": .int(Int64(i))])
                written.append(id)
                emit("VEC \(id)")
            }
            if i % 97 == 0 { try db.checkpoint() }
        }
    }

    /// The writers' random stream: a 64-bit LCG step, then its high bits.
    static func nextRandom(_ state: inout UInt64) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: state >> 33)
    }

    /// Writes one line straight to the file descriptor (no buffering).
    static func emit(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                let n = write(1, p.baseAddress! + done, p.count - done)
                if n <= 0 { exit(3) }
                done += n
            }
        }
    }
}
