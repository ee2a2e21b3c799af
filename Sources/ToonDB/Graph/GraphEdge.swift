import ToonCore

/// A directed, typed edge of a ``GraphOverlay``. At most one edge exists per
/// (``fromID``, ``edgeType``, ``toID``); adding it again replaces its properties.
public struct GraphEdge: Sendable, Equatable {
    /// The node the edge leaves.
    public var fromID: String
    /// The relation ("started", "owns", …).
    public var edgeType: String
    /// The node the edge enters.
    public var toID: String
    /// Free-form properties.
    public var properties: [String: Value]

    /// Creates an edge value.
    public init(fromID: String, edgeType: String, toID: String, properties: [String: any ValueConvertible] = [:]) {
        self.fromID = fromID
        self.edgeType = edgeType
        self.toID = toID
        self.properties = properties.mapValues(\.toonValue)
    }
}
