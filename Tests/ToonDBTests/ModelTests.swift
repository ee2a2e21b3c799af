import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Random operations checked against an in-memory dictionary, with reopen,
/// checkpoint and compaction in between (the model-based test of issue 2).
@Suite struct ModelTests {
    /// The model: the committed state of the store.
    struct Model {
        var data: [String: String] = [:]

        func range(_ lo: String, _ hi: String?) -> [(String, String)] {
            let l = Array(lo.utf8), h = hi.map { Array($0.utf8) }
            return data.map { (Array($0.key.utf8), $0.key, $0.value) }
                .filter { entry in
                    !entry.0.lexicographicallyPrecedes(l) && (h.map { entry.0.lexicographicallyPrecedes($0) } ?? true)
                }
                .sorted { $0.0.lexicographicallyPrecedes($1.0) }
                .map { ($0.1, $0.2) }
        }

        /// The immediate children of a prefix, as listChildren reports them.
        func children(_ prefix: String) -> [String: (value: Bool, children: Bool)] {
            var out: [String: (Bool, Bool)] = [:]
            for k in data.keys where k.hasPrefix(prefix) {
                let rest = k.dropFirst(prefix.count)
                if let slash = rest.firstIndex(of: "/") {
                    let name = String(rest[..<slash])
                    out[name] = (out[name]?.0 ?? false, true)
                } else {
                    let name = String(rest)
                    out[name] = (true, out[name]?.1 ?? false)
                }
            }
            return out
        }
    }

    static func randomKey(_ rng: inout SeededRandom) -> String {
        let dirs = ["a", "b", "a-b", "users", "users/x", "z"]
        let d = dirs[Int(rng.next() % UInt64(dirs.count))]
        return "\(d)/\(rng.next() % 60)" + (rng.next() % 7 == 0 ? "/leaf" : "")
    }

    static func randomValue(_ rng: inout SeededRandom) -> String {
        let n = rng.next() % 20 == 0 ? 4000 + Int(rng.next() % 4000) : Int(rng.next() % 120)
        return String(repeating: Character(UnicodeScalar(UInt8(97 + rng.next() % 26))), count: n)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        let dir = TemporaryDirectory("model")
        let config = DatabaseConfig(syncMode: .normal, memtableSizeBytes: 64 * 1024)
        var db = try Database.open(dir.path, config: config)
        var model = Model()
        var rng = SeededRandom(seed: seed)
        for step in 0..<3000 {
            switch rng.next() % 100 {
            case 0..<40:
                let k = Self.randomKey(&rng), v = Self.randomValue(&rng)
                try db.put(k, v)
                model.data[k] = v
            case 40..<55:
                let k = Self.randomKey(&rng)
                try db.delete(k)
                model.data[k] = nil
            case 55..<75:
                let k = Self.randomKey(&rng)
                #expect(try db.getString(k) == model.data[k], "seed \(seed) step \(step) key \(k)")
            case 75..<85:
                let a = Self.randomKey(&rng), b = Self.randomKey(&rng)
                let (lo, hi) = a < b ? (a, b) : (b, a)
                let got = try db.scan(from: lo, to: hi).toArray().map { (String(decoding: $0.key, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) }
                let want = model.range(lo, hi)
                #expect(got.map(\.0) == want.map(\.0), "seed \(seed) step \(step) scan \(lo)..<\(hi)")
                #expect(got.map(\.1) == want.map(\.1))
            case 85..<95:
                let txn = try db.beginTransaction()
                var local = model.data
                for _ in 0..<Int(rng.next() % 6 + 1) {
                    let k = Self.randomKey(&rng)
                    if rng.next() % 3 == 0 {
                        try txn.delete(k)
                        local[k] = nil
                    } else {
                        let v = Self.randomValue(&rng)
                        try txn.put(k, v)
                        local[k] = v
                    }
                    let probe = Self.randomKey(&rng)
                    #expect(try txn.getString(probe) == local[probe], "own writes visible, seed \(seed) step \(step)")
                }
                let inTxn = try txn.scanPrefix("users/").toArray().map { String(decoding: $0.key, as: UTF8.self) }
                #expect(inTxn == local.keys.filter { $0.hasPrefix("users/") }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
                if rng.next() % 4 == 0 {
                    txn.abort()
                } else {
                    try txn.commit()
                    model.data = local
                }
            case 95..<97:
                let prefix = ["", "a/", "users/", "users/x/", "b/"][Int(rng.next() % 5)]
                let got = try db.listChildren(prefix)
                let want = model.children(prefix)
                #expect(got.count == want.count, "seed \(seed) step \(step) children of \(prefix)")
                #expect(Set(got.map(\.name)).count == got.count, "each child once")
                for c in got {
                    #expect(want[c.name]?.value == c.hasValue && want[c.name]?.children == c.hasChildren,
                            "child \(prefix)\(c.name)")
                }
            case 97:
                try db.close()
                db = try Database.open(dir.path, config: config)
            case 98:
                try db.checkpoint()
            default:
                try db.compact()
            }
        }
        // Final full comparison, after one more reopen.
        try db.close()
        db = try Database.open(dir.path, config: config)
        let all = try db.scan(from: "").toArray()
        #expect(all.map { String(decoding: $0.key, as: UTF8.self) } == model.range("", nil).map(\.0))
        #expect(all.map { String(decoding: $0.value, as: UTF8.self) } == model.range("", nil).map(\.1))
        // The run went through flushes and compactions, not only the memtable.
        let levels = db.stats().segmentFilesPerLevel
        #expect(levels.dropFirst().reduce(0, +) > 0, "compacted files exist: \(levels)")
        try db.close()
    }
}
