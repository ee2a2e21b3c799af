import Foundation
import ToonCore

extension BM25Index {
    /// The `k` best documents for `query`, best first (ties: smaller id first).
    ///
    /// Only documents holding at least one query term are hits. A query
    /// without terms returns no hits. `filter`, when given, decides which
    /// documents may be returned; it is applied while ranking, so the result
    /// still has k hits when k documents pass it and hold a query term. It is
    /// called only for documents that would enter the current top k.
    /// Throws `invalidArgument` when k < 1.
    package func search(_ query: String, k: Int, filter: ((UInt64) -> Bool)? = nil) throws -> [TextHit] {
        guard k > 0 else {
            throw ToonDBError(.invalidArgument, "a text search asked for k = \(k) hits",
                              remediation: "ask for at least one hit")
        }
        let terms = queryTerms(query)
        guard !terms.isEmpty else { return [] }
        let stats = try stats()
        guard stats.documents > 0, stats.totalLength > 0 else { return [] }
        var scored: [MaxScoreRanker.Term] = []
        for (term, repeats) in terms {
            guard let list = try postings(term) else { continue }
            scored.append(.init(list: list, factor: Double(repeats) * Self.idf(documents: stats.documents, holding: list.count)))
        }
        return MaxScoreRanker(terms: scored, norm: Normaliser(stats: stats)).rank(k: k, filter: filter)
    }

    /// Fills the index's cache with the decoded posting lists (and their
    /// weights under the current statistics) of every term held by at least
    /// `minimumPostings` documents, in one pass over the postings, so that
    /// first searches need not decode them; returns the number of lists
    /// loaded. Costs memory (16 bytes a posting, within the cache's budget)
    /// and about as much time as reading the postings once. Does nothing
    /// without a cache.
    @discardableResult
    package func preload(minimumPostings: Int = TextIndexCache.minimumPostings) throws -> Int {
        guard let cache else { return 0 }
        return try PostingList.preload(store, into: cache, norm: Normaliser(stats: stats()),
                                       minimum: max(1, minimumPostings))
    }

    /// The BM25 score of document `docID` for `query` (0 when it holds no
    /// query term), or nil when the document is not indexed.
    package func score(docID: UInt64, query: String) throws -> Double? {
        guard let raw = try store.get(TextKeys.document(docID)) else { return nil }
        let record = try DocumentRecord.decode(raw, docID: docID)
        let stats = try stats()
        let norm = Normaliser(stats: stats)
        var score = 0.0
        for (term, repeats) in queryTerms(query) {
            guard let entry = record.terms.first(where: { $0.term == term }) else { continue }
            let n = try documentFrequency(term)
            score += Double(repeats) * Self.idf(documents: stats.documents, holding: n)
                * norm.weight(entry.frequency, record.length)
        }
        return score
    }

    /// The number of documents holding `term` (already tokenized: lower case).
    package func documentFrequency(_ term: String) throws -> Int {
        try documentFrequency(Array(term.utf8))
    }

    /// Lucene's idf: ln(1 + (N − n + 0.5) / (n + 0.5)).
    package static func idf(documents: Int, holding n: Int) -> Double {
        log(1 + (Double(documents) - Double(n) + 0.5) / (Double(n) + 0.5))
    }

    // MARK: Internals

    /// The distinct terms of a query with how often each occurs, in order of first occurrence.
    func queryTerms(_ query: String) -> [(term: [UInt8], repeats: Int)] {
        var out: [(term: [UInt8], repeats: Int)] = []
        tokenizer.forEachTerm(in: query) { bytes in
            if let i = out.firstIndex(where: { $0.term.elementsEqual(bytes) }) {
                out[i].repeats += 1
            } else {
                out.append(([UInt8](bytes), 1))
            }
        }
        return out
    }

    func documentFrequency(_ term: [UInt8]) throws -> Int {
        let prefix = term.withUnsafeBytes { TextKeys.postingPrefix($0) }
        var n = 0
        try store.scan(from: prefix, to: prefix.prefixSuccessor) { _, v in
            n += try PostingBlock.count(v, term: Self.termText(term))
            return true
        }
        return n
    }

    /// Every posting of `term`, from the cache when it holds the term's
    /// current version; nil when no document holds the term.
    func postings(_ term: [UInt8]) throws -> PostingList? {
        let prefix = term.withUnsafeBytes { TextKeys.postingPrefix($0) }
        guard let tail = try store.get(TextKeys.block(prefix, upper: TextKeys.tailUpper)) else { return nil }
        let version = try tail.withUnsafeBytes { raw in
            var pos = 0
            guard Varint.read(raw, &pos) != nil, let v = Varint.read(raw, &pos) else {
                throw PostingBlock.corrupt(Self.termText(term))
            }
            return v
        }
        if let cache, let list = cache.list(version: version) { return list }
        let list = try PostingList.read(store, prefix: prefix, term: term)
        guard list.count > 0 else { return nil }
        if let cache, list.count >= TextIndexCache.minimumPostings { cache.store(list, version: version) }
        return list
    }
}

/// tf / (tf + k1 · (1 − b + b · |d| / avgdl)), with the constants folded.
struct Normaliser: Equatable {
    let base: Double
    let perTerm: Double

    init(stats: TextIndexStats) {
        base = BM25Index.k1 * (1 - BM25Index.b)
        perTerm = stats.averageLength > 0 ? BM25Index.k1 * BM25Index.b / stats.averageLength : 0
    }

    @inline(__always)
    func weight(_ frequency: UInt32, _ length: UInt32) -> Double {
        let tf = Double(frequency)
        return tf / (tf + base + perTerm * Double(length))
    }
}
