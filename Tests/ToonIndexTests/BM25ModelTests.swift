import Foundation
import Testing
import ToonCore
import ToonDB
import ToonIndex
import ToonTestSupport

/// Random adds, removes and updates checked against a model of the documents:
/// after each round the index must pass `verify()`, have the model's figures,
/// and rank exactly like an index rebuilt from scratch and like scores
/// computed directly from the model.
@Suite struct BM25ModelTests {
    /// A few very common words (their blocks split) and a long tail (terms come and go).
    static let vocabulary = ["alpha", "beta", "gamma", "delta", "Épsilon", "数", "zeta"]
        + (0..<60).map { "w\($0)" }

    static func randomText(_ rng: inout SeededRandom) -> String {
        let n = Int(rng.next() % 12)
        return (0..<n).map { _ -> String in
            let r = Double(rng.next() % 10_000) / 10_000
            return vocabulary[min(vocabulary.count - 1, Int(pow(r, 3) * Double(vocabulary.count)))]
        }.joined(separator: rng.next() % 2 == 0 ? " " : ", ")
    }

    static let queries = ["alpha", "beta gamma", "w3 w17 w59", "épsilon 数", "zeta zeta alpha", "w44", "nothing"]

    /// BM25 from the model's texts, written independently of the index.
    static func modelScores(_ docs: [UInt64: String], _ query: String) -> [UInt64: Double] {
        let t = Tokenizer()
        let terms = docs.mapValues { t.terms($0) }
        let n = Double(docs.count)
        let avg = Double(terms.values.map(\.count).reduce(0, +)) / max(n, 1)
        var out: [UInt64: Double] = [:]
        for q in t.terms(query) {
            let holding = Double(terms.values.filter { $0.contains(q) }.count)
            guard holding > 0 else { continue }
            let idf = log(1 + (n - holding + 0.5) / (holding + 0.5))
            for (id, ts) in terms {
                let tf = Double(ts.filter { $0 == q }.count)
                if tf > 0 { out[id, default: 0] += idf * tf / (tf + 1.2 * (0.25 + 0.75 * Double(ts.count) / avg)) }
            }
        }
        return out
    }

