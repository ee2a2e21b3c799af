import ArgumentParser
import ToonCore
import ToonDB
import ToonFormat

extension ToonDelimiter: ExpressibleByArgument {}

/// `toondb toon encode|decode`: JSON ↔ TOON on stdin/stdout (toondb(1), TOON; TOON spec v4.0).
struct ToonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toon",
        abstract: "Convert JSON to TOON and back (TOON spec v4.0).",
        subcommands: [Encode.self, Decode.self])

    /// Reads the input: the file named, or standard input when there is none or it is `-`.
    static func input(_ path: String?) throws -> [UInt8] {
        guard let path, path != "-" else { return CLI.readStandardInput() }
        let file = try PosixFileSystem().openReadable(path)
        defer { file.close() }
        return try file.read(at: 0, count: file.size)
    }

    static func checkIndent(_ indent: Int) throws {
        guard (1...16).contains(indent) else {
            throw ToonDBError(.invalidArgument, "--indent must be between 1 and 16, not \(indent)")
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read JSON, write TOON.",
            discussion: "Reads one JSON value from FILE or standard input and writes it as TOON.")

        @Argument(help: "The JSON file to read (standard input when absent or '-').")
        var file: String?

        @Option(help: "Array delimiter: comma, tab or pipe.")
        var delimiter: ToonDelimiter = .comma

        @Option(help: "Spaces per indentation level.")
        var indent: Int = 2

        func run() throws {
            try CLI.run {
                try ToonCommand.checkIndent(indent)
                let value = try Value(jsonBytes: try ToonCommand.input(file))
                let text = ToonEncoder(options: .init(indentSize: indent, delimiter: delimiter)).encode(value)
                if !text.isEmpty { CLI.out(text) }
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read TOON, write JSON.",
            discussion: "Reads a TOON document from FILE or standard input and writes it as JSON (pretty unless --compact).")

        @Argument(help: "The TOON file to read (standard input when absent or '-').")
        var file: String?

        @Option(help: "Spaces per indentation level the input uses.")
        var indent: Int = 2

        @Flag(inversion: .prefixedNo, help: "Enforce counts, indentation and no duplicate keys (the default).")
        var strict = true

        @Flag(help: "Write JSON on one line instead of indented.")
        var compact = false

        func run() throws {
            try CLI.run {
                try ToonCommand.checkIndent(indent)
                let decoder = ToonDecoder(options: .init(indentSize: indent, strict: strict))
                let value = try decoder.decode(bytes: try ToonCommand.input(file))
                CLI.out(value.jsonText(pretty: !compact))
            }
        }
    }
}
