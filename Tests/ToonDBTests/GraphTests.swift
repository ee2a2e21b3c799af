import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// The graph overlay (README.md, "Graph overlay"): its API, its bad inputs, and its storage.
@Suite struct GraphTests {
    func social(_ db: Database) throws -> GraphOverlay {
        let g = GraphOverlay(db, namespace: "agent_memory")
        try g.addNode("user_alice", type: "person", properties: ["name": "Alice", "age": 30])
        try g.addNode("conv_123", type: "conversation")
        try g.addNode("action_456", type: "action", properties: ["tags": ["a", "b"]])
        try g.addNode("repo", type: "repository")
        try g.addEdge("user_alice", "started", "conv_123", properties: ["timestamp": "2026-01-05"])
        try g.addEdge("conv_123", "led_to", "action_456")
        try g.addEdge("user_alice", "owns", "repo")
        return g
    }

    @Test func nodesAndEdges() throws {
        let dir = TemporaryDirectory("graph")
        let db = try Database.open(dir.path)
        let g = try social(db)
        #expect(try g.getNode("user_alice") == GraphNode(id: "user_alice", type: "person", properties: ["name": "Alice", "age": 30]))
        #expect(try g.getNode("nobody") == nil)
        let started = try g.getEdges("user_alice", edgeType: "started", direction: .outgoing)
        #expect(started == [GraphEdge(fromID: "user_alice", edgeType: "started", toID: "conv_123",
                                      properties: ["timestamp": "2026-01-05"])])
        #expect(try g.getEdges("user_alice").map(\.toID) == ["repo", "conv_123"])  // by type: owns < started
        #expect(try g.getEdges("conv_123", direction: .incoming).map(\.fromID) == ["user_alice"])
        #expect(try g.getEdges("conv_123", direction: .both).count == 2)
        #expect(try g.neighbors("conv_123", direction: .both) == ["action_456", "user_alice"])
        #expect(try g.neighbors("conv_123", direction: .incoming) == ["user_alice"])
        #expect(try g.neighbors("user_alice", edgeType: "owns") == ["repo"])
        // Re-adding replaces properties; a node's re-add keeps its edges.
        try g.addEdge("user_alice", "owns", "repo", properties: ["since": 2020])
        #expect(try g.getEdge("user_alice", "owns", "repo")?.properties == ["since": 2020])
        try g.addNode("repo", type: "repository", properties: ["stars": 5])
        #expect(try g.neighbors("user_alice").sorted() == ["conv_123", "repo"])
        // The namespace was created by the first write and is listed.
        #expect(try db.listNamespaces().map(\.name) == ["agent_memory"])
    }

    @Test func deleteNodeRemovesItsEdgesBothWays() throws {
        let dir = TemporaryDirectory("graph-del")
        let db = try Database.open(dir.path)
        let g = try social(db)
        try g.addEdge("action_456", "mentions", "conv_123")
        try g.addEdge("conv_123", "self", "conv_123")
        #expect(try g.deleteNode("conv_123"))
        #expect(try g.deleteNode("conv_123") == false)
        #expect(try g.getNode("conv_123") == nil)
        #expect(try g.neighbors("user_alice") == ["repo"])
        #expect(try g.getEdges("action_456", direction: .both).isEmpty)
        #expect(try g.deleteEdge("user_alice", "owns", "repo"))
        #expect(try g.deleteEdge("user_alice", "owns", "repo") == false)
        #expect(try g.getEdges("repo", direction: .incoming).isEmpty)
        // No key of the graph is left that names the deleted node.
        let sub = try g.subgraph(["user_alice", "conv_123", "action_456", "repo"])
        #expect(sub.nodes.map(\.id) == ["user_alice", "action_456", "repo"])
        #expect(sub.edges.isEmpty)
    }

    @Test func traversals() throws {
        let dir = TemporaryDirectory("graph-trav")
        let db = try Database.open(dir.path)
        let g = GraphOverlay(db, namespace: "t")
        for i in 0..<8 { try g.addNode("n\(i)", type: "n") }
        // n0 → n1 → n2 → n3 → n0 (a cycle), n1 → n4 (owns), n4 → n5, n6 isolated, n7 → n7.
        for (a, t, b) in [("n0", "next", "n1"), ("n1", "next", "n2"), ("n2", "next", "n3"), ("n3", "next", "n0"),
                          ("n1", "owns", "n4"), ("n4", "next", "n5"), ("n7", "next", "n7")] {
            try g.addEdge(a, t, b)
        }
        #expect(try g.bfs("n0", maxDepth: 10) == ["n0", "n1", "n2", "n4", "n3", "n5"])
        #expect(try g.bfs("n0", maxDepth: 1) == ["n0", "n1"])
        #expect(try g.bfs("n0", maxDepth: 0) == ["n0"])
        #expect(try g.bfs("n0", maxDepth: 10, edgeFilter: { $0.edgeType == "next" }) == ["n0", "n1", "n2", "n3"])
        #expect(try g.bfs("n7", maxDepth: 5) == ["n7"])
        #expect(try g.dfs("n0", maxDepth: 10) == ["n0", "n1", "n2", "n3", "n4", "n5"])
        #expect(try g.dfs("n0", maxDepth: 2) == ["n0", "n1", "n2", "n4"])
        #expect(try g.bfs("n5", maxDepth: 3, direction: .incoming) == ["n5", "n4", "n1", "n0"])
        #expect(try g.shortestPath("n0", "n5") == ["n0", "n1", "n4", "n5"])
        #expect(try g.shortestPath("n3", "n2") == ["n3", "n0", "n1", "n2"])
        #expect(try g.shortestPath("n2", "n1", direction: .both) == ["n2", "n1"])
        #expect(try g.shortestPath("n0", "n6") == nil)
        #expect(try g.shortestPath("n0", "n5", maxDepth: 2) == nil)
        #expect(try g.shortestPath("n0", "n5", edgeFilter: { $0.edgeType == "next" }) == nil)
        #expect(try g.shortestPath("n6", "n6") == ["n6"])
        let sub = try g.subgraph(["n1", "n4", "n5", "n1", "ghost"])
        #expect(sub.nodes.map(\.id) == ["n1", "n4", "n5"])
        #expect(sub.edges.map { "\($0.fromID)-\($0.edgeType)->\($0.toID)" } == ["n1-owns->n4", "n4-next->n5"])
    }

    @Test func badInput() throws {
        let dir = TemporaryDirectory("graph-bad")
        let db = try Database.open(dir.path)
        let g = GraphOverlay(db, namespace: "g")
        try g.addNode("a", type: "t")
        // Edges to missing nodes are refused (no implicit nodes).
        let missing = #expect(throws: ToonDBError.self) { try g.addEdge("a", "to", "ghost") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("ghost") == true)
        #expect(try g.getEdges("a").isEmpty)
        #expect((#expect(throws: ToonDBError.self) { try g.bfs("a", maxDepth: -1) })?.code == .invalidArgument)
        #expect((#expect(throws: ToonDBError.self) { try g.dfs("a", maxDepth: -3) })?.code == .invalidArgument)
        #expect((#expect(throws: ToonDBError.self) { try g.shortestPath("a", "a", maxDepth: -1) })?.code == .invalidArgument)
        #expect((#expect(throws: ToonDBError.self) { try g.bfs("ghost") })?.code == .notFound)
        #expect((#expect(throws: ToonDBError.self) { try g.shortestPath("a", "ghost") })?.code == .notFound)
        for bad in ["", "a\0b", String(repeating: "x", count: 1025)] {
            #expect((#expect(throws: ToonDBError.self) { try g.addNode(bad, type: "t") })?.code == .invalidArgument)
        }
        #expect((#expect(throws: ToonDBError.self) { try g.addEdge("a", "", "a") })?.code == .invalidArgument)
        // A bad namespace name is reported at the first use, by reads and writes alike.
        let bad = GraphOverlay(db, namespace: "../x")
        #expect((#expect(throws: ToonDBError.self) { try bad.getNode("a") })?.code == .invalidArgument)
        #expect((#expect(throws: ToonDBError.self) { try bad.addNode("a", type: "t") })?.code == .invalidArgument)
        #expect(try db.listNamespaces().map(\.name) == ["g"])
    }

    @Test func namespacesAreIsolatedAndGraphsPersist() throws {
        let dir = TemporaryDirectory("graph-iso")
        do {
            let db = try Database.open(dir.path)
            let a = GraphOverlay(db, namespace: "a"), b = GraphOverlay(db, namespace: "b")
            try a.addNode("x", type: "t")
            try a.addNode("y", type: "t")
            try a.addEdge("x", "r", "y", properties: ["w": 1.5])
            #expect(try b.getNode("x") == nil)
            #expect(try b.neighbors("x").isEmpty)
            #expect(try b.allNodes().isEmpty)
            // The user key space does not see graph keys.
            #expect(try db.scan(from: "").toArray().isEmpty)
            try db.close()
        }
        let db = try Database.open(dir.path)
        let a = GraphOverlay(db, namespace: "a")
        #expect(try a.getEdge("x", "r", "y")?.properties == ["w": 1.5])
        #expect(try a.neighbors("y", direction: .incoming) == ["x"])
        try db.deleteNamespace("a", force: true)
        #expect(try a.getNode("x") == nil)
        #expect(try a.neighbors("y", direction: .incoming).isEmpty)
    }

    @Test func concurrentEdgesAndDeletesLeaveNoDanglingEdge() async throws {
        let dir = TemporaryDirectory("graph-race")
        let db = try Database.open(dir.path)
        let g = GraphOverlay(db, namespace: "race")
        try g.addNode("hub", type: "t")
        for round in 0..<20 {
            try g.addNode("v\(round)", type: "t")
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask { try? g.addEdge("hub", "e\(i)", "v\(round)") }
                }
                group.addTask { _ = try? g.deleteNode("v\(round)") }
            }
            // Every remaining edge has both ends, and both adjacency copies agree.
            let out = try g.getEdges("hub")
            for e in out { #expect(try g.getNode(e.toID) != nil) }
            #expect(try g.getEdges("v\(round)", direction: .incoming).count == out.filter { $0.toID == "v\(round)" }.count)
        }
    }
}

