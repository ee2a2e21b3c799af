internal import GRPCCore
import ToonIndex

/// The proto's `DistanceMetric` and ToonDB's ``VectorMetric``, both ways.
public enum MetricMapping {
    /// The metric a request names; UNSPECIFIED is cosine (the default),
    /// an unknown number is `INVALID_ARGUMENT`.
    public static func metric(_ m: Sochdb_V1_DistanceMetric) throws -> VectorMetric {
        switch m {
        case .unspecified, .cosine: return .cosine
        case .l2: return .euclidean
        case .dotProduct: return .dotProduct
        case .UNRECOGNIZED(let n):
            throw RPCError(code: .invalidArgument,
                           message: "unknown distance metric \(n); use DISTANCE_METRIC_L2 (1), _COSINE (2) or _DOT_PRODUCT (3)")
        }
    }

    /// The proto value of a metric.
    public static func proto(_ m: VectorMetric) -> Sochdb_V1_DistanceMetric {
        switch m {
        case .cosine: .cosine
        case .euclidean: .l2
        case .dotProduct: .dotProduct
        }
    }

    /// The name `SearchResult.metric` carries: "cosine", "euclidean" or "dot_product".
    public static func name(_ m: VectorMetric) -> String {
        switch m {
        case .cosine: "cosine"
        case .euclidean: "euclidean"
        case .dotProduct: "dot_product"
        }
    }
}
