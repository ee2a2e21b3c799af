import ArgumentParser
import Foundation
import ToonCLI
import ToonBulk

/// `toondb-bulk build-index`: vectors in, index file out.
struct BuildIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-index", abstract: "Build an HNSW index from a vector file; labels are row numbers.")

    @Option(help: "The vectors: .npy (float32/float64), .fvecs, or raw little-endian float32.")
    var input: String
    @Option(help: "The index file to write.")
    var output: String
    @Option(help: "The number of components of each vector.")
    var dimension: Int
    @Option(help: "Links per element (2*M on the bottom layer); more: better recall, more memory.")
    var m = 16
    @Option(help: "Candidates examined per insert; more: better graph, slower build.")
    var efConstruction = 100
    @Option(help: "cosine, euclidean or dot-product.")
    var metric: MetricOption = .cosine
    @Option(help: "none (4-byte floats), sq8 (one byte per component) or binary (one bit per component, 256+ dimensions).")
    var quantization: QuantizationOption = .none
    @Option(help: "Insert threads (default: every processor).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print the build statistics as one JSON object.")
    var json = false

    func run() throws {
        let bar = ProgressBar(label: "indexing", items: "vectors", rateUnit: "vec")
        let stats = try bulkBuildIndex(input: input, output: output, dimension: dimension, m: m,
                                       efConstruction: efConstruction, metric: metric.metric,
                                       quantization: quantization.quantization, threads: threads,
                                       progress: bar.map { b in { b.update($0, of: $1) } })
        bar?.finish()
        if json {
            Output.line("{\"output\":\(Output.quote(stats.output)),\"vectors\":\(stats.vectors),\"dimension\":\(stats.dimension)," +
                        "\"metric\":\(Output.quote(metric.rawValue)),\"m\":\(stats.m),\"ef_construction\":\(stats.efConstruction)," +
                        "\"quantization\":\(Output.quote(quantization.rawValue)),"  +
                        "\"threads\":\(stats.threads),\"build_seconds\":\(stats.buildSeconds)," +
                        "\"vectors_per_second\":\(stats.vectorsPerSecond),\"write_seconds\":\(stats.writeSeconds)}")
        } else {
            Output.line("indexed \(stats.vectors) vectors of dimension \(stats.dimension) (\(metric.rawValue), M \(stats.m), " +
                        "efConstruction \(stats.efConstruction), quantization \(quantization.rawValue)) in \(Output.fixed(stats.buildSeconds, 2)) s on \(stats.threads) " +
                        "threads: \(Int(stats.vectorsPerSecond)) vectors/s; wrote \(stats.output)")
        }
    }
}
