import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonExplorer

@Suite struct ThemeTests {
    static let themesDir = repositoryRoot.appendingPathComponent("Themes").path
    static let loader = ThemeLoader(searchPath: [themesDir])

    @Test func everyShippedThemeLoads() throws {
        let names = Self.loader.available()
        for required in ["default-dark", "default-light", "high-contrast", "monochrome", "ansi", "colorblind"] {
            #expect(names.contains(required), "missing theme \(required)")
        }
        for name in names {
            let t = try Self.loader.load(named: name)
            #expect(t.name == name, "\(name).toml says name = \(t.name)")
            #expect(t.styles[.selection] != nil, "\(name) leaves selection unstyled")
        }
    }

    @Test func inheritanceAndFallback() throws {
        let light = try Self.loader.load(named: "default-light")
        #expect(light.variant == "light")
        // hex.offset is not in default-light: it comes from default-dark.
        #expect(light.styles[.hexOffset] != nil)
        // A key nobody sets falls back to its parent.
        let t = Theme(name: "t", styles: [.text: Style(fg: .ansi(7)), .paneBorder: Style(fg: .ansi(4))])
        #expect(t.style(.paneBorderFocused).fg == .ansi(4))
        #expect(t.style(.jsonKey).fg == .ansi(7))
    }

    func fault(_ text: String) throws -> ThemeError {
        let dir = TemporaryDirectory("toondb-theme")
        let f = dir.file("bad.toml")
        FileManager.default.createFile(atPath: f, contents: Data(text.utf8))
        do {
            _ = try Self.loader.load(file: f)
        } catch let e as ThemeError {
            return e
        }
        Issue.record("no error for: \(text)")
        return ThemeError(file: "", line: 0, column: 0, message: "")
    }

    @Test func malformedThemesAreRejectedWithAPlace() throws {
        let unknownKey = try fault("name = \"x\"\n[styles]\n\"ui.text\" = \"red\"\n  \"grid.nul\" = \"blue\"\n")
        #expect(unknownKey.line == 4 && unknownKey.column == 3)
        #expect(unknownKey.message.contains("unknown style key \"grid.nul\""))
        #expect(unknownKey.description.hasSuffix("bad.toml:4:3: " + unknownKey.message))

        let badColour = try fault("name = \"x\"\n[styles]\n\"json.key\" = \"#12345\"\n")
        #expect(badColour.line == 3 && badColour.message.contains("unknown colour \"#12345\""))

        let outOfRange = try fault("name = \"x\"\n[styles]\nselection = { bg = 300 }\n")
        #expect(outOfRange.line == 3 && outOfRange.message.contains("300 is not in 0–255"))

        let badModifier = try fault("name = \"x\"\n[styles]\nselection = { modifiers = [\"blink\"] }\n")
        #expect(badModifier.message.contains("unknown modifier \"blink\""))

        let syntax = try fault("name = \"x\"\n[styles\n")
        #expect(syntax.line == 2)

        let noName = try fault("variant = \"dark\"\n")
        #expect(noName.message.contains("missing name"))

        let missingParent = try fault("name = \"x\"\ninherits = \"nope\"\n")
        #expect(missingParent.line == 2 && missingParent.message.contains("inherits \"nope\""))
    }

    @Test func coloursComeDownToWhatTheTerminalShows() {
        #expect(Color.rgb(255, 0, 0).downgraded(to: .indexed256) == .indexed(196))
        #expect(Color.rgb(255, 0, 0).downgraded(to: .ansi16) == .ansi(9))
        #expect(Color.rgb(200, 0, 0).downgraded(to: .ansi8) == .ansi(1))
        #expect(Color.indexed(232).downgraded(to: .ansi16) == .ansi(0))
        #expect(Color.ansi(12).downgraded(to: .ansi8) == .ansi(4))
        #expect(Color.rgb(1, 2, 3).downgraded(to: .trueColor) == .rgb(1, 2, 3))
        #expect(Color.default.downgraded(to: .ansi8) == .default)
        #expect(Color(name: "#0a0B0c") == .rgb(10, 11, 12))
        #expect(Color(name: "bright-blue") == .ansi(12))
        #expect(Color(name: "nope") == nil)
    }

    @Test func noColorPicksMonochromeUnlessTheConfigChose() throws {
        let mono = try ExplorerApp.chooseTheme(flag: nil, config: ExplorerConfig(), loader: Self.loader, environment: ["NO_COLOR": "1"])
        #expect(mono.name == "monochrome")
        let chosen = try ExplorerApp.chooseTheme(flag: nil, config: ExplorerConfig(theme: "ansi"), loader: Self.loader,
                                                 environment: ["NO_COLOR": "1"])
        #expect(chosen.name == "ansi")
        let flag = try ExplorerApp.chooseTheme(flag: "high-contrast", config: ExplorerConfig(theme: "ansi"), loader: Self.loader, environment: [:])
        #expect(flag.name == "high-contrast")
        #expect(throws: ToonDBError.self) { try ExplorerApp.chooseTheme(flag: "nope", config: ExplorerConfig(), loader: Self.loader, environment: [:]) }
    }

    @Test func configFileAndItsLocation() throws {
        let c = try ExplorerConfig.parse("theme = \"ansi\"\nmouse = false\n[shell]\nmode = \"box\"\n", file: "c.toml")
        #expect(c.theme == "ansi" && c.mouse == false)
        #expect(throws: ThemeError.self) { try ExplorerConfig.parse("mouse = 3\n", file: "c.toml") }
        #expect(ExplorerConfig.location(flag: "a.toml", environment: ["TOONDB_CONFIG": "b.toml"])?.path == "a.toml")
        #expect(ExplorerConfig.location(flag: nil, environment: ["TOONDB_CONFIG": "b.toml"])?.path == "b.toml")
        #expect(ExplorerConfig.location(flag: nil, environment: ["XDG_CONFIG_HOME": "/x"])?.path == "/x/toondb/config.toml")
        #expect(ExplorerConfig.location(flag: nil, environment: ["XDG_CONFIG_HOME": "/x"])?.required == false)
    }

    /// The STYLE KEYS of toondb-themes(5) are exactly the keys the code knows.
    @Test func manPageStyleKeysMatchTheCode() throws {
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("Man/toondb-themes.5"), encoding: .utf8)
        guard let start = page.range(of: ".Sh STYLE KEYS"), let end = page.range(of: ".Sh FALLBACK") else {
            Issue.record("toondb-themes.5 lacks STYLE KEYS or FALLBACK")
            return
        }
        let section = page[start.upperBound..<end.lowerBound]
        let keys = section.split(separator: "\n").filter { $0.hasPrefix(".It Cm ") }.map { String($0.dropFirst(7)) }
        #expect(keys == StyleKey.allCases.map(\.rawValue))
    }
}
