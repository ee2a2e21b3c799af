/// Which edges of a node an operation follows.
public enum EdgeDirection: Sendable, Equatable {
    /// Edges leaving the node.
    case outgoing
    /// Edges entering the node.
    case incoming
    /// Both (a self-loop counts once).
    case both
}
