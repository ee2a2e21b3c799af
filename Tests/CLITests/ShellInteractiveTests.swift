import Foundation
import Testing
import ToonTestSupport

/// A `toondb shell` in a detached tmux session (120×40), typed at with
/// `send-keys` and read with `capture-pane`: completion, history and
/// Control-R. It runs in a ``TmuxSession`` (the explorer tests' driver,
/// which starts tmux so that it never hangs the test runner).
final class TmuxConsole: @unchecked Sendable {
    let session: TmuxSession

    /// Starts `toondb shell db` with `environment` added.
    init(database: String, environment: [String: String]) throws {
        let env = ["INPUTRC": "/dev/null"].merging(environment) { $1 }
        session = try TmuxSession(["shell", "--create", database], environment: env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }

    /// Types keys (tmux key names such as `Enter`, `Tab`, `C-r`, `Up`).
    func keys(_ keys: String...) throws { try session.tmux(["send-keys", "-t", session.name] + keys) }

    /// Types literal text.
    func type(_ text: String) throws {
        // tmux reads an argument ending in `;` as a command separator unless it is escaped.
        try session.type(text.hasSuffix(";") ? text.dropLast() + "\\;" : text)
    }

    /// Waits (up to 20 s) until the screen holds `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try session.waitFor(text, timeout: 20, sourceLocation: sourceLocation)
    }
}

@Suite(.enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason), .serialized)
struct ShellInteractiveTests {
    @Test func tabCompletesKeywordsDotCommandsTablesAndColumns() throws {
        try withDatabase { db throws in
            let t = try TmuxConsole(database: db, environment: ["TOONDB_HISTORY": ""])
            try t.waitFor("toondb>")
            try t.type("CREATE TABLE people(pname TEXT);")
            try t.keys("Enter")
            try t.type("SEL")
            try t.keys("Tab")
            try t.waitFor("toondb> SELECT")
            try t.type("pn")
            try t.keys("Tab")
            try t.waitFor("SELECT pname")
            try t.type("FROM peo")
            try t.keys("Tab")
            try t.waitFor("SELECT pname FROM people")
            try t.type("ORD")
            try t.keys("Tab")
            try t.waitFor("FROM people ORDER")
            try t.keys("C-u")
            try t.type(".sc")
            try t.keys("Tab", "Tab")
            let screen = try t.waitFor(".schema")
            #expect(screen.contains(".scan"))
            try t.keys("C-u")
            try t.type(".tables")
            try t.keys("Enter")
            try t.waitFor("people")
        }
    }

    @Test func historyPersistsAcrossSessionsAndControlRSearchesIt() throws {
        try withDatabase { db throws in
            let dir = (db as NSString).deletingLastPathComponent
            let history = dir + "/state/history"
            do {
                let t = try TmuxConsole(database: db, environment: ["TOONDB_HISTORY": history])
                try t.waitFor("toondb>")
                try t.type("SELECT 41 + 1")
                try t.keys("Enter")
                try t.waitFor("...>")
                try t.type("  AS answer;")
                try t.keys("Enter")
                try t.waitFor("42")
                try t.type(" SELECT 'secret';")
                try t.keys("Enter")
                try t.waitFor("secret\n")
                try t.type(".quit")
                try t.keys("Enter")
                let deadline = Date().addingTimeInterval(10)
                while (try? String(contentsOfFile: history, encoding: .utf8))?.contains(".quit") != true, Date() < deadline { usleep(50_000) }
            }
            let text = try String(contentsOfFile: history, encoding: .utf8)
            #expect(text == "SELECT 41 + 1\\n  AS answer;\n.quit\n", "one entry per statement, newline kept, space-led line skipped")
            let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let t = try TmuxConsole(database: db, environment: ["TOONDB_HISTORY": history])
            try t.waitFor("toondb>")
            try t.keys("C-r")
            try t.type("answer")
            try t.waitFor("(reverse-i-search)`answer'")
            try t.keys("Enter")
            try t.waitFor("42")
            try t.keys("Up")
            try t.waitFor("AS answer;")
        }
    }

    @Test func anUnwritableHistoryFileIsAWarning() throws {
        try withDatabase { db throws in
            let dir = (db as NSString).deletingLastPathComponent
            let blocker = dir + "/not-a-directory"
            FileManager.default.createFile(atPath: blocker, contents: Data())
            let t = try TmuxConsole(database: db, environment: ["TOONDB_HISTORY": blocker + "/history"])
            try t.waitFor("toondb>")
            try t.type("SELECT 6 * 7 AS n;")
            try t.keys("Enter")
            let screen = try t.waitFor("42")
            #expect(screen.contains("toondb: warning: cannot save the history"))
            try t.type("SELECT 1 AS again;")
            try t.keys("Enter")
            try t.waitFor("again")
        }
    }
}
