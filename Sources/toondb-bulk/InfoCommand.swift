import ArgumentParser
import ToonBulk

/// `toondb-bulk info`: what an index file holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe an index file (verifying its checksum).")

    @Option(help: "The index file.")
    var index: String
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let info = try bulkInfo(index: index)
        if json {
            Output.line("{\"path\":\(Output.quote(info.path)),\"file_bytes\":\(info.fileBytes),\"vectors\":\(info.vectors)," +
                        "\"deleted\":\(info.deleted),\"dimension\":\(info.dimension),\"metric\":\(Output.quote(info.metric.rawValue))," +
                        "\"m\":\(info.m),\"ef_construction\":\(info.efConstruction),\"max_level\":\(info.maxLevel)," +
                        "\"quantization\":\(Output.quote(info.quantization.rawValue)),\"bytes_per_vector\":\(info.bytesPerVector)," +
                        "\"graph_bytes\":\(info.graphBytes),\"index_bytes\":\(info.indexBytes)}")
            return
        }
        Output.line("path:            \(info.path)")
        Output.line("file bytes:      \(info.fileBytes)")
        Output.line("vectors:         \(info.vectors)")
        Output.line("deleted:         \(info.deleted)")
        Output.line("dimension:       \(info.dimension)")
        Output.line("metric:          \(info.metric.rawValue)")
        Output.line("M:               \(info.m)")
        Output.line("efConstruction:  \(info.efConstruction)")
        Output.line("layers:          \(info.maxLevel + 1)")
        Output.line("quantization:    \(info.quantization.rawValue)")
        Output.line("bytes/vector:    \(info.bytesPerVector)")
        Output.line("graph bytes:     \(info.graphBytes)")
        Output.line("index bytes:     \(info.indexBytes)")
    }
}
