import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonExplorer

/// `$EDITOR` (Ctrl-X Ctrl-E, `e`) and the clipboard tools (`y`, `Y`), with
/// small scripts standing in for the real programs.
@Suite struct ExternalToolTests {
    static let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"

    /// An editor that keeps what it was given in `$SEEN` and saves a new statement.
    static func rewritingEditor(_ dir: TemporaryDirectory) -> String {
        script(dir, "editor", #"cat "$1" > "$SEEN"; printf 'SELECT count(*) AS n FROM books;\n' > "$1""#)
    }

    @Test func externalEditorReturnsWhatWasSavedAndPrefersVisual() throws {
        let dir = TemporaryDirectory("toondb-editor")
        let editor = Self.rewritingEditor(dir)
        let failing = script(dir, "failing", "exit 3")
        let seen = dir.file("seen")
        #expect(ExternalEditor.edit("x", suffix: "sql", environment: ["EDITOR": editor, "PATH": Self.path, "SEEN": seen])
            == "SELECT count(*) AS n FROM books;\n")
        #expect(FileManager.default.contents(atPath: seen) == Data("x".utf8))
        #expect(ExternalEditor.edit("x", environment: ["VISUAL": failing, "EDITOR": editor, "PATH": Self.path]) == nil)
        #expect(ExternalEditor.command([:]) == "vi")
        #expect(ExternalEditor.command(["EDITOR": "", "VISUAL": ""]) == "vi")
        // The file is private and named for the syntax.
        let probe = script(dir, "probe", #"printf '%s %s' "${1##*.}" "$(stat -c %a "$1")" > "$1""#)
        #expect(ExternalEditor.edit("", suffix: "json", environment: ["EDITOR": probe, "PATH": Self.path]) == "json 600")
    }

    @Test func ctrlXCtrlEReplacesTheQueryBuffer() throws {
        let dir = TemporaryDirectory("toondb-editor")
        let seen = dir.file("seen")
        let env = ["EDITOR": Self.rewritingEditor(dir), "PATH": Self.path, "SEEN": seen]
        let f = try DemoFixture()
        f.explorer.editExternally = { text, suffix in ExternalEditor.edit(text, suffix: suffix, environment: env) }
        f.keys(.char("3"))
        #expect(f.explorer.state.query.editing)
        f.type("SELECT 1")
        f.keys(.ctrl("x"))
        #expect(f.explorer.state.pendingKey == .ctrl("x"))
        f.keys(.ctrl("e"))
        #expect(f.explorer.state.query.editor.text == "SELECT count(*) AS n FROM books;")
        #expect(FileManager.default.contents(atPath: seen) == Data("SELECT 1".utf8))
        #expect(f.explorer.state.message == "text replaced from the editor")
        f.keys(.function(5))
        f.explorer.waitForQuery()
        #expect(f.explorer.state.query.error == nil)
        #expect(f.explorer.state.query.output?.rows == [[.int(9)]])
        // Ctrl-X then another key does nothing and types nothing.
        f.keys(.char("i"), .ctrl("x"), .char("k"))
        #expect(f.explorer.state.query.editor.text.hasSuffix("FROM books;"))
        #expect(f.explorer.state.message?.contains("Ctrl-X k does nothing") == true)
        // A failing editor leaves the buffer alone.
        f.explorer.editExternally = { _, _ in nil }
        f.keys(.ctrl("x"), .ctrl("e"))
        #expect(f.explorer.state.query.editor.text.hasSuffix("FROM books;"))
        #expect(f.explorer.state.messageIsError)
    }

    @Test func eEditsAValueThroughTheSameEditorAfterConfirmation() throws {
        let dir = TemporaryDirectory("toondb-editor")
        let env = ["EDITOR": script(dir, "editor", #"printf 'new@example.com' > "$1""#), "PATH": Self.path]
        let f = try DemoFixture()
        f.explorer.editExternally = { text, suffix in ExternalEditor.edit(text, suffix: suffix, environment: env) }
        f.explorer.goto("users/alice/email")
        f.keys(.char("2"), .char("e"))
        #expect(f.screen().contains("Save the edited value of users/alice/email? (y/n)"))
        f.keys(.char("y"))
        #expect(try f.database.getPath("users/alice/email") == Array("new@example.com".utf8))
    }

    @Test func clipboardToolIsChosenByDisplayAndPath() throws {
        let dir = TemporaryDirectory("toondb-clip")
        script(dir, "xclip", #"echo "$@" > "$CLIP_OUT.args"; cat > "$CLIP_OUT""#)
        script(dir, "wl-copy", #"cat > "$CLIP_OUT.wl""#)
        let out = dir.file("clip")
        let base = ["PATH": dir.path + ":" + Self.path, "CLIP_OUT": out]
        let x11 = Clipboard(environment: base.merging(["DISPLAY": ":0"]) { $1 })
        #expect(x11.tool?.name == "xclip")
        #expect(x11.tool?.arguments == ["-selection", "clipboard"])
        let r = x11.copy("héllo 東京\n")
        #expect(r.copied && r.how == "xclip")
        #expect(FileManager.default.contents(atPath: out).map { String(decoding: $0, as: UTF8.self) } == "héllo 東京\n")
        #expect(FileManager.default.contents(atPath: out + ".args").map { String(decoding: $0, as: UTF8.self) } == "-selection clipboard\n")
        // Wayland first when its display is there.
        let both = Clipboard(environment: base.merging(["DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"]) { $1 })
        #expect(both.tool?.name == "wl-copy")
        // No display, no tool on PATH: nothing is run, nothing crashes.
        let none = Clipboard(environment: ["PATH": dir.path])
        #expect(none.tool == nil)
        #expect(none.copy("x") == (false, "no clipboard tool found"))
        #expect(Clipboard(environment: [:]).tool == nil)
        // A tool that fails is reported.
        let broken = TemporaryDirectory("toondb-clip")
        script(broken, "xsel", "exit 4")
        let failing = Clipboard(environment: ["PATH": broken.path, "DISPLAY": ":0"])
        #expect(failing.copy("x") == (false, "xsel failed (status 4)"))
    }

    @Test func yAndYSayHowTheyCopied() throws {
        let dir = TemporaryDirectory("toondb-clip")
        script(dir, "xclip", #"cat > "$CLIP_OUT""#)
        let out = dir.file("clip")
        let osc = Locked<[String]>([])
        let f = try DemoFixture()
        f.explorer.copyToClipboard = ExplorerApp.copier(
            osc52: { text in osc.set(osc.get() + [text]) },
            clipboard: Clipboard(environment: ["PATH": dir.path + ":" + Self.path, "DISPLAY": ":0", "CLIP_OUT": out]))
        f.explorer.goto("users/alice/email")
        f.keys(.char("y"))
        #expect(f.explorer.state.message == "copied the value (17 bytes) via OSC 52 and xclip")
        #expect(FileManager.default.contents(atPath: out) == Data("alice@example.com".utf8))
        f.keys(.char("Y"))
        #expect(osc.get() == ["alice@example.com", "users/alice/email"])
        // Without a tool, OSC 52 alone, and the status says so.
        f.explorer.copyToClipboard = ExplorerApp.copier(osc52: { _ in }, clipboard: Clipboard(environment: ["PATH": ""]))
        f.keys(.char("y"))
        #expect(f.explorer.state.message == "copied the value (17 bytes) via OSC 52 (no clipboard tool found)")
    }
}
