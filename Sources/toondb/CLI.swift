import Foundation
import ToonCLI
import ToonCore
import ToonDB

/// What every subcommand shares: opening, output, and errors, which become
/// one line on stderr and exit status 1 through ToonCLI's `Program`.
enum CLI {
    /// The name error lines start with.
    static let program = Program("toondb")

    /// Runs a command body, mapping a `ToonDBError` to `toondb: code: message (hint: …)` and exit 1.
    static func run(_ body: () throws -> Void) throws {
        try program.run {
            try body()
            FileHandle.standardOutput.synchronizeFile()
        }
    }

    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 0 { throw ToonDBError(.invalidArgument, "--limit must not be negative, not \(limit)") }
    }

    static func out(_ line: String) {
        writeRaw(Array((line + "\n").utf8))
    }

    static func writeRaw(_ bytes: [UInt8]) {
        Stdio.write(bytes)
    }

    static func readStandardInput() -> [UInt8] {
        [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }

    static func quote(_ s: String) -> String { "\"\(s)\"" }
}

/// Minimal JSON rendering for `--json` output.
enum JSONLine {
    enum Value {
        case bytes([UInt8]), bool(Bool), int(Int)
    }

    static func object(_ fields: [(String, Value)]) -> String {
        "{" + fields.map { name, value in
            switch value {
            case .bool(let b): return "\(JSONText.quote(name)):\(b)"
            case .int(let i): return "\(JSONText.quote(name)):\(i)"
            case .bytes(let b):
                if let s = String(validating: b, as: UTF8.self) { return "\(JSONText.quote(name)):\(JSONText.quote(s))" }
                return "\(JSONText.quote(name + "_hex")):\"\(b.map { String(format: "%02x", $0) }.joined())\""
            }
        }.joined(separator: ",") + "}"
    }
}
