import ToonCore
import ToonIndex
internal import ToonStorage

extension VectorCollection {
    /// The collection's BM25 index, read and written through `txn` (so it
    /// commits or aborts with the documents the transaction writes).
    func textIndex(_ txn: StorageTransaction) -> BM25Index {
        BM25Index(store: StorageIndexStore(txn, prefix: state.textPrefix), cache: state.textCache)
    }

    /// The `k` documents whose content best matches `query` by BM25
    /// (k1 = 1.2, b = 0.75, Lucene's idf; see ``Tokenizer`` for how text is
    /// split). A query with no tokens finds nothing. Needs
    /// ``CollectionConfig/enableHybridSearch``.
    public func keywordSearch(_ query: String, k: Int, filter: [String: MetadataFilter] = [:]) throws -> [SearchResult] {
        try namespace.checkLive()
        try checkK(k)
        try checkHybrid("keywordSearch")
        namespace.database.queries.add(1, ordering: .relaxed)
        return try keywordRanking(query, k: k, filter: filter).map {
            try result(id: $0.id, score: $0.score, distance: 0)
        }
    }

    /// Vector and keyword search fused: Reciprocal Rank Fusion (k = 60) of
    /// the two rankings when `rrfFusion` is true, else `alpha` × the vector
    /// side's min-max-normalised score + (1 − alpha) × the keyword side's.
    /// Each side contributes its best `max(k, 50)` candidates. A result's
    /// score is the fused score; its distance is the vector distance when
    /// the vector side found it, else 0.
    public func hybridSearch(vector: [Float], textQuery: String, k: Int, alpha: Double = 0.5, rrfFusion: Bool = true,
                             filter: [String: MetadataFilter] = [:], efSearch: Int? = nil) throws -> [SearchResult] {
        try checkK(k)
        try checkHybrid("hybridSearch")
        guard alpha.isFinite, (0...1).contains(alpha) else {
            throw ToonDBError(.invalidArgument, "alpha must lie in 0…1, not \(alpha)")
        }
        let depth = max(k, 50)
        let vectorSide = try search(vector: vector, k: depth, filter: filter, efSearch: efSearch)
        let keywordSide = try keywordRanking(textQuery, k: depth, filter: filter)
        let v = vectorSide.map { Fusion.Ranked(id: $0.id, score: $0.score) }
        let t = keywordSide.map { Fusion.Ranked(id: $0.id, score: $0.score) }
        let fused = rrfFusion ? try Fusion.reciprocalRank([v, t], limit: k)
                              : try Fusion.weighted(vector: v, keyword: t, alpha: alpha, limit: k)
        let byID = Dictionary(vectorSide.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try fused.map { hit in
            if let r = byID[hit.id] {
                var r = r
                r.score = hit.score
                return r
            }
            return try result(id: hit.id, score: hit.score, distance: 0)
        }
    }

    /// BM25 hits as (document id, score), best first, after the filter.
    private func keywordRanking(_ query: String, k: Int, filter: [String: MetadataFilter]) throws -> [(id: String, score: Double)] {
        let s = state
        let txn = try engine.beginTransaction()
        defer { txn.abort() }
        return try s.maps.withReadLock {
            let primary: (UInt64) -> String? = { label in
                guard let owner = s.owners[label], let e = s.entries[owner.id], e.primaryLabel == label else { return nil }
                return owner.id
            }
            let predicate: ((UInt64) -> Bool)? = filter.isEmpty ? nil : { label in
                guard let id = primary(label), let e = s.entries[id] else { return false }
                return MetadataFilter.matches(filter, e.metadata)
            }
            return try textIndex(txn).search(query, k: k, filter: predicate).compactMap { hit in
                primary(hit.docID).map { ($0, hit.score) }
            }
        }
    }

    private func checkHybrid(_ operation: String) throws {
        guard state.config.enableHybridSearch else {
            throw ToonDBError(.invalidArgument, "\(operation) needs a collection created with enableHybridSearch: true; \"\(name)\" was not",
                              remediation: "create the collection with enableHybridSearch: true and a contentField")
        }
    }
}