/// A larger graph (smaller than the benchmark's, for debug builds): every
/// neighbour list is right, and a lookup reads a few blocks, not the edges.
@Suite struct GraphScaleTests {
    @Test func neighbourLookupsReadTheirListOnly() throws {
        let dir = TemporaryDirectory("graph-scale")
        let db = try Database.open(dir.path, config: DatabaseConfig(syncMode: .off))
        let g = GraphOverlay(db, namespace: "scale")
        let nodes = 2000, edges = 10_000
        for i in 0..<nodes { try g.addNode("n\(i)", type: "t") }
        var rng = SeededRandom(seed: 7)
        var out: [Int: Set<Int>] = [:], into: [Int: Set<Int>] = [:]
        for _ in 0..<edges {
            let a = Int(rng.next() % UInt64(nodes)), b = Int(rng.next() % UInt64(nodes))
            try g.addEdge("n\(a)", "rel", "n\(b)", properties: ["pad": String(repeating: "x", count: 40)])
            out[a, default: []].insert(b)
            into[b, default: []].insert(a)
        }
        try db.checkpoint()
        for i in stride(from: 0, to: nodes, by: 7) {
            #expect(Set(try g.neighbors("n\(i)")) == Set((out[i] ?? []).map { "n\($0)" }), "out of n\(i)")
            #expect(Set(try g.neighbors("n\(i)", direction: .incoming)) == Set((into[i] ?? []).map { "n\($0)" }), "into n\(i)")
        }
        let stats = db.stats()
        let storedBlocks = stats.segmentBytesPerLevel.reduce(0, +) / 4096
        #expect(storedBlocks > 200, "the edges span many blocks (\(storedBlocks))")
        var most = 0
        for i in 0..<50 {
            let before = db.stats()
            _ = try g.neighbors("n\(i * 37)")
            let after = db.stats()
            most = max(most, (after.cacheHits + after.cacheMisses) - (before.cacheHits + before.cacheMisses))
        }
        #expect(most <= 8, "a lookup read \(most) blocks of about \(storedBlocks)")
    }
}
