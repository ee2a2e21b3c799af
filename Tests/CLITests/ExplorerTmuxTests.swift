import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Drives the real `toondb` explorer in a detached tmux session: keys go in
/// with `send-keys`, the screen comes back with `capture-pane -p`. Each
/// step polls the screen until the text it expects appears (or times out).
final class TmuxSession: @unchecked Sendable {
    let name = "toondb-test-\(UUID().uuidString.prefix(8))"
    /// The explorer's state directory (query buffers), private to the session unless the test names one.
    let stateDirectory = TemporaryDirectory("toondb-tmux-state")
    /// The tmux program.
    let program: String

    /// Runs `toondb arguments` with `environment` (`NAME=value` entries) added.
    /// With `showExitStatus`, the exit status is printed when the command ends;
    /// `standardInput` is a file to read standard input from instead of the terminal.
    init(_ arguments: [String], width: Int = 120, height: Int = 40, environment: [String] = [],
         showExitStatus: Bool = false, standardInput: String? = nil) throws {
        program = try RequiredTool.tmux.require()
        // LINES and COLUMNS from the test's environment would pin ncurses to one size.
        let quote = { (word: String) in "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = (["env", "-u", "LINES", "-u", "COLUMNS", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "NO_COLOR=",
                        "TOONDB_HISTORY=/dev/null", "XDG_CONFIG_HOME=/nonexistent", "XDG_STATE_HOME=" + stateDirectory.path] + environment
                       + [Binaries.path("toondb")] + arguments)
            .map(quote).joined(separator: " ") + (standardInput.map { " < " + quote($0) } ?? "")
        // The first command starts this session's own tmux server. Foundation's
        // Process does not always notice that the client which forked the server
        // has exited (the wait hangs), and the server would keep inherited pipes
        // open: so a plain posix_spawn with /dev/null for output, and waitpid.
        let tail = showExitStatus ? "; echo \"exit status $?\"; sleep 30" : "; sleep 30"
        let argv = ["tmux", "-L", name, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command + tail]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // The test runner's threads block signals; the server (and so the explorer,
        // which needs SIGWINCH) must not inherit that mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    deinit { _ = try? tmux(["kill-session", "-t", name]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try RawProcess.run(program, ["-L", name] + args, stdin: nil, environment: [:])
        return r.stdoutText
    }

    /// Sends keys by tmux name (`Enter`, `C-c`, `j`).
    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits until the screen contains `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
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

    /// The process id of `toondb` in the pane: the child of the pane's shell.
    func toondbProcessID() throws -> pid_t? {
        let shell = try tmux(["list-panes", "-t", name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = pid_t(entry), let stat = ProcessStat(pid: pid) else { continue }
            if String(stat.parent) == shell && stat.command == "toondb" { return pid }
        }
        return nil
    }

    /// Waits until the explorer has exited: the pane shows the shell's
    /// `sleep`, no border, and the `toondb` process is gone, so the database's
    /// lock is free (it closes the database after the screen).
    func waitForExit(timeout: Double = 10) throws -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if !(try screen()).contains("1 Keys"), try toondbProcessID() == nil { return true }
            usleep(50_000)
        }
        return false
    }
}

/// The fields of `/proc/PID/stat` the tests read (proc(5)).
struct ProcessStat {
    let command: String
    let parent: pid_t
    /// User plus system CPU time, in seconds.
    let cpuSeconds: Double

    init?(pid: pid_t) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm) ": state, ppid, … utime and stime are the 12th and 13th fields.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let ppid = pid_t(fields[1]), let utime = Double(fields[11]), let stime = Double(fields[12]) else {
            return nil
        }
        command = String(text[text.index(after: open)..<close])
        parent = ppid
        cpuSeconds = (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason))
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

    /// Ctrl-X Ctrl-E through a scripted $EDITOR, Enter on a cell, y through a
    /// fake xclip, the graph's node types, and the mouse wheel.
    @Test func editorCellViewClipboardGraphAndWheel() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let dir = TemporaryDirectory("toondb-tmux-tools")
            let editor = dir.file("editor")
            FileManager.default.createFile(atPath: editor, contents: Data(
                "#!/bin/sh\nprintf 'SELECT title, notes FROM books ORDER BY id;\\n' > \"$1\"\n".utf8), attributes: [.posixPermissions: 0o755])
            FileManager.default.createFile(atPath: dir.file("xclip"), contents: Data("#!/bin/sh\ncat > \"$CLIP_OUT\"\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
            let clip = dir.file("clip")
            let path = dir.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let t = try TmuxSession([db], environment: ["EDITOR=" + editor, "VISUAL=", "PATH=" + path, "DISPLAY=:99",
                                                        "WAYLAND_DISPLAY=", "CLIP_OUT=" + clip])
            try t.waitFor("▸ users/")
            // Ctrl-X Ctrl-E: the editor's text replaces the buffer; F5 runs it.
            try t.keys("3")
            try t.type("SELECT 1")
            try t.keys("C-x", "C-e")
            try t.waitFor("text replaced from the editor")
            try t.waitFor("sql> SELECT title, notes FROM books ORDER BY id;")
            try t.keys("F5")
            try t.waitFor("9 rows ·")
            // Enter shows the selected cell in full; Esc goes back.
            try t.keys("l", "Enter")
            try t.waitFor("notes · row 1")
            try t.waitFor("Esc closes")
            try t.keys("Escape")
            try t.waitFor("Enter shows the cell")
            // y copies through OSC 52 and the (fake) xclip, and says so.
            try t.type(":")
            try t.type("goto users/alice/email")
            try t.keys("Enter")
            try t.waitFor("alice@example.com")
            try t.keys("y")
            try t.waitFor("via OSC 52 and xclip")
            #expect(FileManager.default.contents(atPath: clip) == Data("alice@example.com".utf8))
            // The graph pane shows node types.
            try t.keys("G")
            try t.waitFor("▸ ▦ tables")
            try t.keys("k", "l", "j", "l", "j", "j", "l", "j", "Enter")
            try t.waitFor("neighbourhood of ")
            try t.waitFor(" : person")
            // The wheel (SGR mouse report, as xterm sends it) scrolls the keys pane.
            try t.keys("1", "g")
            try t.waitFor("1 Keys 1/")
            try t.type("\u{1B}[<65;5;5M")
            try t.waitFor("1 Keys 4/")
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

    @Test func aForeignDirectoryOrALockedDatabaseIsReportedBeforeTheScreenOpens() throws {
        let foreign = TemporaryDirectory("toondb-tmux-foreign")
        try "notes".write(toFile: foreign.file("notes.txt"), atomically: true, encoding: .utf8)
        let t = try TmuxSession([foreign.path], showExitStatus: true)
        let s = try t.waitFor("exit status 1")
        #expect(s.contains("is not a ToonDB database"))
        #expect(!s.contains("1 Keys"))
        try withDatabase("locked") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let holder = try Database.open(db)
            defer { try? holder.close() }
            let t = try TmuxSession([db], showExitStatus: true)
            let s = try t.waitFor("exit status 1")
            #expect(s.contains("locked") && s.contains("process \(getpid())"), "\(s)")
            #expect(!s.contains("1 Keys"))
        }
    }

    @Test func aMissingPathIsCreatedOnlyAfterAYesOnTheTerminal() throws {
        try withDatabase("new") { db in
            let no = try TmuxSession([db], showExitStatus: true)
            try no.waitFor("create \(db)? [y/N]")
            try no.type("n")
            try no.keys("Enter")
            let s = try no.waitFor("exit status 1")
            #expect(s.contains("no database at \(db); not created"), "\(s)")
            #expect(!FileManager.default.fileExists(atPath: db))

            let readOnly = try TmuxSession([db, "--read-only"], showExitStatus: true)
            #expect(try readOnly.waitFor("exit status 1").contains("no database at \(db)"))
            #expect(!FileManager.default.fileExists(atPath: db), "--read-only never creates")

            let yes = try TmuxSession([db])
            try yes.waitFor("create \(db)? [y/N]")
            try yes.type("y")
            try yes.keys("Enter")
            try yes.waitFor("1 Keys")
            try yes.keys("q")
            #expect(try yes.waitForExit())
            #expect(FileManager.default.fileExists(atPath: db + "/MANIFEST"))
        }
    }

    /// Between events the explorer sleeps in poll(2): idle for 10 s on its
    /// first screen, it uses under 50 ms of CPU (it used about 8 % of a core
    /// when it woke every 100 ms). A query's result still shows at once.
    @Test func anIdleExplorerUsesNoCPU() throws {
        try withDatabase("demo") { db in
            #expect(try CLI.run(["demo", db, "--no-open"]).status == 0)
            let t = try TmuxSession([db])
            try t.waitFor("▸ users/")
            let pid = try #require(try t.toondbProcessID(), "no toondb process in the pane")
            sleep(1)
            let before = try #require(ProcessStat(pid: pid)).cpuSeconds
            sleep(10)
            let used = try #require(ProcessStat(pid: pid)).cpuSeconds - before
            #expect(used < 0.05, "an idle explorer used \(Int(used * 1000)) ms of CPU in 10 s")
            try t.keys("3")
            try t.type("SELECT 41 + 1 AS answer")
            try t.keys("\\;", "Enter")
            try t.waitFor("1 row ·")
            try t.keys("q")
            #expect(try t.waitForExit())
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
