import ArgumentParser
import Foundation
import ToonDB

/// `toondb-bench graph`: loads a random graph into a ``GraphOverlay`` and
/// measures the latency of neighbour lookups and traversals (BENCHMARKS.md "Graph").
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Measure graph overlay loads, neighbour lookups and traversals.")

    @Option(help: "Nodes of the graph.")
    var nodes = 100_000
    @Option(help: "Edges of the graph (random ends, 4 edge types; repeats of one (from, type, to) count once).")
    var edges = 500_000
    @Option(help: "Lookups timed per operation.")
    var queries = 20_000
    @Option(help: "Seed of the graph and the lookup order.")
    var seed: UInt64 = 42
    @Option(help: "Passes over the lookups; medians are reported.")
    var runs = 3
    @Option(help: "Directory for the database (kept); default: a temporary one, removed afterwards.")
    var dir: String?

    func validate() throws {
        guard nodes > 1, edges > 0, queries > 0, runs > 0 else {
            throw ValidationError("--nodes must be above 1, and --edges, --queries and --runs positive")
        }
    }

    func run() throws {
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let bench = GraphBenchmark(nodes: nodes, edges: edges, queries: queries, seed: seed)
        let db = try Database.open(try scratch.fresh("graph"), config: DatabaseConfig(syncMode: .normal))
        defer { try? db.close() }
        let graph = GraphOverlay(db, namespace: "bench")
        FileHandle.standardError.write(Data("loading \(nodes) nodes and \(edges) edges\n".utf8))
        let load = try bench.load(graph)
        try db.checkpoint()
        var passes: [[(String, GraphBenchmark.Latency)]] = []
        for pass in 1...runs {
            FileHandle.standardError.write(Data("pass \(pass) of \(runs)\n".utf8))
            passes.append(try bench.lookups(graph))
        }
        print("toondb-bench graph: \(nodes) nodes, \(load.distinctEdges) distinct edges (of \(edges) drawn), " +
              "seed \(seed), \(queries) lookups per operation, median of \(runs) passes")
        print()
        print("load: \(groupedDigits(Int(Double(nodes) / load.nodeSeconds))) nodes/s, " +
              "\(groupedDigits(Int(Double(edges) / load.edgeSeconds))) edges/s (sync normal, one write per call)")
        print()
        let width = passes[0].map(\.0.count).max()!
        print("operation".padding(toLength: width, withPad: " ", startingAt: 0) + "   median µs     p99 µs   mean result")
        for (i, (name, _)) in passes[0].enumerated() {
            let median = Measure.median(passes.map { $0[i].1.median })
            let p99 = Measure.median(passes.map { $0[i].1.p99 })
            let size = passes[0][i].1.meanResult
            print(name.padding(toLength: width, withPad: " ", startingAt: 0)
                  + String(format: "   %9.2f  %9.2f  %12.1f", median * 1e6, p99 * 1e6, size))
        }
    }
}
