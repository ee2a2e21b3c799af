import ArgumentParser
import Foundation
import ToonDB
import ToonExplorer

/// `toondb themes list|check`: the explorer's colour themes (toondb-themes(5)).
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the explorer's colour themes or check a theme file.",
        subcommands: [ThemesList.self, ThemesCheck.self])
}

struct ThemesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the themes found on the theme path.")

    func run() throws {
        let loader = ThemeLoader(searchPath: ThemeLoader.standardSearchPath())
        for name in loader.available() { CLI.out(name + "\t" + (loader.file(named: name) ?? "")) }
    }
}

struct ThemesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check theme files; report each fault as file:line:col: message.")

    @Argument(help: "The theme files.")
    var files: [String]

    func run() throws {
        let loader = ThemeLoader(searchPath: ThemeLoader.standardSearchPath())
        var failed = false
        for f in files {
            do {
                let t = try loader.load(file: f)
                CLI.out("\(f): ok (\(t.name), \(t.variant), \(t.styles.count) styles)")
            } catch let e as ThemeError {
                FileHandle.standardError.write(Data("\(e)\n".utf8))
                failed = true
            } catch {
                FileHandle.standardError.write(Data("\(f):1:1: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
