import ArgumentParser
import Foundation
import ToonDB

/// What every subcommand shares: opening, output, and the one place errors
/// become a one-line message on stderr and exit status 1.
enum CLI {
    /// Runs a command body, mapping any error to `toondb: code: message (hint: …)` and exit 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
            FileHandle.standardOutput.synchronizeFile()
        } catch let e as ToonDBError {
            FileHandle.standardError.write(Data("toondb: \(e)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func open(_ path: String, sync: SyncMode, create: Bool) throws -> Database {
        try Database.open(path, config: DatabaseConfig(createIfMissing: create, syncMode: sync))
    }

    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 0 { throw ToonDBError(.invalidArgument, "--limit must not be negative, not \(limit)") }
    }

    static func out(_ line: String) {
        writeRaw(Array((line + "\n").utf8))
    }

    static func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                let n = Foundation.write(1, p.baseAddress! + done, p.count - done)
                if n <= 0 { return }
                done += n
            }
        }
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
