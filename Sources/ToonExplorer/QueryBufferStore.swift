import Foundation
import ToonCore
import ToonDB

/// The query buffers' texts kept between sessions (toondb(1), FILES):
/// `$XDG_STATE_HOME/toondb/buffers`, else `~/.local/state/toondb/buffers`,
/// a JSON array of strings, mode 0600, replaced whole when the explorer quits.
package struct QueryBufferStore: Sendable {
    /// The file (nil: buffers are not kept).
    package let path: String?
    private let fileSystem: any FileSystem

    /// A store at `path`.
    package init(path: String?, fileSystem: any FileSystem = PosixFileSystem(privateFiles: true)) {
        self.path = path
        self.fileSystem = fileSystem
    }

    /// The file's path for `environment` (an `$XDG_STATE_HOME` that is not absolute is ignored).
    package static func resolvePath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/toondb/buffers" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/toondb/buffers"
    }

    /// The texts saved last (none when there is no file or it cannot be read as one).
    package func load() -> [String] {
        guard let path, fileSystem.fileExists(path), let bytes = try? fileSystem.readAll(path),
              case .array(let items)? = try? Value(jsonBytes: bytes) else { return [] }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    /// Replaces the file with `texts`; returns what went wrong, if anything.
    @discardableResult
    package func save(_ texts: [String]) -> String? {
        guard let path else { return nil }
        do {
            try fileSystem.createDirectory(FilePaths.parent(of: path))
            try fileSystem.replaceAtomically(path, with: Array((Value.array(texts.map(Value.string)).jsonText() + "\n").utf8))
            return nil
        } catch {
            return "cannot save the query buffers to \(path): \(error)"
        }
    }
}
