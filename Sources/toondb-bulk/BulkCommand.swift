import ArgumentParser
import Foundation
import ToonBulk
import ToonCLI
import ToonCore
import ToonIndex

/// `toondb-bulk`: builds, queries, describes and converts HNSW vector index
/// files offline (toondb-bulk(1)). Parsing and wiring only; the work is ToonIndex's.
@main
struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb-bulk",
        abstract: "Build and query HNSW vector indexes from .npy, .fvecs and raw float32 files.",
        discussion: "See toondb-bulk(1) for every command and flag.",
        version: "0.1.0",
        subcommands: [BuildIndexCommand.self, QueryCommand.self, InfoCommand.self, ConvertCommand.self])

    /// Parses and runs; every failure becomes one line on stderr, `toondb-bulk: …`,
    /// and a non-zero exit status (1 for bad input, 64 for bad usage): ToonCLI's `Program.main`.
    static func main() {
        Program("toondb-bulk").main(Self.self)
    }
}

/// `--metric` values.
enum MetricOption: String, ExpressibleByArgument, CaseIterable {
    case cosine, euclidean
    case dotProduct = "dot-product"

    var metric: VectorMetric {
        switch self {
        case .cosine: .cosine
        case .euclidean: .euclidean
        case .dotProduct: .dotProduct
        }
    }
}

/// `--quantization` values.
enum QuantizationOption: String, ExpressibleByArgument, CaseIterable {
    case none, sq8, binary

    var quantization: VectorQuantization {
        switch self {
        case .none: .none
        case .sq8: .scalar8
        case .binary: .binary
        }
    }
}

/// `--to-format` values.
extension VectorFileFormat: ExpressibleByArgument {}

/// Output helpers.
enum Output {
    /// A line on stdout.
    static func line(_ text: String) { Stdio.line(text) }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONText.quote(s) }

    /// A number with `digits` decimals.
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
