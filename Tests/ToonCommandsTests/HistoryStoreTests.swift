import Foundation
import Testing
import ToonTestSupport
@testable import ToonCommands

@Suite struct HistoryStoreTests {
    @Test func pathResolutionOrder() {
        let home = ["HOME": "/home/u"]
        #expect(HistoryStore.resolvePath(environment: home, configHistoryFile: nil) == "/home/u/.local/state/toondb/history")
        #expect(HistoryStore.resolvePath(environment: home.merging(["XDG_STATE_HOME": "/s"]) { $1 }, configHistoryFile: nil) == "/s/toondb/history")
        #expect(HistoryStore.resolvePath(environment: home.merging(["XDG_STATE_HOME": "/s"]) { $1 }, configHistoryFile: "~/h") == "/home/u/h")
        #expect(HistoryStore.resolvePath(environment: home.merging(["TOONDB_HISTORY": "/t"]) { $1 }, configHistoryFile: "/c") == "/t")
        #expect(HistoryStore.resolvePath(environment: home.merging(["TOONDB_HISTORY": ""]) { $1 }, configHistoryFile: nil) == nil)
        #expect(HistoryStore.resolvePath(environment: home.merging(["TOONDB_HISTORY": "/dev/null"]) { $1 }, configHistoryFile: nil) == nil)
        #expect(HistoryStore.resolvePath(environment: home, configHistoryFile: "/dev/null") == nil)
        // A relative $XDG_STATE_HOME is ignored (XDG base directory specification); ~/ is $HOME.
        #expect(HistoryStore.resolvePath(environment: home.merging(["XDG_STATE_HOME": "s"]) { $1 }, configHistoryFile: nil) == "/home/u/.local/state/toondb/history")
        #expect(HistoryStore.resolvePath(environment: home.merging(["TOONDB_HISTORY": "~/t"]) { $1 }, configHistoryFile: nil) == "/home/u/t")
    }

    @Test func savingKeepsWhatAnotherProgramSavedMeanwhile() {
        // A console and an explorer open on one history file at once.
        let dir = TemporaryDirectory("history")
        let path = dir.file("history")
        let explorer = HistoryStore(path: path, limit: 4)
        let console = HistoryStore(path: path, limit: 4)
        console.add("c1;")
        #expect(console.save() == nil)
        explorer.add("e1;")
        explorer.add("e2;")
        #expect(explorer.save() == nil)
        console.add("c2;")
        #expect(console.save() == nil)
        #expect(HistoryStore(path: path).entries == ["c1;", "e1;", "e2;", "c2;"])
        #expect(console.entries == ["c1;", "e1;", "e2;", "c2;"])
        // Saving again adds nothing twice; the limit keeps the newest.
        #expect(explorer.save() == nil)
        explorer.add("e3;")
        #expect(explorer.save() == nil)
        #expect(HistoryStore(path: path).entries == ["e1;", "e2;", "c2;", "e3;"])
    }

    @Test func configFileEntry() throws {
        let dir = TemporaryDirectory("history")
        let config = dir.file("config.toml")
        try "theme = \"x\"\nhistory_file = \"/tmp/h\" # mine\n[explorer]\nhistory_file = \"no\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(HistoryStore.configHistoryFile(configPath: config, environment: [:]) == "/tmp/h")
        #expect(HistoryStore.configHistoryFile(configPath: nil, environment: ["TOONDB_CONFIG": config]) == "/tmp/h")
        #expect(HistoryStore.configHistoryFile(configPath: dir.file("none"), environment: [:]) == nil)
    }

    @Test func keepsStatementsSkipsDuplicatesAndSpaceLines() throws {
        let dir = TemporaryDirectory("history")
        let store = HistoryStore(path: dir.file("sub/history"), limit: 3)
        #expect(store.add("SELECT 1;"))
        #expect(!store.add("SELECT 1;"))
        #expect(!store.add(" secret;"))
        #expect(store.add("SELECT\n  2;"))
        #expect(store.add("a"))
        #expect(store.add("b"))
        #expect(store.entries == ["SELECT\n  2;", "a", "b"])
        #expect(store.save() == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("sub/history"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = HistoryStore(path: dir.file("sub/history"))
        #expect(again.entries == ["SELECT\n  2;", "a", "b"])
    }

    @Test func escapingRoundTrips() {
        for s in ["a\\b", "x\ny", "\\n", "tab\there", "é\n\\\n"] {
            #expect(HistoryStore.unescape(HistoryStore.escape(s)) == s)
            #expect(!HistoryStore.escape(s).contains("\n"))
        }
    }

    @Test func unwritableFileIsAProblemNotACrash() throws {
        let dir = TemporaryDirectory("history")
        let blocker = dir.file("file")
        FileManager.default.createFile(atPath: blocker, contents: Data())
        let store = HistoryStore(path: blocker + "/history")
        store.add("SELECT 1;")
        let problem = store.save()
        #expect(problem != nil)
        #expect(problem?.contains(blocker) == true)
        #expect(HistoryStore(path: nil).save() == nil)
    }
}
