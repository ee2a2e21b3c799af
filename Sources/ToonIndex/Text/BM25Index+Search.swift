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
    public func search(_ query: String, k: Int, filter: ((UInt64) -> Bool)? = nil) throws -> [TextHit] {
        guard k > 0 else {
            throw ToonDBError(.invalidArgument, "a text search asked for k = \(k) hits",
                              remediation: "ask for at least one hit")
        }
        let terms = queryTerms(query)
        guard !terms.isEmpty else { return [] }
        let stats = try stats()
        guard stats.documents > 0, stats.totalLength > 0 else { return [] }
        var lists: [ScoredList] = []
        for (term, repeats) in terms {
            if let list = try scoredList(term, repeats: repeats, stats: stats) { lists.append(list) }
        }
        var top = TopHits(k: k)
        ScoredList.merge(lists) { docID, score in
            if top.admits(docID, score), filter.map({ $0(docID) }) ?? true { top.insert(docID, score) }
        }
        return top.sorted()
    }

    /// The BM25 score of document `docID` for `query` (0 when it holds no
    /// query term), or nil when the document is not indexed.
    public func score(docID: UInt64, query: String) throws -> Double? {
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
    public func documentFrequency(_ term: String) throws -> Int {
        try documentFrequency(Array(term.utf8))
    }

    /// Lucene's idf: ln(1 + (N − n + 0.5) / (n + 0.5)).
    public static func idf(documents: Int, holding n: Int) -> Double {
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

    /// Every posting of `term` with its score contribution; nil when no document holds it.
    private func scoredList(_ term: [UInt8], repeats: Int, stats: TextIndexStats) throws -> ScoredList? {
        let prefix = term.withUnsafeBytes { TextKeys.postingPrefix($0) }
        let norm = Normaliser(stats: stats)
        var list = ScoredList()
        try store.scan(from: prefix, to: prefix.prefixSuccessor) { _, v in
            try PostingBlock.forEachPosting(v, term: Self.termText(term)) { p in
                list.docIDs.append(p.docID)
                list.scores.append(norm.weight(p.frequency, p.length))
            }
            return true
        }
        guard !list.docIDs.isEmpty else { return nil }
        let factor = Double(repeats) * Self.idf(documents: stats.documents, holding: list.docIDs.count)
        for i in list.scores.indices { list.scores[i] *= factor }
        return list
    }
}

/// tf / (tf + k1 · (1 − b + b · |d| / avgdl)), with the constants folded.
struct Normaliser {
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
