import ToonCore

/// A BM25 keyword index kept in an ``IndexStore`` (README.md, "From Swift";
/// keys and values in `Text/FORMAT.md`).
///
/// Scoring is the `bm25s` package's default ("lucene") method: for a query
/// with terms t (a term given twice counts twice) and a document d,
///
///     score(d) = Σ_t idf(t) · tf(t,d) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))
///     idf(t)   = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
///
/// with k1 = 1.2, b = 0.75, tf the term's count in the document, |d| the
/// document's length in terms, avgdl the mean length over all N documents
/// (documents without terms count), and n(t) the documents holding t.
/// Like Lucene since version 8 and bm25s, there is no (k1 + 1) factor in the
/// numerator; it would scale every score alike. Terms come from ``Tokenizer``.
///
/// The index is a value over a store: it holds no state of its own, so it may
/// be created afresh inside every transaction. All reads and writes go through
/// the store, and so share the store's transaction: an index updated in the
/// transaction that writes a document commits or aborts with it.
///
/// Invariants (the layout is in FORMAT.md):
/// 1. Every indexed document has one document entry listing its distinct
///    terms and frequencies, and for each of them exactly one posting in that
///    term's blocks; there are no other postings.
/// 2. A term's blocks partition the document ids: the block keyed U holds the
///    ids in (previous block's U, U]; the last, the tail, is keyed UInt64.max
///    and exists whenever any block of the term exists. Only a tail may be
///    empty, and only while other blocks of the term exist.
/// 3. The tail's floor is at least every other block's upper bound of its term,
///    so that an id above the floor belongs in the tail (appends of rising ids,
///    the common case, read and write the tail only, by point lookups).
/// 4. The statistics entry holds N, the sum of lengths and the number of
///    terms with at least one posting. n(t) is not stored: a search reads every
///    posting of t anyway and counts them.
///
/// Concurrency: the statistics live in one entry, and every indexing write
/// rewrites it. Two transactions that index documents concurrently therefore
/// conflict, and the later committer gets `transactionConflict` (and retries),
/// which keeps N and the lengths exact under snapshot isolation. Spreading the
/// figures over several entries would not buy concurrency: any two documents
/// share common terms, whose tail blocks both transactions rewrite, so they
/// would conflict there anyway. Searches only read and never conflict.
package struct BM25Index {
    /// The term-frequency saturation parameter.
    package static let k1 = 1.2
    /// The length-normalisation parameter.
    package static let b = 0.75

    let store: any IndexStore
    /// Decoded posting lists shared between searches, if any.
    let cache: TextIndexCache?
    /// The tokenizer of documents and queries.
    package let tokenizer: Tokenizer

    /// An index over `store`, which it shares with no other index. Searches
    /// keep decoded posting lists in `cache` when given (keep one cache for
    /// the life of the database and pass it each time; see ``TextIndexCache``).
    package init(store: any IndexStore, cache: TextIndexCache? = nil, tokenizer: Tokenizer = Tokenizer()) {
        self.store = store
        self.cache = cache
        self.tokenizer = tokenizer
    }

    /// The index's figures.
    package func stats() throws -> TextIndexStats {
        guard let raw = try store.get(TextKeys.stats) else { return TextIndexStats() }
        return try TextIndexStats.decode(raw)
    }

    /// Whether `docID` is indexed.
    package func contains(docID: UInt64) throws -> Bool {
        try store.get(TextKeys.document(docID)) != nil
    }

    static func termText(_ term: [UInt8]) -> String { String(decoding: term, as: UTF8.self) }
}
