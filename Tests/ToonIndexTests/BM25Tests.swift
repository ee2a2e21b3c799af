import Foundation
import Testing
import ToonCore
import ToonIndex
import ToonTestSupport

/// BM25 scores on a tiny corpus computed by hand, and the search API's edges.
@Suite struct BM25Tests {
    /// d1 "The cat sat." (3 terms), d2 "the dog sat on the mat" (6), d3 "Cats and dogs" (3):
    /// N = 3, avgdl = 4.
    static func tiny() throws -> BM25Index {
        let index = BM25Index(store: MemoryIndexStore())
        try index.add(docID: 1, text: "The cat sat.")
        try index.add(docID: 2, text: "the dog sat on the mat")
        try index.add(docID: 3, text: "Cats and dogs")
        return index
    }

    @Test func scoresMatchHandComputation() throws {
        let index = try Self.tiny()
        // idf(the) = idf(sat) = ln(1 + (3 − 2 + 0.5) / (2 + 0.5)) = ln 1.6 = 0.470003629
        // d1, tf 1, |d| 3: 1 / (1 + 1.2 · (0.25 + 0.75 · 3/4)) = 1 / 1.975 = 0.506329114
        // d2, tf(the) 2, |d| 6: 2 / (2 + 1.2 · (0.25 + 0.75 · 6/4)) = 2 / 3.65 = 0.547945205
        // d2, tf(sat) 1: 1 / 2.65 = 0.377358491
        // "the sat": d1 = 2 · 0.470003629 · 0.506329114 = 0.475953042
        //            d2 = 0.470003629 · (0.547945205 + 0.377358491) = 0.434896095
        let hits = try index.search("the sat", k: 10)
        #expect(hits.map(\.docID) == [1, 2])
        #expect(abs(hits[0].score - 0.475953042) < 1e-8)
        #expect(abs(hits[1].score - 0.434896095) < 1e-8)
        // "the": d2 = 0.470003629 · 0.547945205 = 0.257536235 ranks above d1 = 0.237976521
        let the = try index.search("THE", k: 10)
        #expect(the.map(\.docID) == [2, 1])
        #expect(abs(the[0].score - 0.257536235) < 1e-8 && abs(the[1].score - 0.237976521) < 1e-8)
        // "mat": idf = ln(1 + 2.5/1.5) = 0.980829253; d2: 0.980829253 / 2.65 = 0.370124246
        let mat = try index.search("mat", k: 10)
        #expect(mat.count == 1 && mat[0].docID == 2 && abs(mat[0].score - 0.370124246) < 1e-8)
        // A repeated query term counts twice: "cats the the" on d2 = 2 · 0.257536235
        let repeated = try index.search("cats the the", k: 10)
        #expect(repeated.map(\.docID) == [2, 3, 1])
        #expect(abs(repeated[0].score - 0.515072470) < 1e-8)
        #expect(abs(try #require(try index.score(docID: 2, query: "cats the the")) - 0.515072470) < 1e-8)
        #expect(try index.score(docID: 3, query: "mat") == 0)
        #expect(try index.score(docID: 9, query: "mat") == nil)
        #expect(try index.documentFrequency("the") == 2)
    }

    @Test func statsCountDocumentsLengthsAndTerms() throws {
        let index = try Self.tiny()
        // the cat sat dog on mat cats and dogs
        #expect(try index.stats() == TextIndexStats(documents: 3, totalLength: 12, terms: 9))
        #expect(try index.stats().averageLength == 4)
        try index.add(docID: 4, text: " ,;! ")
        #expect(try index.stats() == TextIndexStats(documents: 4, totalLength: 12, terms: 9))
        try index.remove(docID: 2)
        #expect(try index.stats() == TextIndexStats(documents: 3, totalLength: 6, terms: 6))
        try index.verify()
    }

    @Test func emptyQueryAndUnknownTermsGiveNoHits() throws {
        let index = try Self.tiny()
        #expect(try index.search("", k: 5).isEmpty)
        #expect(try index.search("  ?! ", k: 5).isEmpty)
        #expect(try index.search("zebra", k: 5).isEmpty)
        #expect(try BM25Index(store: MemoryIndexStore()).search("cat", k: 5).isEmpty)
    }

