import Testing
import ToonDB

/// Random key-value operations checked against an in-memory dictionary, with
/// reopens and (where the backend has them) checkpoints and compactions in
/// between: the model-based test of the key-value API, run on every backend
/// (`ModelTests` embedded, `EtcdBackendTests` on etcd).
public enum KeyValueModel {
    /// The model: the committed state of the store.
    public struct Model {
        public var data: [String: String] = [:]

        public init() {}

        public func range(_ lo: String, _ hi: String?) -> [(String, String)] {
            let l = Array(lo.utf8), h = hi.map { Array($0.utf8) }
            return data.map { (Array($0.key.utf8), $0.key, $0.value) }
                .filter { entry in
                    !entry.0.lexicographicallyPrecedes(l) && (h.map { entry.0.lexicographicallyPrecedes($0) } ?? true)
                }
                .sorted { $0.0.lexicographicallyPrecedes($1.0) }
                .map { ($0.1, $0.2) }
        }

        /// The immediate children of a prefix, as listChildren reports them.
        public func children(_ prefix: String) -> [String: (value: Bool, children: Bool)] {
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

    /// Runs `steps` random operations from `seed` on the database `open`
    /// returns (called again after each close), then compares everything it
    /// holds with the model after one more reopen. With `maintenance`,
    /// checkpoints and full compactions are among the operations. Returns the
    /// database, still open.
    public static func run(seed: UInt64, steps: Int = 3000, maintenance: Bool,
                           open: () throws -> Database) throws -> Database {
        var db = try open()
        var model = Model()
        var rng = SeededRandom(seed: seed)
        for step in 0..<steps {
            switch rng.next() % 100 {
            case 0..<40:
                let k = randomKey(&rng), v = randomValue(&rng)
                try db.put(k, v)
                model.data[k] = v
            case 40..<55:
                let k = randomKey(&rng)
                try db.delete(k)
                model.data[k] = nil
            case 55..<75:
                let k = randomKey(&rng)
                #expect(try db.getString(k) == model.data[k], "seed \(seed) step \(step) key \(k)")
            case 75..<85:
                let a = randomKey(&rng), b = randomKey(&rng)
                let (lo, hi) = a < b ? (a, b) : (b, a)
                let got = try db.scan(from: lo, to: hi).toArray().map { (String(decoding: $0.key, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) }
                let want = model.range(lo, hi)
                #expect(got.map(\.0) == want.map(\.0), "seed \(seed) step \(step) scan \(lo)..<\(hi)")
                #expect(got.map(\.1) == want.map(\.1))
            case 85..<95:
                let txn = try db.beginTransaction()
                var local = model.data
                for _ in 0..<Int(rng.next() % 6 + 1) {
                    let k = randomKey(&rng)
                    if rng.next() % 3 == 0 {
                        try txn.delete(k)
                        local[k] = nil
                    } else {
                        let v = randomValue(&rng)
                        try txn.put(k, v)
                        local[k] = v
                    }
                    let probe = randomKey(&rng)
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
                db = try open()
            case 98 where maintenance:
                try db.checkpoint()
            case 99 where maintenance:
                try db.compact()
            default:
                break
            }
        }
        try db.close()
        db = try open()
        let all = try db.scan(from: "").toArray()
        #expect(all.map { String(decoding: $0.key, as: UTF8.self) } == model.range("", nil).map(\.0))
        #expect(all.map { String(decoding: $0.value, as: UTF8.self) } == model.range("", nil).map(\.1))
        return db
    }
}
