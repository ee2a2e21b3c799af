import Foundation
internal import TOMLKit
import ToonDB

/// The configuration file (`--config`, else `$TOONDB_CONFIG`, else
/// `$XDG_CONFIG_HOME/toondb/config.toml`): `theme = "NAME"`,
/// `mouse = true|false`, `history_file = "PATH"`, `completion = true|false`,
/// `editor_mode = "emacs"|"vi"`. A missing default file is
/// no error; a missing file named by `--config` or `$TOONDB_CONFIG` is.
package struct ExplorerConfig: Sendable, Equatable {
    /// The theme the file chose, if any.
    package var theme: String?
    /// Whether mouse capture starts on.
    package var mouse = true
    /// Where query history is kept.
    package var historyFile: String?
    /// Whether Tab completes in the query editor and on the `:` line.
    package var completion = true
    /// How the query editor edits.
    package var editorMode: EditorMode = .emacs
    /// The file read (nil: none).
    package var file: String?

    package init(theme: String? = nil, mouse: Bool = true, historyFile: String? = nil, file: String? = nil) {
        self.theme = theme
        self.mouse = mouse
        self.historyFile = historyFile
        self.file = file
    }

    /// The file to read: the flag, then `$TOONDB_CONFIG`, then the XDG default; and whether it must exist.
    package static func location(flag: String?, environment: [String: String]) -> (path: String, required: Bool)? {
        if let flag { return (flag, true) }
        if let e = environment["TOONDB_CONFIG"], !e.isEmpty { return (e, true) }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["HOME"].map { $0 + "/.config" }
        return base.map { ($0 + "/toondb/config.toml", false) }
    }

    /// Loads the configuration chosen by `flag` and the environment.
    package static func load(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExplorerConfig {
        guard let (path, required) = location(flag: flag, environment: environment) else { return ExplorerConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            if required {
                throw ToonDBError(.notFound, "config file \(path) cannot be read", remediation: "check the path given by --config or TOONDB_CONFIG")
            }
            return ExplorerConfig()
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses config TOML; faults are `file:line:col: message`.
    package static func parse(_ text: String, file: String) throws -> ExplorerConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ThemeError(file: file, line: e.source.begin.line, column: e.source.begin.column, message: e.description)
        }
        let locate = SourceLocator(text: text)
        var c = ExplorerConfig(file: file)
        for (key, value) in table {
            let (l, col) = locate.position(ofKey: key, in: nil)
            switch key {
            case "theme":
                guard let s = value.string else { throw ThemeError(file: file, line: l, column: col, message: "theme must be a theme name in quotes") }
                c.theme = s
            case "mouse":
                guard let b = value.bool else { throw ThemeError(file: file, line: l, column: col, message: "mouse must be true or false") }
                c.mouse = b
            case "completion":
                guard let b = value.bool else { throw ThemeError(file: file, line: l, column: col, message: "completion must be true or false") }
                c.completion = b
            case "editor_mode":
                guard let s = value.string, let m = EditorMode(rawValue: s) else {
                    throw ThemeError(file: file, line: l, column: col, message: "editor_mode must be \"emacs\" or \"vi\"")
                }
                c.editorMode = m
            case "history_file":
                guard let s = value.string else { throw ThemeError(file: file, line: l, column: col, message: "history_file must be a path in quotes") }
                c.historyFile = s
            default:
                // Sections of other tools (the console's) are left to them.
                if value.table == nil {
                    throw ThemeError(file: file, line: l, column: col, message: "unknown setting \"\(key)\" (theme, mouse, history_file, completion, editor_mode)")
                }
            }
        }
        return c
    }
}

/// How the query editor takes keys: emacs-style (the default) or vi's modes.
package enum EditorMode: String, Sendable, Equatable {
    case emacs, vi
}
