import ToonCore

/// Merges several rankings of the same documents into one (hybrid search,
/// README.md "From Swift"): Reciprocal Rank Fusion, or a weighted sum of
/// min-max-normalised scores. Inputs are lists best first; input 0 is the
/// vector side in hybrid search and input 1 the keyword (BM25) side.
///
/// Every fused hit keeps, for each input, its 1-based rank and score there
/// (nil when the input did not return it), so a caller can show vector rank,
/// BM25 rank and fused rank side by side.
///
/// Ties of the fused score are broken by the best rank the hit has in any
/// input, then by input order (a hit of input 0 first), then by rank in that
/// input, so the result is deterministic.
package enum Fusion {
    /// The constant k of Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, 2009).
    package static let rrfK = 60.0

    /// One entry of an input ranking.
    package struct Ranked<ID: Hashable & Sendable>: Sendable {
        /// The document.
        package var id: ID
        /// Its score in that input (higher is better).
        package var score: Double

        /// Creates an entry.
        package init(id: ID, score: Double) {
            self.id = id
            self.score = score
        }
    }

    /// Where a fused hit stood in one input.
    package struct InputPosition: Sendable, Equatable {
        /// 1-based rank in the input.
        package var rank: Int
        /// The score the input gave.
        package var score: Double

        /// Creates a position.
        package init(rank: Int, score: Double) {
            self.rank = rank
            self.score = score
        }
    }

    /// A fused hit.
    package struct Hit<ID: Hashable & Sendable>: Sendable {
        /// The document.
        package var id: ID
        /// The fused score (higher is better).
        package var score: Double
        /// Per input, in input order: where the hit stood, or nil when absent.
        package var inputs: [InputPosition?]
        /// 1-based rank in the fused result.
        package var rank: Int
    }

    /// Reciprocal Rank Fusion: score(d) = Σ over inputs holding d of 1 / (k + rank),
    /// rank counted from 1. Scores of the inputs are kept but not used.
    /// Throws `invalidArgument` when an input lists a document twice or k < 0.
    package static func reciprocalRank<ID>(_ inputs: [[Ranked<ID>]], k: Double = rrfK, limit: Int? = nil) throws -> [Hit<ID>] {
        guard k >= 0, k.isFinite else {
            throw ToonDBError(.invalidArgument, "the RRF constant k = \(k) is not a finite number >= 0",
                              remediation: "use the default k = 60")
        }
        return try fuse(inputs, limit: limit) { positions in
            positions.reduce(0.0) { sum, p in p.map { sum + 1 / (k + Double($0.rank)) } ?? sum }
        }
    }

    /// Weighted fusion of two inputs, as hybrid search uses it: the vector
    /// side weighs `alpha`, the keyword side 1 − alpha (see ``weighted(_:weights:limit:)``).
    /// Throws `invalidArgument` unless 0 <= alpha <= 1.
    package static func weighted<ID>(vector: [Ranked<ID>], keyword: [Ranked<ID>], alpha: Double,
                                    limit: Int? = nil) throws -> [Hit<ID>] {
        guard alpha >= 0, alpha <= 1 else {
            throw ToonDBError(.invalidArgument, "alpha = \(alpha) is outside 0...1",
                              remediation: "give the weight of the vector side, from 0 (keyword only) to 1 (vector only)")
        }
        return try weighted([vector, keyword], weights: [alpha, 1 - alpha], limit: limit)
    }

    /// Weighted sum of min-max-normalised scores: each input's scores are
    /// mapped to (score − min) / (max − min) over that input's list, so its
    /// best hit gets 1 and its worst 0; when all its scores are equal (one hit
    /// included) every hit of it gets 1. A document absent from an input gets
    /// 0 from it. score(d) = Σ weight_i · normalised_i(d).
    /// Throws `invalidArgument` for a non-finite score or weight, a count of
    /// weights different from the count of inputs, or a document listed twice in one input.
    package static func weighted<ID>(_ inputs: [[Ranked<ID>]], weights: [Double], limit: Int? = nil) throws -> [Hit<ID>] {
        guard weights.count == inputs.count, weights.allSatisfy(\.isFinite) else {
            throw ToonDBError(.invalidArgument, "weighted fusion got \(weights.count) weights for \(inputs.count) inputs, or a non-finite one",
                              remediation: "give one finite weight per input")
        }
        var ranges: [(low: Double, span: Double)] = []
        for (i, input) in inputs.enumerated() {
            guard input.allSatisfy({ $0.score.isFinite }) else {
                throw ToonDBError(.invalidArgument, "input \(i) of weighted fusion has a score that is NaN or infinite",
                                  remediation: "pass finite scores")
            }
            let low = input.map(\.score).min() ?? 0, high = input.map(\.score).max() ?? 0
            ranges.append((low, high - low))
        }
        return try fuse(inputs, limit: limit) { positions in
            var sum = 0.0
            for (i, p) in positions.enumerated() {
                guard let p else { continue }
                let normalised = ranges[i].span > 0 ? (p.score - ranges[i].low) / ranges[i].span : 1
                sum += weights[i] * normalised
            }
            return sum
        }
    }

    /// Gathers each document's positions, scores them with `combine`, sorts and ranks.
    private static func fuse<ID>(_ inputs: [[Ranked<ID>]], limit: Int?,
                                 _ combine: ([InputPosition?]) -> Double) throws -> [Hit<ID>] {
        if let limit, limit < 0 {
            throw ToonDBError(.invalidArgument, "fusion limit \(limit) is negative", remediation: "give a limit >= 0")
        }
        var slot: [ID: Int] = [:]
        var hits: [Hit<ID>] = []
        /// Per hit: (best rank, first input holding it, rank there) for tie-breaking.
        var order: [(best: Int, input: Int, rank: Int)] = []
        for (i, input) in inputs.enumerated() {
            for (r, entry) in input.enumerated() {
                let position = InputPosition(rank: r + 1, score: entry.score)
                if let s = slot[entry.id] {
                    guard hits[s].inputs[i] == nil else {
                        throw ToonDBError(.invalidArgument, "input \(i) of fusion lists document \(entry.id) twice",
                                          remediation: "pass each document once per input")
                    }
                    hits[s].inputs[i] = position
                    order[s].best = min(order[s].best, r + 1)
                } else {
                    slot[entry.id] = hits.count
                    var positions = [InputPosition?](repeating: nil, count: inputs.count)
                    positions[i] = position
                    hits.append(Hit(id: entry.id, score: 0, inputs: positions, rank: 0))
                    order.append((r + 1, i, r + 1))
                }
            }
        }
        for s in hits.indices { hits[s].score = combine(hits[s].inputs) }
        let sorted = hits.indices.sorted { a, b in
            if hits[a].score != hits[b].score { return hits[a].score > hits[b].score }
            if order[a].best != order[b].best { return order[a].best < order[b].best }
            if order[a].input != order[b].input { return order[a].input < order[b].input }
            return order[a].rank < order[b].rank
        }
        let count = min(limit ?? sorted.count, sorted.count)
        return sorted.prefix(count).enumerated().map { n, s in
            var hit = hits[s]
            hit.rank = n + 1
            return hit
        }
    }
}
