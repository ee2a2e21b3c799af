import OrderedCollections
import ToonCore
import ToonIndex

/// How ``VectorCollection/multiVectorSearch(queryVectors:k:aggregation:filter:efSearch:)``
/// combines the per-field scores of a document into one.
public enum MultiVectorAggregation: Sendable, Equatable {
    /// The best score over the query's fields the document has.
    case maxPooling
    /// The mean score over the query's fields the document has.
    case meanPooling
    /// Σ weight × score over the query's fields the document has (fields without a weight count 0).
    case weightedSum([String: Double])
}

extension VectorCollection {
    /// Adds a document with several named vectors (title, abstract, …), each
    /// of the collection's dimension; `alreadyExists` if `id` is taken.
    /// Metadata is built from variables or literals (see ``ValueConvertible``).
    public func insertMultiVector(id: String, vectors: [String: [Float]],
                                  metadata: OrderedDictionary<String, any ValueConvertible> = [:],
                                  content: String? = nil) throws {
        try insertMultiVector(id: id, vectors: vectors, metadata: metadata.toonValues, content: content)
    }

    /// Adds a multi-vector document whose metadata is already made of ``Value``s.
    @_disfavoredOverload
    public func insertMultiVector(id: String, vectors: [String: [Float]],
                                  metadata: OrderedDictionary<String, Value> = [:], content: String? = nil) throws {
        if vectors.keys.contains(CollectionDocument.defaultField) {
            throw ToonDBError(.invalidArgument, "vector field names of \"\(id)\" must not be empty")
        }
        try write([CollectionDocument(id: id, vectors: vectors, metadata: metadata, content: content)], replacing: false)
    }

    /// Searches with one query vector per field and ranks documents by the
    /// aggregation of their per-field scores (scores as in ``SearchResult``;
    /// a result's distance is the one its aggregated score stands for).
    /// Candidates come from the index (each field searched on its own), then
    /// every candidate is scored exactly on every query field it has.
    public func multiVectorSearch(queryVectors: [String: [Float]], k: Int,
                                  aggregation: MultiVectorAggregation = .maxPooling,
                                  filter: [String: MetadataFilter] = [:], efSearch: Int? = nil) throws -> [SearchResult] {
        try namespace.checkLive()
        try checkK(k)
        if queryVectors.isEmpty { throw ToonDBError(.invalidArgument, "multiVectorSearch needs at least one query vector") }
        for (field, v) in queryVectors { try checkVector(v, what: "query vector \"\(field)\"") }
        namespace.database.queries.add(1, ordering: .relaxed)
        let s = state
        let metric = s.config.metric
        let vectors = s.documentVectors(engine: engine)
        let ranked: [(id: String, score: Double)] = try s.maps.withReadLock {
            var candidates = Set<String>()
            for (field, q) in queryVectors {
                let hits = try s.index.search(q, k: max(k * 4, 20), efSearch: efSearch, filter: { label in
                    guard let owner = s.owners[label], owner.field == field, let e = s.entries[owner.id] else { return false }
                    return filter.isEmpty || MetadataFilter.matches(filter, e.metadata)
                }, vectors: vectors)
                for h in hits { if let o = s.owners[h.label] { candidates.insert(o.id) } }
            }
            var scored: [(id: String, score: Double)] = []
            for id in candidates {
                guard let entry = s.entries[id] else { continue }
                var scores: [(field: String, score: Double)] = []
                for (field, q) in queryVectors {
                    guard let label = entry.labels[field],
                          let d = try s.index.distances(q, labels: [label]).first ?? nil else { continue }
                    scores.append((field, SearchResult.scoreAndDistance(d, metric).score))
                }
                guard !scores.isEmpty else { continue }
                let total: Double
                switch aggregation {
                case .maxPooling: total = scores.map(\.score).max()!
                case .meanPooling: total = scores.map(\.score).reduce(0, +) / Double(scores.count)
                case .weightedSum(let w): total = scores.reduce(0) { $0 + (w[$1.field] ?? 0) * $1.score }
                }
                scored.append((id, total))
            }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            return Array(scored.prefix(k))
        }
        return try ranked.map {
            try result(id: $0.id, score: $0.score, distance: SearchResult.distance(fromScore: $0.score, metric))
        }
    }
}
