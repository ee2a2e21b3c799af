import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Random graph operations checked against an in-memory graph, with reopens
/// of the database in between (fixed seeds, so a failure replays).
@Suite struct GraphModelTests {
    struct EdgeKey: Hashable, Comparable {
        var from: String, type: String, to: String
        static func < (a: EdgeKey, b: EdgeKey) -> Bool { (a.from, a.type, a.to) < (b.from, b.type, b.to) }
    }

    struct Model {
        var nodes: [String: GraphNode] = [:]
        var edges: [EdgeKey: [String: Value]] = [:]

        /// Far ends in adjacency order: by edge type, then far id (byte order = String order for ASCII).
        func adjacent(_ id: String, _ direction: EdgeDirection) -> [String] {
            var out: [(String, String)] = []
            if direction != .incoming { out += edges.keys.filter { $0.from == id }.map { ($0.type, $0.to) }.sorted { $0 < $1 } }
            if direction != .outgoing {
                out += edges.keys.filter { $0.to == id && !(direction == .both && $0.from == id) }
                    .map { ($0.type, $0.from) }.sorted { $0 < $1 }
            }
            var seen: Set<String> = [], unique: [String] = []
            for (_, far) in out where seen.insert(far).inserted { unique.append(far) }
            return unique
        }

        func bfs(_ start: String, _ maxDepth: Int, _ direction: EdgeDirection) -> [String] {
            var order = [start], seen: Set<String> = [start], frontier = [start], depth = 0
            while depth < maxDepth && !frontier.isEmpty {
                var next: [String] = []
                for id in frontier {
                    for far in adjacent(id, direction) where seen.insert(far).inserted {
                        order.append(far)
                        next.append(far)
                    }
                }
                frontier = next
                depth += 1
            }
            return order
        }

        func distance(_ a: String, _ b: String) -> Int? {
            var dist: [String: Int] = [a: 0], queue = [a], i = 0
            while i < queue.count {
                let id = queue[i]
                i += 1
                if id == b { return dist[id] }
                for far in adjacent(id, .outgoing) where dist[far] == nil {
                    dist[far] = dist[id]! + 1
                    queue.append(far)
                }
            }
            return nil
        }
    }

    static let types = ["a", "b", "ab"]

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        let dir = TemporaryDirectory("graph-model")
        let config = DatabaseConfig(syncMode: .normal, memtableSizeBytes: 32 * 1024)
        var db = try Database.open(dir.path, config: config)
        var g = GraphOverlay(db, namespace: "m")
        var model = Model()
        var rng = SeededRandom(seed: seed)
        func node() -> String { "n\(rng.next() % 40)" }
        func type() -> String { Self.types[Int(rng.next() % 3)] }
        for step in 0..<1500 {
            let at = "seed \(seed) step \(step)"
            switch rng.next() % 100 {
            case 0..<20:
                let id = node()
                let props: [String: Value] = ["step": .int(Int64(step)), "tag": .string(type())]
                let t = type()
                try g.addNode(id, type: t, properties: props)
                model.nodes[id] = GraphNode(id: id, type: t, properties: props)
            case 20..<50:
                let e = EdgeKey(from: node(), type: type(), to: node())
                let props: [String: Value] = rng.next() % 2 == 0 ? [:] : ["w": .double(Double(step) / 3)]
                if model.nodes[e.from] != nil && model.nodes[e.to] != nil {
                    try g.addEdge(e.from, e.type, e.to, properties: props)
                    model.edges[e] = props
                } else {
                    let err = #expect(throws: ToonDBError.self, "\(at)") { try g.addEdge(e.from, e.type, e.to, properties: props) }
                    #expect(err?.code == .notFound)
                }
            case 50..<57:
                let id = node()
                #expect(try g.deleteNode(id) == (model.nodes[id] != nil), "\(at)")
                model.nodes[id] = nil
                model.edges = model.edges.filter { $0.key.from != id && $0.key.to != id }
            case 57..<65:
                let e = EdgeKey(from: node(), type: type(), to: node())
                #expect(try g.deleteEdge(e.from, e.type, e.to) == (model.edges[e] != nil), "\(at)")
                model.edges[e] = nil
            case 65..<75:
                let id = node()
                let dir: EdgeDirection = [.outgoing, .incoming, .both][Int(rng.next() % 3)]
                #expect(try g.neighbors(id, direction: dir) == model.adjacent(id, dir), "\(at) neighbors \(id) \(dir)")
                let edges = try g.getEdges(id, direction: .outgoing)
                #expect(edges.map { EdgeKey(from: $0.fromID, type: $0.edgeType, to: $0.toID) }
                        == model.edges.keys.filter { $0.from == id }.sorted(), "\(at)")
                for e in edges { #expect(e.properties == model.edges[EdgeKey(from: e.fromID, type: e.edgeType, to: e.toID)]) }
            case 75..<83:
                let id = node()
                let depth = Int(rng.next() % 5)
                let dir: EdgeDirection = [.outgoing, .incoming, .both][Int(rng.next() % 3)]
                if model.nodes[id] != nil {
                    #expect(try g.bfs(id, maxDepth: depth, direction: dir) == model.bfs(id, depth, dir), "\(at) bfs \(id)")
                    #expect(Set(try g.dfs(id, maxDepth: 40, direction: dir)) == Set(model.bfs(id, 40, dir)), "\(at) dfs \(id)")
                } else {
                    #expect(throws: ToonDBError.self) { try g.bfs(id, maxDepth: depth) }
                }
            case 83..<90:
                let a = node(), b = node()
                guard model.nodes[a] != nil && model.nodes[b] != nil else { continue }
                let path = try g.shortestPath(a, b)
                #expect(path.map { $0.count - 1 } == model.distance(a, b), "\(at) path \(a) → \(b)")
                if let path {
                    for (x, y) in zip(path, path.dropFirst()) {
                        #expect(model.edges.keys.contains { $0.from == x && $0.to == y }, "\(at) step \(x) → \(y)")
                    }
                }
            case 90..<95:
                let id = node()
                #expect(try g.getNode(id) == model.nodes[id], "\(at) node \(id)")
            case 95..<98:
                try db.close()
                db = try Database.open(dir.path, config: config)
                g = GraphOverlay(db, namespace: "m")
            default:
                try db.checkpoint()
            }
        }
        try db.close()
        db = try Database.open(dir.path, config: config)
        g = GraphOverlay(db, namespace: "m")
        #expect(try g.allNodes() == model.nodes.values.sorted { $0.id < $1.id })
        let ids = model.nodes.keys.sorted()
        let sub = try g.subgraph(ids)
        #expect(sub.edges.map { EdgeKey(from: $0.fromID, type: $0.edgeType, to: $0.toID) } == model.edges.keys.sorted())
        try db.close()
    }
}
