import ArgumentParser
import ToonBulk

/// `toondb-bulk convert`: one vector file format to another.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert", abstract: "Convert a vector file between .npy, .fvecs and raw float32.")

    @Option(help: "The vectors to read (.npy, .fvecs, or raw float32).")
    var input: String
    @Option(help: "The file to write.")
    var output: String
    @Option(help: "raw_f32, npy or fvecs.")
    var toFormat: VectorFileFormat
    @Option(help: "The number of components of each vector (required for raw input, checked otherwise).")
    var dimension: Int

    func run() throws {
        let m = try bulkConvert(input: input, output: output, to: toFormat, dimension: dimension)
        Output.line("wrote \(m.rows) vectors of dimension \(m.dimension) to \(output) (\(toFormat.rawValue))")
    }
}
