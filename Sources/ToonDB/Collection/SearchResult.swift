import ToonCore
import ToonIndex

/// One hit of a collection search. ``score`` is higher for better matches:
///
/// | metric | distance | score |
/// |---|---|---|
/// | cosine | `1 − cos` (0…2) | `cos` (−1…1) |
/// | euclidean | L2 distance | `1 / (1 + L2)` (0…1] |
/// | dotProduct | `−(a·b)` | `a·b` |
///
/// Keyword hits carry the BM25 score and a distance of 0; hybrid hits the
/// fused score (see ``VectorCollection/hybridSearch(vector:textQuery:k:alpha:rrfFusion:filter:efSearch:)``).
public struct SearchResult: Sendable, Equatable {
    /// The document's id.
    public var id: String
    /// Higher is better (see the table above).
    public var score: Double
    /// The metric's distance (vector hits).
    public var distance: Double
    /// The document's metadata.
    public var metadata: OrderedDictionary<String, Value>
    /// The document's text content, if any.
    public var content: String?

    /// Creates a result.
    public init(id: String, score: Double, distance: Double, metadata: OrderedDictionary<String, Value>, content: String?) {
        self.id = id
        self.score = score
        self.distance = distance
        self.metadata = metadata
        self.content = content
    }

    /// The score and reported distance of an index distance under `metric`.
    static func scoreAndDistance(_ d: Float, _ metric: VectorMetric) -> (score: Double, distance: Double) {
        let d = Double(d)
        switch metric {
        case .cosine: return (1 - d, d)
        case .euclidean:
            let l2 = d.squareRoot()
            return (1 / (1 + l2), l2)
        case .dotProduct: return (-d, d)
        }
    }

    /// The distance a score stands for under `metric` (the inverse of ``scoreAndDistance(_:_:)``).
    static func distance(fromScore s: Double, _ metric: VectorMetric) -> Double {
        switch metric {
        case .cosine: return 1 - s
        case .euclidean: return s > 0 ? 1 / s - 1 : .infinity
        case .dotProduct: return -s
        }
    }
}
