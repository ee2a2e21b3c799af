import ToonCore
import Dispatch
import Foundation
import ToonDB

/// The graph workload: `nodes` nodes `n<i>`, `edges` random edges of 4 types
/// with a small property, then timed lookups from random start nodes.
struct GraphBenchmark {
    let nodes: Int
    let edges: Int
    let queries: Int
    let seed: UInt64

    /// Per-call latencies of one operation, in seconds.
    struct Latency {
        var median: Double
        var p99: Double
        /// Mean number of ids (or edges) a call returned.
        var meanResult: Double
    }

    static let types = ["knows", "owns", "started", "mentions"]

    /// Loads the graph; returns the seconds of both phases and the distinct edge count.
    func load(_ graph: GraphOverlay) throws -> (nodeSeconds: Double, edgeSeconds: Double, distinctEdges: Int) {
        var rng = SplitMix64(seed: seed)
        let nodeSeconds = try Measure.seconds {
            for i in 0..<nodes { try graph.addNode("n\(i)", type: i % 10 == 0 ? "person" : "item", properties: ["i": i]) }
        }
        var drawn = Set<String>()
        let edgeSeconds = try Measure.seconds {
            for _ in 0..<edges {
                let a = rng.below(nodes), b = rng.below(nodes), t = Self.types[rng.below(4)]
                try graph.addEdge("n\(a)", t, "n\(b)", properties: ["w": (a ^ b) & 0xFF])
                drawn.insert("\(a) \(t) \(b)")
            }
        }
        // Check what was loaded: every edge is in its source's adjacency list.
        var total = 0
        for i in stride(from: 0, to: nodes, by: max(1, nodes / 1000)) { total += try graph.getEdges("n\(i)").count }
        if total == 0 { throw BenchError("the loaded graph has no edges in the sampled adjacency lists") }
        return (nodeSeconds, edgeSeconds, drawn.count)
    }

    /// Times each operation `queries` times from random nodes.
    func lookups(_ graph: GraphOverlay) throws -> [(String, Latency)] {
        var rng = SplitMix64(seed: seed ^ 0xA5A5)
        let starts = (0..<queries).map { _ in "n\(rng.below(nodes))" }
        let ends = (0..<queries).map { _ in "n\(rng.below(nodes))" }
        func time(_ count: Int, _ body: (Int) throws -> Int) throws -> Latency {
            var samples: [Double] = []
            samples.reserveCapacity(count)
            var results = 0
            for i in 0..<count {
                let t0 = DispatchTime.now().uptimeNanoseconds
                results += try body(i)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
            samples.sort()
            return Latency(median: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)],
                           meanResult: Double(results) / Double(count))
        }
        return [
            ("neighbors (outgoing)", try time(queries) { try graph.neighbors(starts[$0]).count }),
            ("neighbors (both)", try time(queries) { try graph.neighbors(starts[$0], direction: .both).count }),
            ("getEdges (outgoing, with properties)", try time(queries) { try graph.getEdges(starts[$0]).count }),
            ("getNode", try time(queries) { try graph.getNode(starts[$0]) == nil ? 0 : 1 }),
            ("bfs maxDepth 2", try time(queries / 10) { try graph.bfs(starts[$0], maxDepth: 2).count }),
            ("shortestPath maxDepth 4", try time(queries / 100) { try graph.shortestPath(starts[$0], ends[$0], maxDepth: 4)?.count ?? 0 }),
        ]
    }
}
