import Foundation
import ToonCommands
import ToonDB

/// Runs the explorer on the terminal: picks the theme, starts the
/// ``Terminal``, and loops input → ``Explorer`` → screen until quit.
package enum ExplorerApp {
    /// Chooses the theme: `--theme`, else the config's, else monochrome under
    /// `NO_COLOR`, else default-dark (the built-in theme when no file is found).
    package static func chooseTheme(flag: String?, config: ExplorerConfig, loader: ThemeLoader,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        if let name = flag ?? config.theme { return try loader.load(named: name) }
        if let nc = environment["NO_COLOR"], !nc.isEmpty {
            return (try? loader.load(named: "monochrome")) ?? .monochrome
        }
        return (try? loader.load(named: "default-dark")) ?? .builtIn
    }

    /// What `y`/`Y` do: OSC 52 through the terminal first, then the local
    /// clipboard tool when there is one; returns how, for the status line.
    package static func copier(osc52: @escaping @Sendable (String) -> Void, clipboard: Clipboard) -> @Sendable (String) -> String {
        { text in
            osc52(text)
            let local = clipboard.copy(text)
            return local.copied ? "OSC 52 and \(local.how)" : "OSC 52 (\(local.how))"
        }
    }

    /// The query history the explorer shares with the console (toondb(1), FILES):
    /// the console's ``HistoryStore`` at the path it resolves, `history_file`
    /// taken from `config`; a store without a path when history is off.
    static func historyStore(config: ExplorerConfig,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryStore {
        HistoryStore(path: HistoryStore.resolvePath(environment: environment, configHistoryFile: config.historyFile))
    }

    /// Saves the statements the query pane ran (`added`, oldest first) through
    /// `store`, which appends them to what the file holds now; returns what to
    /// warn about: the file could not be read or written.
    @discardableResult
    static func saveHistory(_ added: [String], to store: HistoryStore) -> String? {
        for entry in added { store.add(entry) }
        return store.save() ?? store.problem
    }

    /// Runs the explorer until the user quits.
    package static func run(source: DataSource, theme: Theme, config: ExplorerConfig, runner: CommandRunner? = nil) throws {
        let history = historyStore(config: config)
        let explorer = Explorer(source: source, runner: runner, history: history.entries)
        explorer.state.mouseEnabled = config.mouse
        explorer.state.completionEnabled = config.completion
        explorer.state.editorMode = config.editorMode
        let buffers = QueryBufferStore(path: QueryBufferStore.resolvePath(environment: ProcessInfo.processInfo.environment))
        explorer.state.restoreBuffers(buffers.load())
        let terminal = try Terminal(theme: theme)
        defer { terminal.close() }
        terminal.setMouse(config.mouse)
        explorer.copyToClipboard = copier(osc52: { [terminal] in terminal.copy($0) }, clipboard: Clipboard())
        explorer.editExternally = { text, suffix in terminal.suspended { ExternalEditor.edit(text, suffix: suffix) } }
        var mouse = config.mouse
        var (w, h) = terminal.size
        explorer.state.screenWidth = w
        explorer.state.screenHeight = h
        while !explorer.state.quitRequested {
            var screen = Screen(width: w, height: h)
            explorer.render(into: &screen)
            terminal.draw(screen)
            let event = terminal.read(timeout: explorer.idleTimeout, wake: explorer.wakeDescriptor)
            if case .resize(let nw, let nh) = event { (w, h) = (nw, nh) }
            if case .key(.char("q")) = event, !Layout(width: w, height: h, state: explorer.state).fits {
                break
            }
            explorer.handle(event)
            if explorer.state.mouseEnabled != mouse {
                mouse = explorer.state.mouseEnabled
                terminal.setMouse(mouse)
            }
        }
        terminal.close()
        if let problem = saveHistory(explorer.state.query.history.added, to: history) {
            FileHandle.standardError.write(Data("toondb: warning: \(problem)\n".utf8))
        }
        if let problem = buffers.save(explorer.state.bufferTexts) {
            FileHandle.standardError.write(Data("toondb: warning: \(problem)\n".utf8))
        }
    }
}

/// Opens text in `$VISUAL`/`$EDITOR` (else `vi`) through a private
/// temporary file, and returns what was saved (nil when the editor fails).
/// The command is run by `sh`, so `EDITOR="code --wait"` works.
package enum ExternalEditor {
    /// The editor command `environment` names.
    package static func command(_ environment: [String: String]) -> String {
        environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
    }

    /// Edits `text` in a file ending in `.suffix` (for the editor's syntax colouring).
    package static func edit(_ text: String, suffix: String = "txt",
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let editor = command(environment)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("toondb-edit-\(UUID().uuidString).\(suffix)").path
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return nil
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\(editor) \"$1\"", "sh", file]
        p.environment = environment
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0, let d = FileManager.default.contents(atPath: file) else { return nil }
        return String(decoding: d, as: UTF8.self)
    }
}
