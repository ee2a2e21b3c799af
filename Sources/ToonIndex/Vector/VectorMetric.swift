import ToonCore

/// How an ``HNSWIndex`` measures the distance between two vectors. Every
/// distance is "smaller is nearer":
///
/// - ``cosine``: `1 − cos(a, b)`, in [0, 2]. Vectors are normalised to unit
///   length when they are inserted and queried, so a zero vector is rejected
///   (`invalidArgument`).
/// - ``euclidean``: the *squared* L2 distance `Σ (aᵢ − bᵢ)²` (the square root
///   is monotonic, so it is never taken).
/// - ``dotProduct``: `−(a · b)`, so that a larger inner product is nearer.
public enum VectorMetric: String, Sendable, Codable, CaseIterable {
    /// `1 − cos(a, b)`; vectors are stored normalised.
    case cosine
    /// Squared L2 distance.
    case euclidean
    /// Negated inner product.
    case dotProduct

    /// The byte stored for the metric in index files.
    var code: UInt8 {
        switch self {
        case .cosine: 0
        case .euclidean: 1
        case .dotProduct: 2
        }
    }

    /// The metric stored as `code`, if any.
    init?(code: UInt8) {
        switch code {
        case 0: self = .cosine
        case 1: self = .euclidean
        case 2: self = .dotProduct
        default: return nil
        }
    }
}

/// The construction parameters of an ``HNSWIndex``, in user terms:
///
/// - ``m``: how many neighbours each element links to on the upper layers
///   (twice as many on the bottom layer). Larger M gives better recall on
///   high-dimensional data at the cost of memory (about `8·M` bytes per
///   element) and slower inserts; 12–48 suits most data.
/// - ``efConstruction``: how many candidates an insert examines when it picks
///   those neighbours. Larger values build a better graph (higher recall at
///   the same search effort) more slowly; it matters little past the point
///   where recall stops improving.
/// - ``seed``: the seed of the random layer assignment, so builds repeat.
package struct HNSWParameters: Sendable, Equatable, Codable {
    /// The number of components of every vector (1…65536).
    package var dimension: Int
    /// How distances are measured.
    package var metric: VectorMetric
    /// Links per element on the upper layers (2·M on layer 0); at least 2.
    package var m: Int = 16
    /// Candidates examined per insert; at least 1.
    package var efConstruction: Int = 200
    /// Seed of the layer assignment.
    package var seed: UInt64 = 1
    /// How the vectors are stored (see ``VectorQuantization``).
    package var quantization: VectorQuantization = .none

    /// Parameters with the given shape and hnswlib-like defaults for the rest.
    package init(dimension: Int, metric: VectorMetric, m: Int = 16, efConstruction: Int = 200, seed: UInt64 = 1,
                quantization: VectorQuantization = .none) {
        self.dimension = dimension
        self.metric = metric
        self.m = m
        self.efConstruction = efConstruction
        self.seed = seed
        self.quantization = quantization
    }

    /// The largest accepted dimension.
    package static let maxDimension = 65536
    /// The largest accepted M (so that link lists stay small).
    package static let maxM = 2048

    /// Throws `invalidArgument` naming the first parameter out of range.
    package func validate() throws {
        guard dimension >= 1, dimension <= Self.maxDimension else {
            throw ToonDBError(.invalidArgument, "vector dimension \(dimension) is out of range",
                              remediation: "use a dimension from 1 to \(Self.maxDimension)")
        }
        guard m >= 2, m <= Self.maxM else {
            throw ToonDBError(.invalidArgument, "HNSW parameter m = \(m) is out of range",
                              remediation: "use m from 2 to \(Self.maxM); 16 suits most data")
        }
        guard quantization != .binary || dimension >= VectorQuantization.binaryMinimumDimension else {
            throw ToonDBError(.invalidArgument, "binary quantization needs at least \(VectorQuantization.binaryMinimumDimension) dimensions, not \(dimension)",
                              remediation: "use scalar8 quantization for fewer dimensions")
        }
        guard efConstruction >= 1, efConstruction <= 1_000_000 else {
            throw ToonDBError(.invalidArgument, "HNSW parameter efConstruction = \(efConstruction) is out of range",
                              remediation: "use efConstruction of at least 1; 100–400 suits most data")
        }
    }
}

/// One search result: the element's label and its distance to the query
/// (smaller is nearer; see ``VectorMetric`` for each metric's definition).
package struct VectorHit: Sendable, Equatable {
    /// The label given at insert.
    package var label: UInt64
    /// The distance to the query.
    package var distance: Float

    /// A hit.
    package init(label: UInt64, distance: Float) {
        self.label = label
        self.distance = distance
    }
}