    /// One cache for every index of a test, aborted transactions' included.
    static func check(_ index: BM25Index, _ docs: [UInt64: String], cached: BM25Index? = nil) throws {
        let stats = try index.verify()
        #expect(stats.documents == docs.count)
        #expect(stats.totalLength == docs.values.map { Tokenizer().terms($0).count }.reduce(0, +))
        #expect(stats.terms == Set(docs.values.flatMap { Tokenizer().terms($0) }).count)
        let rebuilt = BM25Index(store: MemoryIndexStore())
        try rebuilt.add(docs.map { (docID: $0.key, text: $0.value) })
        for query in queries {
            let all = try index.search(query, k: max(docs.count, 1))
            #expect(all == (try rebuilt.search(query, k: max(docs.count, 1))), "query \(query)")
            let expected = modelScores(docs, query)
            #expect(all.count == expected.count, "query \(query)")
            for hit in all { #expect(abs(hit.score - (expected[hit.docID] ?? -1)) < 1e-9, "query \(query) doc \(hit.docID)") }
            #expect(try index.search(query, k: 5) == Array(all.prefix(5)))
            if let cached {
                #expect(try cached.search(query, k: max(docs.count, 1)) == all, "cached, query \(query)")
                #expect(try cached.search(query, k: 3) == Array(all.prefix(3)), "cached, query \(query)")
            }
        }
    }

    @Test func randomOperationsInMemory() throws {
        var rng = SeededRandom(seed: 2024)
        let store = MemoryIndexStore()
        let index = BM25Index(store: store)
        let cached = BM25Index(store: store, cache: TextIndexCache())
        var docs: [UInt64: String] = [:]
        var nextID: UInt64 = 0
        for round in 0..<12 {
            for _ in 0..<120 {
                switch rng.next() % 10 {
                case 0...3:  // appends, mostly rising ids
                    nextID += 1 + rng.next() % 3
                    let text = Self.randomText(&rng)
                    try index.add(docID: nextID, text: text)
                    docs[nextID] = text
                case 4:  // ids below the tails' floors
                    let id = rng.next() % (nextID + 1)
                    guard docs[id] == nil else { continue }
                    let text = Self.randomText(&rng)
                    try index.add(docID: id, text: text)
                    docs[id] = text
                case 5:  // a batch of mixed ids
                    var batch: [(docID: UInt64, text: String)] = []
                    for _ in 0..<Int(rng.next() % 40) {
                        let id = rng.next() % 2 == 0 ? rng.next() % (nextID + 1) : nextID + 1 + rng.next() % 50
                        guard docs[id] == nil, !batch.contains(where: { $0.docID == id }) else { continue }
                        batch.append((id, Self.randomText(&rng)))
                    }
                    try index.add(batch)
                    for (id, text) in batch { docs[id] = text; nextID = max(nextID, id) }
                case 6...7:
                    let id = docs.keys.randomElement(using: &rng) ?? 0
                    #expect(try index.remove(docID: id) == (docs.removeValue(forKey: id) != nil))
                default:
                    let id = rng.next() % 3 == 0 ? nextID + 1 : (docs.keys.randomElement(using: &rng) ?? 0)
                    let text = Self.randomText(&rng)
                    try index.update(docID: id, text: text)
                    docs[id] = text
                    nextID = max(nextID, id)
                }
            }
            if round == 8 {  // empty the index almost completely, then refill
                for id in Array(docs.keys).shuffled(using: &rng).dropFirst(3) {
                    try index.remove(docID: id)
                    docs[id] = nil
                }
            }
            try Self.check(index, docs, cached: cached)
        }
        #expect(docs.count > 300)
    }

    @Test func randomTransactionsOnTheDatabase() throws {
        let dir = TemporaryDirectory("toondb-bm25")
        var db = try Database.open(dir.path)
        let prefix: [UInt8] = Array("\0n/test/text/".utf8)
        var rng = SeededRandom(seed: 77)
        var docs: [UInt64: String] = [:]
        let cache = TextIndexCache()
        for round in 0..<6 {
            for _ in 0..<40 {
                let txn = try db.beginTransaction()
                let index = BM25Index(store: StorageIndexStore(txn, prefix: prefix), cache: cache)
                var staged = docs
                for _ in 0..<Int(1 + rng.next() % 8) {
                    let id = rng.next() % 600
                    if rng.next() % 4 == 0 {
                        try index.remove(docID: id)
                        staged[id] = nil
                    } else {
                        let text = Self.randomText(&rng)
                        try index.update(docID: id, text: text)
                        staged[id] = text
                    }
                }
                // A user key written beside the index is untouched by it.
                try txn.put("user-key-\(round)", "v")
                // Searches inside the transaction fill the cache with its uncommitted lists.
                if rng.next() % 4 == 0 { try Self.check(index, staged) }
                if rng.next() % 5 == 0 { txn.abort() } else { try txn.commit(); docs = staged }
            }
            if round % 2 == 1 { try db.close(); db = try Database.open(dir.path) }
            let reader = try db.beginTransaction()
            try Self.check(BM25Index(store: StorageIndexStore(reader, prefix: prefix)), docs,
                           cached: BM25Index(store: StorageIndexStore(reader, prefix: prefix), cache: cache))
            reader.abort()
        }
        #expect(try db.getString("user-key-5") == "v")
        try db.close()
    }

    @Test func concurrentIndexWritersConflictInsteadOfLosingCounts() throws {
        let dir = TemporaryDirectory("toondb-bm25c")
        let db = try Database.open(dir.path)
        let prefix: [UInt8] = Array("\0n/c/text/".utf8)
        let a = try db.beginTransaction(), b = try db.beginTransaction()
        try BM25Index(store: StorageIndexStore(a, prefix: prefix)).add(docID: 1, text: "one")
        try BM25Index(store: StorageIndexStore(b, prefix: prefix)).add(docID: 2, text: "two")
        try a.commit()
        #expect { try b.commit() } throws: { ($0 as? ToonDBError)?.code == .transactionConflict }
        let r = try db.beginTransaction()
        #expect(try BM25Index(store: StorageIndexStore(r, prefix: prefix)).verify().documents == 1)
        r.abort()
        try db.close()
    }
}
