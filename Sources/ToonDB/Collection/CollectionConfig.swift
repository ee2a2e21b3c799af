import ToonCore
import ToonIndex

/// The configuration of a collection, fixed when it is created (README.md, "From Swift").
///
/// ```swift
/// CollectionConfig(name: "documents", dimension: 384, metric: .cosine,
///                  m: 16, efConstruction: 200, enableHybridSearch: true, contentField: "text")
/// ```
public struct CollectionConfig: Sendable, Equatable {
    /// The collection's name (see ``NameRules``).
    public var name: String
    /// The length of every vector.
    public var dimension: Int
    /// How vectors are compared (see ``VectorMetric`` for each distance).
    public var metric: VectorMetric
    /// Links per element of the HNSW graph (higher: better recall, more memory).
    public var m: Int
    /// Candidates examined per insert (higher: better graph, slower inserts).
    public var efConstruction: Int
    /// Whether documents' content is indexed for ``VectorCollection/keywordSearch(_:k:filter:)``
    /// and ``VectorCollection/hybridSearch(vector:textQuery:k:alpha:rrfFusion:filter:efSearch:)``.
    public var enableHybridSearch: Bool
    /// The name under which a document's text is shown in results and imports (`content` by default).
    public var contentField: String
    /// How the index stores vectors: ``VectorQuantization/scalar8`` keeps one
    /// byte per component (ranges learnt from the first batch written, and
    /// again whenever the index is rebuilt from the documents); searches
    /// re-rank their best candidates with the documents' own vectors.
    public var quantization: VectorQuantization

    /// Creates a configuration; ``validate()`` runs when the collection is created.
    public init(name: String, dimension: Int, metric: VectorMetric = .cosine, m: Int = 16,
                efConstruction: Int = 200, enableHybridSearch: Bool = false, contentField: String = "content",
                quantization: VectorQuantization = .none) {
        self.name = name
        self.dimension = dimension
        self.metric = metric
        self.m = m
        self.efConstruction = efConstruction
        self.enableHybridSearch = enableHybridSearch
        self.contentField = contentField
        self.quantization = quantization
    }

    /// The HNSW parameters the configuration implies.
    var hnsw: HNSWParameters {
        HNSWParameters(dimension: dimension, metric: metric, m: m, efConstruction: efConstruction, quantization: quantization)
    }

    /// Throws `invalidArgument` naming the first bad field.
    public func validate() throws {
        try NameRules.check(name, kind: "collection")
        try hnsw.validate()
        if contentField.isEmpty {
            throw ToonDBError(.invalidArgument, "contentField of collection \"\(name)\" is empty",
                              remediation: "leave it at \"content\" or name the field that holds the text")
        }
    }

    /// The stored form: a ``Value`` object in binary form (`quantization`
    /// only when there is one, so records written before it decode the same).
    var encoded: [UInt8] {
        var fields: OrderedDictionary<String, Value> = [
            "dimension": .int(Int64(dimension)), "metric": .string(metric.rawValue),
            "m": .int(Int64(m)), "efConstruction": .int(Int64(efConstruction)),
            "enableHybridSearch": .bool(enableHybridSearch), "contentField": .string(contentField)]
        if quantization != .none { fields["quantization"] = .string(quantization.rawValue) }
        return Value.object(fields).binaryEncoded
    }

    /// Decodes ``encoded``; `corruption` when the record is damaged.
    init(name: String, encoded bytes: [UInt8]) throws {
        let v = try Value(binary: bytes)
        guard let dim = v["dimension"]?.intValue, let metric = v["metric"]?.stringValue.flatMap(VectorMetric.init(rawValue:)),
              let m = v["m"]?.intValue, let efc = v["efConstruction"]?.intValue,
              let hybrid = v["enableHybridSearch"]?.boolValue, let field = v["contentField"]?.stringValue,
              let quantization = VectorQuantization(rawValue: v["quantization"]?.stringValue ?? "none")
        else {
            throw ToonDBError(.corruption, "the configuration record of collection \"\(name)\" is damaged",
                              remediation: "restore the database from a backup")
        }
        self.init(name: name, dimension: Int(dim), metric: metric, m: Int(m), efConstruction: Int(efc),
                  enableHybridSearch: hybrid, contentField: field, quantization: quantization)
    }
}
