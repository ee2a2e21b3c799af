import ToonCore

/// The nodes asked for that exist, and every edge between two of them.
public struct Subgraph: Sendable, Equatable {
    /// The nodes, in the order asked for (missing ids left out).
    public var nodes: [GraphNode]
    /// Edges whose both ends are among ``nodes``, ordered by source, type and target.
    public var edges: [GraphEdge]
}
