import Foundation
internal import TOMLKit
import ToonDB

/// Reads theme files (toondb-themes(5)): `name`, `variant`, optional
/// `inherits`, a `[palette]` of named colours and a `[styles]` table. Every
/// fault is a ``ThemeError`` that names the file, line and column.
package struct ThemeLoader: Sendable {
    /// The directories searched for `NAME.toml`, in order.
    package var searchPath: [String]

    /// A loader searching `searchPath`.
    package init(searchPath: [String]) { self.searchPath = searchPath }

    /// The usual search path: `$XDG_CONFIG_HOME/toondb/themes`, `PREFIX/share/toondb/themes`
    /// (PREFIX being the directory above the binary's), the binary's own directory
    /// (and `themes/` beside it), then the source tree's `Themes/` for development.
    package static func standardSearchPath(environment: [String: String] = ProcessInfo.processInfo.environment,
                                          executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var dirs: [String] = []
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        if let config { dirs.append(config + "/toondb/themes") }
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        let bin = exe.deletingLastPathComponent()
        dirs.append(bin.deletingLastPathComponent().appendingPathComponent("share/toondb/themes").path)
        dirs.append(bin.appendingPathComponent("themes").path)
        dirs.append(bin.path)
        // A development build lives in <checkout>/.build*/<triple>/<config>/.
        var dir = bin
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let themes = dir.appendingPathComponent("Themes")
            if FileManager.default.fileExists(atPath: themes.appendingPathComponent("default-dark.toml").path) {
                dirs.append(themes.path)
                break
            }
        }
        return dirs
    }

    /// The file of the theme `name`, or nil.
    package func file(named name: String) -> String? {
        for dir in searchPath {
            let f = dir + "/" + name + ".toml"
            if FileManager.default.fileExists(atPath: f) { return f }
        }
        return nil
    }

    /// The names of every theme on the search path, sorted, each once.
    package func available() -> [String] {
        var names = Set<String>()
        for dir in searchPath {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".toml") {
                let n = String(f.dropLast(5))
                if n != "config" { names.insert(n) }
            }
        }
        return names.sorted()
    }

    /// The theme `name` from the search path (following `inherits`).
    package func load(named name: String) throws -> Theme {
        guard let f = file(named: name) else {
            throw ToonDBError(.notFound, "theme \"\(name)\" not found in \(searchPath.joined(separator: ", "))",
                              remediation: "pick one of: \(available().joined(separator: ", "))")
        }
        return try load(file: f)
    }

    /// The theme in the file at `path` (following `inherits`).
    package func load(file path: String) throws -> Theme {
        try load(file: path, seen: [])
    }

    private func load(file path: String, seen: [String]) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
        }
        let parsed = try ThemeFile.parse(text, file: path)
        var base: Theme?
        if let parent = parsed.inherits {
            if seen.contains(parent) || parent == parsed.name {
                throw ThemeError(file: path, line: parsed.inheritsLine, column: 1,
                                 message: "inherits \"\(parent)\" makes a cycle: \((seen + [parent]).joined(separator: " → "))")
            }
            let sameDir = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(parent + ".toml").path
            let parentFile = FileManager.default.fileExists(atPath: sameDir) ? sameDir : file(named: parent)
            guard let parentFile else {
                throw ThemeError(file: path, line: parsed.inheritsLine, column: 1,
                                 message: "inherits \"\(parent)\", which is not found next to it nor on the theme path")
            }
            base = try load(file: parentFile, seen: seen + [parsed.name])
        }
        var styles = base?.styles ?? [:]
        for (k, s) in parsed.styles { styles[k] = s }
        return Theme(name: parsed.name, variant: parsed.variant ?? base?.variant ?? "dark", styles: styles)
    }
}

/// A fault in a theme or config file, at a place in it: `file:line:col: message`.
package struct ThemeError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file.
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column.
    package var column: Int
    /// What is wrong.
    package var message: String

    /// A fault at `file:line:column`.
    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String { "\(file):\(line):\(column): \(message)" }
}
