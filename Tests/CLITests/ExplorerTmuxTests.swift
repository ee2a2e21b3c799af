import Foundation
import Testing
import ToonTestSupport

/// Drives the real `toondb` explorer in a detached tmux session: keys go in
/// with `send-keys`, the screen comes back with `capture-pane -p`. Each
/// step polls the screen until the text it expects appears (or times out).
final class TmuxSession: @unchecked Sendable {
    let name = "toondb-test-\(UUID().uuidString.prefix(8))"

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    init(_ arguments: [String], width: Int = 120, height: Int = 40) throws {
        let command = (["env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "NO_COLOR=",
                        "TOONDB_HISTORY=/dev/null", "XDG_CONFIG_HOME=/nonexistent", Binaries.path("toondb")] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command + "; sleep 30"])
    }

    deinit { _ = try? tmux(["kill-session", "-t", name]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try RawProcess.run("/usr/bin/tmux", args, stdin: nil, environment: [:])
        return r.stdoutText
    }

    /// Sends keys by tmux name (`Enter`, `C-c`, `j`).
    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits until the screen contains `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let end = Date().addingTimeInterval(timeout)
        var s = ""
        while Date() < end {
            s = try screen()
            if s.contains(text) { return s }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(text.debugDescription); screen:\n\(s)", sourceLocation: sourceLocation)
        return s
    }

    /// Waits until the explorer has exited (the pane shows the shell's `sleep`, no border).
    func waitForExit(timeout: Double = 10) throws -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if !(try screen()).contains("1 Keys") { return true }
            usleep(50_000)
        }
        return false
    }
}

@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed (scripts/install-deps.sh installs it)"))
struct ExplorerTmuxTests {
    @Test func demoWalkValueQuerySearchResizeHelpQuit() throws {
        try withDatabase("demo") { db in
            let created = try CLI.run(["demo", db, "--no-open"])
            #expect(created.status == 0, "\(created.stderr)")
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            // Walk the tree to a value with wide characters.
            try t.type(":")
            try t.type("goto users/yuki/profile")
            try t.keys("Enter")
            try t.waitFor("\"city\": \"東京\"")
            try t.waitFor("users/yuki/profile · json (auto)")
            // v cycles the view.
            try t.keys("2", "v", "v")
            try t.waitFor("· toon")
            // A SQL query in the query pane (a ; must be escaped for tmux).
            try t.keys("3")
            try t.type("SELECT title, year FROM books WHERE year < 1970 ORDER BY year")
            try t.keys("\\;", "Enter")
            var s = try t.waitFor("3 rows ·")
            #expect(s.contains("Things Fall Apart"))
            #expect(s.contains("The Left Hand of Darkness"))
            // A keyword search from a document of the collection.
            try t.type(":")
            try t.type("goto users")
            try t.keys("Enter")
            try t.keys("G")
            try t.waitFor("▸ ▦ tables")
            try t.keys("k", "l", "j", "l", "j", "l", "j", "Enter")
            try t.waitFor("hybrid in library/articles")
            try t.keys("i")
            try t.type("bloom filters segment")
            try t.keys("Enter")
            s = try t.waitFor("#1")
            #expect(s.contains("fused") && s.contains("bm25"))
            // Resize: smaller than 80×24 shows the message, larger again the panes.
            try t.tmux(["resize-window", "-t", t.name, "-x", "70", "-y", "20"])
            try t.waitFor("at least 80×24")
            try t.tmux(["resize-window", "-t", t.name, "-x", "120", "-y", "40"])
            try t.waitFor("1 Keys")
            // Help lists the bindings; Esc closes it.
            try t.keys("Escape", "1", "?")
            try t.waitFor("Help · Esc closes")
            try t.waitFor("cancel a running query; never quits")
            try t.keys("Escape")
            // Ctrl-C does not quit; q does.
            try t.keys("C-c")
            try t.waitFor("Ctrl-C cancels a running query; q quits")
            try t.keys("q")
            #expect(try t.waitForExit())
        }
    }

    @Test func readOnlyRefusesWrites() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db, "--read-only"])
            try t.waitFor("demo  RO")
            try t.keys("3")
            try t.type("DELETE FROM books")
            try t.keys("\\;", "Enter")
            try t.waitFor("read-only")
            try t.keys("Escape", "1")
            try t.type(":")
            try t.type("goto users/alice/email")
            try t.keys("Enter")
            try t.waitFor("alice@example.com")
            try t.keys("d")
            try t.waitFor("read-only: delete refused")
            try t.keys("q")
            #expect(try t.waitForExit())
            #expect(try CLI.kv("get", db, "users/alice/email").stdout == "alice@example.com\n")
        }
    }

    @Test func tinyTerminalShowsAMessage() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db], width: 60, height: 20)
            let s = try t.waitFor("at least 80×24")
            #expect(s.contains("The terminal is 60×20"))
            #expect(!s.contains("1 Keys"))
            try t.keys("q")
            let end = Date().addingTimeInterval(10)
            while Date() < end, (try t.screen()).contains("80×24") { usleep(50_000) }
            #expect(!(try t.screen()).contains("80×24"))
        }
    }

    @Test func withoutATerminalItFailsWithOneLineAndCreatesNothing() throws {
        try withDatabase("missing") { db in
            let r = try CLI.run([db])
            expectOneLineError(r, "needs a terminal")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func themesCheckReportsFileLineColumn() throws {
        let dir = TemporaryDirectory("toondb-themes")
        let bad = dir.file("bad.toml")
        FileManager.default.createFile(atPath: bad, contents: Data("name = \"bad\"\n[styles]\n\"grid.header\" = \"#zzzzzz\"\n".utf8))
        let r = try CLI.run(["themes", "check", bad])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(bad):3:1: unknown colour \"#zzzzzz\""), "\(r.stderr)")
        let themes = CLI.repositoryRoot.appendingPathComponent("Themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: themes.path).filter { $0.hasSuffix(".toml") }
            .map { themes.appendingPathComponent($0).path }
        let ok = try CLI.run(["themes", "check"] + files)
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
