import ToonCore
import ToonIndex

/// Builds an LLM context from a collection under a token budget (README.md, "From Swift").
///
/// ```swift
/// let ctx = try ContextQuery(col)
///     .addVectorQuery(q, weight: 0.7)
///     .addKeywordQuery("machine learning", weight: 0.3)
///     .withTokenBudget(4000)
///     .withDeduplication(.semantic(threshold: 0.95))
///     .execute()
/// print(ctx.asMarkdown())
/// ```
///
/// Each query ranks up to ``candidates`` documents; the rankings are fused
/// by weighted Reciprocal Rank Fusion (Σ weight / (60 + rank)). Documents
/// are then taken best first; one whose content would overflow the budget
/// is skipped (a smaller one after it may still fit), and duplicates are
/// dropped as ``Deduplication`` says. The budget counts the chunks' content
/// by the ``TokenEstimator`` the result names, and is never exceeded.
public struct ContextQuery: Sendable {
    /// How near-identical chunks are dropped.
    public enum Deduplication: Sendable, Equatable {
        /// Keep every chunk.
        case none
        /// Drop a chunk whose content equals an earlier one's (after trimming and collapsing white space).
        case exact
        /// Drop a chunk whose vector's cosine similarity to an earlier chunk's is at least `threshold`.
        case semantic(threshold: Double)
    }

    enum Query: Sendable {
        case vector([Float], weight: Double)
        case keyword(String, weight: Double)
    }

    let collection: VectorCollection
    var queries: [Query] = []
    var budget = 4000
    var deduplication = Deduplication.none
    var estimator = TokenEstimator.default
    var filter: [String: MetadataFilter] = [:]
    /// Documents each query ranks before fusion (default 50).
    public private(set) var candidates = 50

    /// A query over `collection`.
    public init(_ collection: VectorCollection) { self.collection = collection }

    /// Adds a vector query with its weight in the fusion.
    public func addVectorQuery(_ vector: [Float], weight: Double = 1) -> ContextQuery {
        var q = self
        q.queries.append(.vector(vector, weight: weight))
        return q
    }

    /// Adds a BM25 keyword query with its weight (the collection needs hybrid search).
    public func addKeywordQuery(_ text: String, weight: Double = 1) -> ContextQuery {
        var q = self
        q.queries.append(.keyword(text, weight: weight))
        return q
    }

    /// The most tokens the chunks may hold together (must be positive).
    public func withTokenBudget(_ tokens: Int) -> ContextQuery {
        var q = self
        q.budget = tokens
        return q
    }

    /// How duplicates are dropped (default `.none`).
    public func withDeduplication(_ d: Deduplication) -> ContextQuery {
        var q = self
        q.deduplication = d
        return q
    }

    /// Replaces the token estimator.
    public func withTokenEstimator(_ e: TokenEstimator) -> ContextQuery {
        var q = self
        q.estimator = e
        return q
    }

    /// Keeps only documents whose metadata match (as in ``VectorCollection/search(vector:k:filter:efSearch:)``).
    public func withFilter(_ f: [String: MetadataFilter]) -> ContextQuery {
        var q = self
        q.filter = f
        return q
    }

    /// How many documents each query ranks before fusion.
    public func withCandidates(_ n: Int) -> ContextQuery {
        var q = self
        q.candidates = n
        return q
    }

    /// Runs the queries and assembles the context.
    /// Throws `invalidArgument` for a budget ≤ 0, no queries, a negative or
    /// non-finite weight, or a semantic threshold outside 0…1.
    public func execute() throws -> ContextResult {
        guard budget > 0 else {
            throw ToonDBError(.invalidArgument, "the token budget must be positive, not \(budget)")
        }
        guard !queries.isEmpty else {
            throw ToonDBError(.invalidArgument, "a context query needs at least one vector or keyword query",
                              remediation: "call addVectorQuery or addKeywordQuery")
        }
        guard candidates > 0 else { throw ToonDBError(.invalidArgument, "candidates must be positive, not \(candidates)") }
        if case .semantic(let t) = deduplication, !(0...1).contains(t) {
            throw ToonDBError(.invalidArgument, "the semantic deduplication threshold must lie in 0…1, not \(t)")
        }
        var fused: [String: Double] = [:]
        var found: [String: SearchResult] = [:]
        for query in queries {
            let (hits, weight): ([SearchResult], Double)
            switch query {
            case .vector(let v, let w): (hits, weight) = (try collection.search(vector: v, k: candidates, filter: filter), w)
            case .keyword(let t, let w): (hits, weight) = (try collection.keywordSearch(t, k: candidates, filter: filter), w)
            }
            guard weight.isFinite, weight >= 0 else {
                throw ToonDBError(.invalidArgument, "query weights must be finite and not negative, not \(weight)")
            }
            for (rank, hit) in hits.enumerated() {
                fused[hit.id, default: 0] += weight / (Fusion.rrfK + Double(rank + 1))
                if found[hit.id] == nil { found[hit.id] = hit }
            }
        }
        let ranked = fused.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var chunks: [ContextChunk] = []
        var total = 0
        var seenText = Set<String>()
        var keptVectors: [[Float]] = []
        for (id, score) in ranked {
            guard let hit = found[id] else { continue }
            let text = hit.content ?? Value.object(hit.metadata).jsonText()
            let tokens = estimator.tokens(text)
            if total + tokens > budget { continue }
            switch deduplication {
            case .none: break
            case .exact:
                let normal = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !seenText.insert(normal).inserted { continue }
            case .semantic(let threshold):
                if let v = try collection.get(id)?.vectors.sorted(by: { $0.key < $1.key }).first?.value {
                    if keptVectors.contains(where: { Self.cosine($0, v) >= threshold }) { continue }
                    keptVectors.append(v)
                }
            }
            total += tokens
            chunks.append(ContextChunk(id: id, content: text, score: score, tokens: tokens, metadata: hit.metadata))
        }
        return ContextResult(chunks: chunks, totalTokens: total, tokenBudget: budget, estimator: estimator.name)
    }

    private static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in 0..<min(a.count, b.count) {
            dot += Double(a[i]) * Double(b[i])
            na += Double(a[i]) * Double(a[i])
            nb += Double(b[i]) * Double(b[i])
        }
        return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
    }
}
