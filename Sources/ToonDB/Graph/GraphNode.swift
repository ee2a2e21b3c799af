import ToonCore

/// A node of a ``GraphOverlay``: an id unique in its namespace's graph, a
/// type ("person", "conversation", …) and properties.
public struct GraphNode: Sendable, Equatable {
    /// The node's id.
    public var id: String
    /// What kind of thing the node stands for.
    public var type: String
    /// Free-form properties.
    public var properties: [String: Value]

    /// Creates a node value.
    public init(id: String, type: String, properties: [String: any ValueConvertible] = [:]) {
        self.id = id
        self.type = type
        self.properties = properties.mapValues(\.toonValue)
    }
}
