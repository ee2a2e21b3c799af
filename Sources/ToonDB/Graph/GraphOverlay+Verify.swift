import ToonCore
internal import ToonStorage

/// One namespace's graph as ``Database/verify()`` found it.
public struct GraphVerification: Sendable, Equatable {
    /// The namespace the graph belongs to.
    public var namespace: String
    /// Nodes whose records decode.
    public var nodes: Int
    /// Edges, each found in both adjacency lists with the same properties and with both ends present.
    public var edges: Int
}

extension GraphOverlay {
    /// Checks the graph's invariants 1 and 2 at one snapshot: every node
    /// record decodes; every outgoing entry has the same bytes in the incoming
    /// list of its target, and the incoming list holds nothing else; both ends
    /// of every edge exist. Throws `corruption` naming the first fault.
    func verify() throws -> GraphVerification {
        try checkName()
        let snapshot = try engine.acquireSnapshot()
        let at = snapshot.sequence
        func fault(_ what: String) -> ToonDBError {
            ToonDBError(.corruption, "the graph of namespace \"\(namespace)\": \(what)",
                        remediation: "restore the database from a backup, or delete and re-add the edges named")
        }
        var nodes = 0
        let range = keys.nodeRange
        let nodeIt = try engine.iterator(lower: range.lower, upper: range.upper, snapshot: at)
        while let (k, v) = try nodeIt.next() {
            _ = try GraphKeys.decodeNode(String(decoding: k[range.lower.count...], as: UTF8.self), v)
            nodes += 1
        }
        var edges = 0
        let outgoing = keys.adjacencyArea(outgoing: true)
        let outIt = try engine.iterator(lower: outgoing, upper: outgoing.prefixSuccessor, snapshot: at)
        while let (k, v) = try outIt.next() {
            guard let (from, type, to) = GraphKeys.splitAdjacency(k[outgoing.count...]) else {
                throw fault("an outgoing entry has a damaged key")
            }
            let name = "the edge \"\(from)\" -\(type)-> \"\(to)\""
            _ = try v.withUnsafeBytes { try GraphKeys.decodeProperties($0, from: 0, name) }
            guard try engine.get(keys.edge(to, type, from, outgoing: false), snapshot: at) == v else {
                throw fault("\(name) is missing from the incoming list of \"\(to)\", or differs there")
            }
            for end in [from, to] where try engine.get(keys.node(end), snapshot: at) == nil {
                throw fault("\(name) touches the node \"\(end)\", which does not exist")
            }
            edges += 1
        }
        var incoming = 0
        let incomingArea = keys.adjacencyArea(outgoing: false)
        let inIt = try engine.iterator(lower: incomingArea, upper: incomingArea.prefixSuccessor, snapshot: at)
        while try inIt.next() != nil { incoming += 1 }
        guard incoming == edges else {
            throw fault("the incoming lists hold \(incoming) entries but there are \(edges) edges")
        }
        return GraphVerification(namespace: namespace, nodes: nodes, edges: edges)
    }
}
