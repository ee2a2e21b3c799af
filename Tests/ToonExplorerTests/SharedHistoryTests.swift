import Foundation
import Testing
import ToonCommands
import ToonDB
import ToonTestSupport
@testable import ToonExplorer

/// The console and the explorer's query pane share one history file
/// (toondb(1), FILES): what one writes, the other reads back unchanged.
@Suite struct SharedHistoryTests {
    /// A backslash (with `\n` and `\\` in it, which a naive reader turns into a
    /// line break or one backslash), a statement of several lines, and non-ASCII
    /// text, one of it decomposed (equal to its precomposed form as a Swift
    /// String, but not byte for byte).
    static let entries = [
        #"SELECT 'C:\new\table', 'a\\b', 'end\' AS path;"#,
        "SELECT title,\n       year\n  FROM books\n WHERE year > 1960;",
        "SELECT 'héllo wörld — 東京 🎉', 'cafe\u{301}';",
    ]

    /// The file's text for ``entries``: a backslash written `\\`, a line break `\n`.
    static let onDisk = #"""
        SELECT 'C:\\new\\table', 'a\\\\b', 'end\\' AS path;
        SELECT title,\n       year\n  FROM books\n WHERE year > 1960;
        SELECT 'héllo wörld — 東京 🎉', 'cafe\#u{301}';

