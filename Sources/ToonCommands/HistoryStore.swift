import Foundation
import ToonCore
import ToonDB

/// The persistent query history (toondb(1), FILES) of the console and of the
/// explorer's query pane: the one reader and writer of the history file.
/// One entry per complete statement, newlines kept; entries that repeat the
/// previous one or start with a space are not kept; at most ``limit`` entries;
/// the file has mode 0600 and is replaced atomically. Saving merges: the file
/// is read again and this store's new entries are appended to what it holds,
/// so a console and an explorer open at once both keep their statements.
///
/// File format: UTF-8, one entry per line, a backslash written `\\` and a
/// newline inside an entry written `\n`.
package final class HistoryStore: @unchecked Sendable {
    /// Where the history lives, or nil when it is turned off.
    package let path: String?
    /// The most entries kept.
    package let limit: Int
    /// The entries, oldest first.
    package private(set) var entries: [String] = []
    /// Why the file could not be read or written, once, for a warning.
    package private(set) var problem: String?
    /// Entries added since the file was last read or written.
    private var pending: [String] = []
    private let fileSystem: any FileSystem

    /// The default cap.
    package static let defaultLimit = 2000

    /// A store at `path` (nil: off), reading what the file holds.
    package init(path: String?, limit: Int = HistoryStore.defaultLimit,
                fileSystem: any FileSystem = PosixFileSystem(privateFiles: true)) {
        self.path = path
        self.limit = max(1, limit)
        self.fileSystem = fileSystem
        if let path {
            do { entries = try read(path) } catch { problem = "cannot read the history file \(path): \(Self.describe(error))" }
        }
    }

    /// The history file's path (toondb(1), ENVIRONMENT): `$TOONDB_HISTORY`, else
    /// `history_file` from the configuration file, else
    /// `$XDG_STATE_HOME/toondb/history`, else `~/.local/state/toondb/history`.
    /// An empty value or `/dev/null` turns history off (nil). A leading `~/` in
    /// the first two is `$HOME`; an `$XDG_STATE_HOME` that is not an absolute path
    /// is ignored, as the XDG base directory specification asks.
    package static func resolvePath(environment: [String: String], configHistoryFile: String?) -> String? {
        func off(_ p: String) -> Bool { p.isEmpty || p == "/dev/null" }
        if let p = environment["TOONDB_HISTORY"] { return off(p) ? nil : expandTilde(p, environment) }
        if let p = configHistoryFile { return off(p) ? nil : expandTilde(p, environment) }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/toondb/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/toondb/history"
    }

    /// The `history_file` entry of a configuration file (toondb(1), ENVIRONMENT:
    /// `--config`, else `$TOONDB_CONFIG`, else `$XDG_CONFIG_HOME/toondb/config.toml`),
    /// read as a `key = "value"` line; nil when there is no file or no entry.
    package static func configHistoryFile(configPath: String?, environment: [String: String]) -> String? {
        var path = configPath ?? environment["TOONDB_CONFIG"]
        if path == nil {
            if let c = environment["XDG_CONFIG_HOME"], c.hasPrefix("/") { path = c + "/toondb/config.toml" }
            else if let home = environment["HOME"] { path = home + "/.config/toondb/config.toml" }
        }
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { break }          // only top-level keys
            guard line.hasPrefix("history_file"), let eq = line.firstIndex(of: "=") else { continue }
            guard line[..<eq].trimmingCharacters(in: .whitespaces) == "history_file" else { continue }
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    private static func expandTilde(_ p: String, _ env: [String: String]) -> String {
        guard p.hasPrefix("~/"), let home = env["HOME"] else { return p }
        return home + p.dropFirst()
    }

    /// Adds a complete statement, unless it is empty, starts with a space or repeats the last entry.
    /// Returns whether it was kept (and should be offered to line editing too).
    @discardableResult
    package func add(_ statement: String) -> Bool {
        guard let first = statement.first, first != " ", first != "\t" else { return false }
        let entry = statement.trimmingTrailingWhitespace()
        guard !entry.isEmpty, entry != entries.last else { return false }
        entries.append(entry)
        pending.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Appends the entries added since the last save to what the file holds
    /// now (read again, so entries saved meanwhile by another program stay),
    /// keeps the newest ``limit`` and replaces the file atomically (mode 0600,
    /// parent directories made 0700). A failure is recorded in ``problem`` and returned.
    @discardableResult
    package func save() -> String? {
        guard let path else { return nil }
        do {
            var merged = try read(path)
            for entry in pending where entry != merged.last { merged.append(entry) }
            if merged.count > limit { merged.removeFirst(merged.count - limit) }
            try fileSystem.createDirectory(FilePaths.parent(of: path))
            let text = merged.map(Self.escape).joined(separator: "\n") + (merged.isEmpty ? "" : "\n")
            try fileSystem.replaceAtomically(path, with: Array(text.utf8))
            entries = merged
            pending = []
            return nil
        } catch {
            let text = "cannot save the history to \(path): \(Self.describe(error))"
            problem = text
            return text
        }
    }

    /// The entries the file holds (none when it does not exist), the newest ``limit``.
    private func read(_ path: String) throws -> [String] {
        guard fileSystem.fileExists(path) else { return [] }
        let text = String(decoding: try fileSystem.readAll(path), as: UTF8.self)
        let all = text.split(separator: "\n", omittingEmptySubsequences: true).map { Self.unescape(String($0)) }
        return Array(all.suffix(limit))
    }

    static func escape(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ line: String) -> String {
        var out = ""
        var escaping = false
        for c in line {
            if escaping {
                switch c {
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    private static func describe(_ error: Error) -> String {
        if let e = error as? ToonDBError { return e.message }
        return (error as NSError).localizedDescription
    }
}
