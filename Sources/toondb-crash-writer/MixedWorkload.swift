import ToonDB

/// The `mixed` mode (used by `toondb-bench crash`): writes through every
/// kind of store in turn until killed, printing what each acknowledged write
/// was the moment it returned:
/// `PUT key value`, `TXN key=value,key=value`, `SQL id key` (a row of table
/// `crash_t`, whose column `k` has an index), `VEC id` (a document of
/// collection crash/c) and `EDGE from to` (an edge `from -link-> to` of the
/// graph of namespace crash, between nodes `n0` … `n39`). Checkpoints every
/// 97 writes save the vector index.
enum MixedWorkload {
    static let nodes = 40

    static func run(_ db: Database, seed: UInt64) throws -> Never {
        let ns = try db.namespaceCreatingIfMissing("crash")
        let col = try (try? ns.collection("c"))
            ?? ns.createCollection(CollectionConfig(name: "c", dimension: 8, metric: .euclidean, m: 8, efConstruction: 40))
        _ = try db.executeSQL("CREATE TABLE IF NOT EXISTS crash_t (id INTEGER PRIMARY KEY, k TEXT, v INTEGER)")
        _ = try db.executeSQL("CREATE INDEX IF NOT EXISTS crash_t_k ON crash_t (k)")
        let graph = GraphOverlay(db, namespace: "crash")
        for n in 0..<nodes where try graph.getNode("n\(n)") == nil { try graph.addNode("n\(n)", type: "node") }
        CrashWriter.emit("READY")
        var rng = seed
        var i = 0
        while true {
            i += 1
            let r = CrashWriter.nextRandom(&rng)
            let key = "s\(seed)-\(i)"
            switch r % 5 {
            case 0:
                let value = "v\(i)-" + String(repeating: "x", count: r % 300)
                try db.put(key, value)
                CrashWriter.emit("PUT \(key) \(value)")
            case 1:
                try db.transaction { txn in
                    try txn.put(key + "-a", "\(i)")
                    try txn.put(key + "-b", "\(i)")
                }
                CrashWriter.emit("TXN \(key)-a=\(i),\(key)-b=\(i)")
            case 2:
                // Row ids are unique across rounds: the seed's high part and the write number.
                let id = Int(seed % 1_000_000) * 1_000_000 + i
                _ = try db.executeSQL("INSERT INTO crash_t VALUES (\(id), '\(key)', \(r % 1000))")
                CrashWriter.emit("SQL \(id) \(key)")
            case 3:
                try col.insert(id: key, vector: CrashWriter.vector(Int(seed % 10_000) * 100_000 + i))
                CrashWriter.emit("VEC \(key)")
            default:
                let from = "n\(r % nodes)", to = "n\((r / nodes) % nodes)"
                try graph.addEdge(from, "link", to)
                CrashWriter.emit("EDGE \(from) \(to)")
            }
            if i % 97 == 0 { try db.checkpoint() }
        }
    }
}