        """#

    /// Where the history goes, and the environment that sends it there.
    struct Place: Sendable, CustomTestStringConvertible {
        var name: String
        /// The environment, given the temporary home directory.
        var environment: @Sendable (String) -> [String: String]
        /// The configuration file's text (in `$XDG_CONFIG_HOME/toondb/config.toml`), if any.
        var config: String?
        /// The history file, relative to the home directory.
        var file: String
        var testDescription: String { name }
    }

    static let places: [Place] = [
        Place(name: "relative XDG_STATE_HOME is ignored",
              environment: { ["HOME": $0, "XDG_STATE_HOME": "relative/state", "XDG_CONFIG_HOME": $0 + "/config"] },
              config: nil, file: ".local/state/toondb/history"),
        Place(name: "XDG_STATE_HOME",
              environment: { ["HOME": $0, "XDG_STATE_HOME": $0 + "/state", "XDG_CONFIG_HOME": $0 + "/config"] },
              config: nil, file: "state/toondb/history"),
        Place(name: "history_file with ~",
              environment: { ["HOME": $0, "XDG_STATE_HOME": $0 + "/state", "XDG_CONFIG_HOME": $0 + "/config"] },
              config: "theme = \"ansi\"\nhistory_file = \"~/mine/hist\"\n", file: "mine/hist"),
        Place(name: "TOONDB_HISTORY with ~",
              environment: { ["HOME": $0, "TOONDB_HISTORY": "~/env-hist", "XDG_CONFIG_HOME": $0 + "/config"] },
              config: "history_file = \"~/not-this\"\n", file: "env-hist"),
    ]

    /// A home directory with the place's configuration file.
    static func home(_ place: Place) throws -> (TemporaryDirectory, [String: String]) {
        let dir = TemporaryDirectory("shared-history")
        let environment = place.environment(dir.path)
        if let config = place.config {
            try FileManager.default.createDirectory(atPath: dir.file("config/toondb"), withIntermediateDirectories: true)
            try config.write(toFile: dir.file("config/toondb/config.toml"), atomically: true, encoding: .utf8)
        }
        return (dir, environment)
    }

    // MARK: The two paths, as toondb shell and toondb explore take them

    /// The console's store (`ShellCommand`): the path from the environment and
    /// the configuration file's `history_file` line.
    static func consoleStore(_ environment: [String: String]) -> HistoryStore? {
        HistoryStore.resolvePath(environment: environment,
                                 configHistoryFile: HistoryStore.configHistoryFile(configPath: nil, environment: environment))
            .map { HistoryStore(path: $0) }
    }

    /// The console keeping statements: add, then save, after each (`Console.runInteractive`).
    static func consoleWrites(_ statements: [String], _ environment: [String: String]) throws {
        let store = try #require(consoleStore(environment))
        for s in statements {
            #expect(store.add(s))
            #expect(store.save() == nil)
        }
    }

    /// An explorer as `ExplorerApp.run` builds it: the configuration file, then the history.
    static func explorer(_ environment: [String: String], _ database: Database) throws -> (Explorer, HistoryStore) {
        let config = try ExplorerConfig.load(flag: nil, environment: environment)
        let store = ExplorerApp.historyStore(config: config, environment: environment)
        let explorer = Explorer(source: EmbeddedDataSource(database), runner: { _ in CommandOutput(message: "ok") },
                                history: store.entries)
        return (explorer, store)
    }

    static func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    // MARK: Tests

    @Test(arguments: places)
    func consoleWritesExplorerReads(_ place: Place) throws {
        let (dir, environment) = try Self.home(place)
        try Self.consoleWrites(Self.entries, environment)
        let file = dir.file(place.file)
        #expect(Array((FileManager.default.contents(atPath: file) ?? Data())) == Array(Self.onDisk.utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let database = try Database.open(dir.file("db"))
        defer { try? database.close() }
        let (explorer, _) = try Self.explorer(environment, database)
        #expect(Self.bytes(explorer.state.query.history.entries) == Self.bytes(Self.entries))
        // Up in the query editor brings them back, newest first.
        explorer.handle(.key(.char("3")))
        explorer.state.query.editing = true
        for expected in Self.entries.reversed() {
            explorer.handle(.key(.up))
            #expect(Array(explorer.state.query.editor.text.utf8) == Array(expected.utf8))
            // Up on the first line of a multi-line entry walks back; move there first.
            while !explorer.state.query.editor.isOnFirstLine { explorer.handle(.key(.up)) }
        }
    }

    @Test(arguments: places)
    func explorerWritesConsoleReads(_ place: Place) throws {
        let (dir, environment) = try Self.home(place)
        let database = try Database.open(dir.file("db"))
        defer { try? database.close() }
        let (explorer, store) = try Self.explorer(environment, database)
        #expect(explorer.state.query.history.entries.isEmpty)
        explorer.handle(.key(.char("3")))
        explorer.state.query.editing = true
        for statement in Self.entries {
            explorer.state.query.editor.set(statement)
            explorer.handle(.key(.function(5)))
            explorer.waitForQuery()
            #expect(!explorer.state.messageIsError)
        }
        #expect(ExplorerApp.saveHistory(explorer.state.query.history.added, to: store) == nil)

        let file = dir.file(place.file)
        #expect(Array((FileManager.default.contents(atPath: file) ?? Data())) == Array(Self.onDisk.utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let console = try #require(Self.consoleStore(environment))
        #expect(console.path == file)
        #expect(Self.bytes(console.entries) == Self.bytes(Self.entries))
    }

    @Test func bothWritersKeepEachOthersEntries() throws {
        let (dir, environment) = try Self.home(Self.places[0])
        let database = try Database.open(dir.file("db"))
        defer { try? database.close() }
        try Self.consoleWrites([Self.entries[0]], environment)
        // The explorer starts with the console's entry and adds two of its own…
        let (explorer, store) = try Self.explorer(environment, database)
        explorer.handle(.key(.char("3")))
        explorer.state.query.editing = true
        for statement in Self.entries.dropFirst() {
            explorer.state.query.editor.set(statement)
            explorer.handle(.key(.function(5)))
            explorer.waitForQuery()
        }
        // …repeating the last is not kept, by either.
        explorer.state.query.editor.set(Self.entries[2])
        explorer.handle(.key(.function(5)))
        explorer.waitForQuery()
        #expect(ExplorerApp.saveHistory(explorer.state.query.history.added, to: store) == nil)
        let console = try #require(Self.consoleStore(environment))
        #expect(Self.bytes(console.entries) == Self.bytes(Self.entries))
        #expect(!console.add(Self.entries[2]))
        #expect(Array((FileManager.default.contents(atPath: dir.file(Self.places[0].file)) ?? Data())) == Array(Self.onDisk.utf8))
    }

    @Test func historyOffWritesNothing() throws {
        let dir = TemporaryDirectory("shared-history")
        for off in ["", "/dev/null"] {
            let store = ExplorerApp.historyStore(config: ExplorerConfig(), environment: ["HOME": dir.path, "TOONDB_HISTORY": off])
            #expect(store.path == nil)
            #expect(ExplorerApp.saveHistory(["SELECT 1;"], to: store) == nil)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file(".local")))
    }

    @Test func anUnwritableFileIsAWarning() throws {
        let dir = TemporaryDirectory("shared-history")
        let blocker = dir.file("file")
        FileManager.default.createFile(atPath: blocker, contents: Data())
        let store = ExplorerApp.historyStore(config: ExplorerConfig(historyFile: blocker + "/history"), environment: ["HOME": dir.path])
        let problem = ExplorerApp.saveHistory(["SELECT 1;"], to: store)
        #expect(problem?.contains(blocker) == true)
    }
}
