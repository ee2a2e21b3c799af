import ArgumentParser
import Foundation
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

    /// Parses and runs; every failure becomes one line on stderr,
    /// `toondb-bulk: …`, and a non-zero exit status (1 for bad input, 64 for bad usage).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ToonDBError {
            fail("\(error)", status: 1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is ExitCode { Foundation.exit(code.rawValue) }
            let first = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            let text = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
            fail("usage: \(text) (see toondb-bulk --help)", status: code.rawValue)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("toondb-bulk: \(message)\n".utf8))
        Foundation.exit(status)
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

/// `--to-format` values.
extension VectorFileFormat: ExpressibleByArgument {}

/// Output helpers.
enum Output {
    /// A line on stdout.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONText.quote(s) }

    /// A number with `digits` decimals.
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
