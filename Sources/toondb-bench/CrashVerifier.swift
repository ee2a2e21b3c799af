import ToonDB

/// The checks after each reopen in `toondb-bench crash`: every acknowledged
/// write is there; SQL's index agrees with its table; the graph's adjacency
/// is symmetric; ``Database/verify()`` passes (every checksum, the vector
/// index agrees with the documents).
enum CrashVerifier {
    struct Result {
        var checked = 0
        var failures: [String] = []
    }

    static func check(_ path: String, _ ledger: CrashLedger) -> Result {
        var result = Result()
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) {
            result.checked += 1
            if !ok { result.failures.append(what()) }
        }
        do {
            let db = try Database.open(path)
            defer { try? db.close() }
            for (key, value) in ledger.keys {
                expect(try db.getString(key) == value, "key \(key) lost or changed")
            }
            if !ledger.rows.isEmpty {
                let table = try db.executeSQL("SELECT id, k FROM crash_t").rows
                var stored: [String: String] = [:]
                for row in table { stored[row.values[0].description] = row.values[1].description }
                for (id, k) in ledger.rows {
                    expect(stored[String(id)] == k, "row \(id) lost")
                    let viaIndex = try db.executeSQL("SELECT id FROM crash_t WHERE k = '\(k)'").rows.map { $0.values[0].description }
                    expect(viaIndex == [String(id)], "index on crash_t.k finds \(viaIndex) for row \(id)")
                }
                let counted = try db.executeSQL("SELECT count(*) FROM crash_t WHERE k >= ''").rows.first?.values.first?.description
                expect(counted == String(table.count), "index count \(counted ?? "nil") ≠ table rows \(table.count)")
            }
            if !ledger.documents.isEmpty {
                let col = try db.namespace("crash").collection("c")
                for id in ledger.documents { expect(try col.get(id) != nil, "document \(id) lost") }
            }
            if (try? db.namespace("crash")) != nil {
                let graph = GraphOverlay(db, namespace: "crash")
                for edge in ledger.edges {
                    expect(try graph.neighbors(edge[0]).contains(edge[1]), "edge \(edge[0]) → \(edge[1]) lost")
                }
                for n in 0..<MixedWorkloadShape.nodes {
                    let node = "n\(n)"
                    guard try graph.getNode(node) != nil else { continue }
                    for to in try graph.neighbors(node) {
                        expect(try graph.neighbors(to, direction: .incoming).contains(node), "edge \(node) → \(to) has no way back")
                    }
                }
            }
            _ = try db.verify()
            result.checked += 1
        } catch {
            result.failures.append("\(error)")
        }
        return result
    }
}

/// The shape of the writer's mixed workload that the checks rely on.
enum MixedWorkloadShape {
    /// Graph nodes `n0` … `n39` (MixedWorkload.nodes in toondb-crash-writer).
    static let nodes = 40
}
