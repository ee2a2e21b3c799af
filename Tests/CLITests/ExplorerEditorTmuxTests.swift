import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// The query editor of the real explorer under tmux: completion from the
/// live catalog, copying a result in a picked format, the transaction mark.
@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason))
struct ExplorerEditorTmuxTests {
    /// After CREATE TABLE in the same session, Tab completes the new table,
    /// and the popup lists its columns after WHERE.
    @Test func completionPopupListsATableCreatedInThisSession() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("CREATE TABLE fresh_items(alpha_one INTEGER, alpha_two TEXT)")
            try t.keys("\\;", "Enter")
            try t.waitFor("0 rows changed")
            try t.keys("C-u")
            try t.type("SELECT * FROM fre")
            try t.keys("Tab")
            try t.waitFor("sql> SELECT * FROM fresh_items")
            try t.type(" WHERE alph")
            try t.keys("Tab")
            var s = try t.waitFor("alpha_two")
            #expect(s.contains("alpha_one"), "\(s)")
            #expect(s.contains("sql> SELECT * FROM fresh_items WHERE alpha_"))
            try t.keys("C-n", "Enter")
            s = try t.waitFor("sql> SELECT * FROM fresh_items WHERE alpha_two")
            #expect(!s.contains("alpha_one"), "the popup closed")
            try t.keys("Escape", "q")
            #expect(try t.waitForExit())
        }
    }

    /// y and Y copy through OSC 52 and the clipboard tool in the format
    /// picked; the picker's Enter takes the last one.
    @Test func yAndYCopyInThePickedFormat() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let dir = TemporaryDirectory("toondb-tmux-copy")
            FileManager.default.createFile(atPath: dir.file("xclip"), contents: Data("#!/bin/sh\ncat > \"$CLIP_OUT\"\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
            let clip = dir.file("clip")
            let path = dir.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let t = try TmuxSession([db], environment: ["PATH=" + path, "DISPLAY=:99", "WAYLAND_DISPLAY=", "CLIP_OUT=" + clip])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("SELECT id, name FROM authors WHERE id <= 2 ORDER BY id")
            try t.keys("\\;", "Enter")
            try t.waitFor("2 rows ·")
            func clipboard() -> String { FileManager.default.contents(atPath: clip).map { String(decoding: $0, as: UTF8.self) } ?? "" }
            let expected: [(key: String, name: String, text: String)] = [
                ("t", "TSV", "id\tname\n2\t"),
                ("c", "CSV", "id,name\r\n2,"),
                ("j", "JSON", "{\"id\":2,\"name\":"),
                ("m", "Markdown", "| id | name |\n| ---: | --- |\n| 2 | "),
                ("i", "SQL INSERT", "INSERT INTO \"authors\" (\"id\", \"name\") VALUES (2, '"),
            ]
            try t.keys("j")
            for e in expected {
                try? FileManager.default.removeItem(atPath: clip)
                try t.keys("y")
                try t.waitFor("copy row 2 as:")
                try t.keys(e.key)
                try t.waitFor("copied row 2 as \(e.name) via OSC 52 and xclip")
                #expect(clipboard().hasPrefix(e.text), "\(e.name): \(clipboard().debugDescription)")
            }
            // Y: the whole result, Enter takes the last format (SQL INSERT).
            try t.keys("Y")
            try t.waitFor("(Enter: SQL INSERT, Esc: cancel)")
            try t.keys("Enter")
            try t.waitFor("copied 2 rows as SQL INSERT")
            #expect(clipboard().split(separator: "\n").count == 2 && clipboard().hasPrefix("INSERT INTO \"authors\""))
            try t.keys("q")
            #expect(try t.waitForExit())
        }
    }

    /// BEGIN shows in the status line with its pending writes, and quitting asks.
    @Test func anOpenTransactionShowsAndQuittingAsks() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("BEGIN")
            try t.keys("\\;")
            try t.type(" DELETE FROM books WHERE id <= 3")
            try t.keys("\\;", "Enter")
            try t.waitFor("TXN open: 3 pending writes")
            try t.keys("Escape", "q")
            try t.waitFor("A transaction is open with 3 pending writes; quitting discards it. Quit? (y/n)")
            try t.keys("n")
            try t.waitFor("cancelled")
            try t.keys("q")
            try t.waitFor("Quit? (y/n)")
            try t.keys("y")
            #expect(try t.waitForExit())
            #expect(try CLI.run(["sql", db, "SELECT count(*) AS n FROM books", "--format", "csv"]).stdout == "n\r\n9\r\n")
        }
    }

    /// x on a statement shows its query plan as a tree; so does EXPLAIN QUERY PLAN.
    @Test func xShowsThePlanTree() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("SELECT title FROM books WHERE id BETWEEN 2 AND 4 ORDER BY title")
            try t.keys("\\;", "Enter")
            try t.waitFor("3 rows ·")
            try t.keys("x")
            let s = try t.waitFor("`--USE TEMP B-TREE FOR ORDER BY")
            #expect(s.contains("QUERY PLAN") && s.contains("|--SEARCH books USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"), "\(s)")
            try t.keys("q")
            #expect(try t.waitForExit())
        }
    }

    /// editor_mode = "vi": Esc goes to normal mode (shown in the status line), motions and dw work, Enter runs.
    @Test func viModeFromTheConfigFile() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let dir = TemporaryDirectory("toondb-tmux-vi")
            let config = dir.file("config.toml")
            try "editor_mode = \"vi\"\n".write(toFile: config, atomically: true, encoding: .utf8)
            let t = try TmuxSession([db, "--config", config])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.waitFor("-- INSERT --")
            try t.type("SELECT name, country FROM authors ORDER BY id")
            try t.keys("Escape")
            try t.waitFor("-- NORMAL --")
            try t.keys("0", "w", "d", "w", "x", "x")
            try t.waitFor("sql> SELECT country FROM authors ORDER BY id")
            try t.keys("u")
            try t.waitFor("sql> SELECT  country FROM authors ORDER BY id")
            try t.keys("Enter")
            try t.waitFor("rows ·")
            try t.keys("q")
            #expect(try t.waitForExit())
        }
    }

    /// Ctrl-T and Alt-N switch query buffers, listed in the tab title; their texts come back in the next session.
    @Test func buffersSwitchAndComeBack() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let state = TemporaryDirectory("toondb-tmux-buffers")
            var t = try TmuxSession([db], environment: ["XDG_STATE_HOME=" + state.path])
            try t.waitFor("▸ users/")
            try t.keys("3")
            try t.type("SELECT 'first' AS a")
            try t.keys("C-t")
            try t.waitFor(" 3 Query 2/2 ")
            try t.type("SELECT 'second' AS b")
            try t.keys("M-1")
            var s = try t.waitFor(" 3 Query 1/2 ")
            #expect(s.contains("sql> SELECT 'first' AS a"))
            try t.keys("M-2")
            s = try t.waitFor("sql> SELECT 'second' AS b")
            try t.keys("Escape", "q")
            #expect(try t.waitForExit())
            t = try TmuxSession([db], environment: ["XDG_STATE_HOME=" + state.path])
            try t.waitFor(" 3 Query 1/2 ")
            try t.waitFor("sql> SELECT 'first' AS a")
            try t.keys("3", "M-2")
            try t.waitFor("sql> SELECT 'second' AS b")
            try t.keys("Escape", "q")
            #expect(try t.waitForExit())
        }
    }
}