    @Test func kBelowOneIsInvalid() throws {
        let index = try Self.tiny()
        for k in [0, -1, Int.min] {
            #expect(throws: ToonDBError.self) { try index.search("cat", k: k) }
            do { _ = try index.search("cat", k: k) } catch let e as ToonDBError { #expect(e.code == .invalidArgument) }
        }
    }

    @Test func kLimitsAndTiesGoToTheSmallerID() throws {
        let index = BM25Index(store: MemoryIndexStore())
        for id in (0..<50).reversed() { try index.add(docID: UInt64(id) * 3, text: "same words here") }
        let hits = try index.search("words", k: 7)
        #expect(hits.map(\.docID) == (0..<7).map { UInt64($0) * 3 })
        #expect(Set(hits.map(\.score)).count == 1)
        #expect(try index.search("words", k: 1000).count == 50)
    }

    @Test func filtersStillReturnKHits() throws {
        let index = BM25Index(store: MemoryIndexStore())
        var docs: [(docID: UInt64, text: String)] = []
        for id in 0..<400 { docs.append((UInt64(id), "common " + String(repeating: "rare ", count: id % 7))) }
        try index.add(docs)
        // Only odd ids pass; the best-scoring documents are mostly filtered out.
        var calls = 0
        let hits = try index.search("common rare", k: 25) { id in calls += 1; return id % 2 == 1 }
        #expect(hits.count == 25)
        #expect(hits.allSatisfy { $0.docID % 2 == 1 })
        let all = try index.search("common rare", k: 400).filter { $0.docID % 2 == 1 }
        #expect(hits == Array(all.prefix(25)))
        #expect(calls < 400)
        // A filter that few documents pass returns all of them.
        #expect(try index.search("common", k: 50) { $0 < 3 }.map(\.docID) == [0, 1, 2])
        #expect(try index.search("common", k: 50) { _ in false }.isEmpty)
    }

    @Test func addRejectsKnownAndRepeatedIDsWithoutWriting() throws {
        let store = MemoryIndexStore()
        let index = BM25Index(store: store)
        try index.add(docID: 1, text: "alpha")
        let before = store.entries.map(\.value)
        #expect { try index.add(docID: 1, text: "beta") } throws: { ($0 as? ToonDBError)?.code == .alreadyExists }
        #expect { try index.add([(docID: 2, text: "x"), (docID: 2, text: "y")]) } throws: {
            ($0 as? ToonDBError)?.code == .invalidArgument
        }
        #expect { try index.add([(docID: 3, text: "x"), (docID: 1, text: "y")]) } throws: {
            ($0 as? ToonDBError)?.code == .alreadyExists
        }
        #expect(store.entries.map(\.value) == before)
        #expect(try index.remove(docID: 7) == false)
        try index.update(docID: 1, text: "gamma gamma")
        try index.update(docID: 5, text: "delta")
        #expect(try index.search("alpha", k: 3).isEmpty)
        #expect(try index.search("gamma delta", k: 3).map(\.docID) == [1, 5])
        try index.verify()
    }

    @Test func corruptBlocksAreReportedNotTrusted() throws {
        let store = MemoryIndexStore()
        let index = BM25Index(store: store)
        try index.add(docID: 1, text: "alpha beta")
        let key = store.entries.first { $0.key.first == UInt8(ascii: "P") }!.key
        try store.put(key, [0, 5, 1])
        #expect { try index.search("alpha beta", k: 3) } throws: { ($0 as? ToonDBError)?.code == .corruption }
        #expect { try index.verify() } throws: { ($0 as? ToonDBError)?.code == .corruption }
        try store.put([UInt8(ascii: "S")], [9, 9])
        #expect { try index.stats() } throws: { ($0 as? ToonDBError)?.code == .corruption }
    }

    @Test func unicodeDocumentsAreFoundByAnySpelling() throws {
        let index = BM25Index(store: MemoryIndexStore())
        try index.add(docID: 1, text: "ÜNÏCÖDÉ support in 数据库")
        try index.add(docID: 2, text: "plain ascii")
        #expect(try index.search("ünïcödé", k: 5).map(\.docID) == [1])
        #expect(try index.search("库", k: 5).map(\.docID) == [1])
    }
}

/// MaxScore and block-max skipping must not change what the top k is.
@Suite struct BM25PruningTests {
    @Test func topKEqualsThePrefixOfTheFullRanking() throws {
        var rng = SeededRandom(seed: 31)
        let vocabulary = (0..<400).map { "t\($0)" }
        func word() -> String {
            let r = Double(rng.next() % 1_000_000) / 1_000_000
            return vocabulary[min(vocabulary.count - 1, Int(pow(r, 3) * Double(vocabulary.count)))]
        }
        var docs: [(docID: UInt64, text: String)] = []
        for i in 0..<3_000 { docs.append((UInt64(i * 7 + 3), (0..<Int(5 + rng.next() % 60)).map { _ in word() }.joined(separator: " "))) }
        let cache = TextIndexCache()
        let store = MemoryIndexStore()
        try BM25Index(store: store).add(docs)
        let index = BM25Index(store: store, cache: cache)
        #expect(try index.preload() > 10)
        #expect(try index.preload(minimumPostings: 1_000_000) == 0)
        for _ in 0..<150 {
            let query = (0..<Int(1 + rng.next() % 6)).map { _ in word() }.joined(separator: " ")
            let full = try index.search(query, k: docs.count)
            for k in [1, 5, 10, 50] {
                #expect(try index.search(query, k: k) == Array(full.prefix(k)), "query \(query) k \(k)")
            }
            let odd = try index.search(query, k: 10) { $0 % 2 == 1 }
            #expect(odd == Array(full.filter { $0.docID % 2 == 1 }.prefix(10)), "filtered query \(query)")
        }
        #expect(cache.counts.hits > 0)
        let uncached = BM25Index(store: store)
        #expect(try uncached.preload() == 0)
        for query in ["t0 t1", "t3 t399 t17", "t2"] {
            #expect(try uncached.search(query, k: 10) == (try index.search(query, k: 10)))
        }
    }
}
