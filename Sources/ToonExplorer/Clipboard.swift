import Foundation

/// The local clipboard tool `y`/`Y` use after OSC 52 (which needs a
/// terminal that honours it): the first of `wl-copy` (Wayland),
/// `xclip -selection clipboard`, `xsel --clipboard --input` (X11) and
/// `pbcopy` (macOS) found on `PATH` whose display is there. Copying never
/// throws: a missing or failing tool is reported, not fatal.
package struct Clipboard: Sendable {
    /// A clipboard tool: its name, where it is, and its arguments.
    package struct Tool: Sendable, Equatable {
        package var name: String
        package var path: String
        package var arguments: [String]
    }

    /// The environment the tool is looked up in and runs with.
    package let environment: [String: String]

    /// A clipboard over `environment` (the process's by default).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The candidates in order of preference, with the variable each needs set.
    static let candidates: [(name: String, arguments: [String], needs: String?)] = [
        ("wl-copy", [], "WAYLAND_DISPLAY"),
        ("xclip", ["-selection", "clipboard"], "DISPLAY"),
        ("xsel", ["--clipboard", "--input"], "DISPLAY"),
        ("pbcopy", [], nil),
    ]

    /// The tool to use, or nil when none exists.
    package var tool: Tool? {
        let dirs = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for c in Self.candidates {
            if let v = c.needs, (environment[v] ?? "").isEmpty { continue }
            for d in dirs {
                let path = d + "/" + c.name
                if FileManager.default.isExecutableFile(atPath: path) { return Tool(name: c.name, path: path, arguments: c.arguments) }
            }
        }
        return nil
    }

    /// Gives `text` to the tool. Returns the tool's name on success, or a
    /// short reason ("no clipboard tool found", "xclip failed (status 1)").
    package func copy(_ text: String, timeout: Double = 3) -> (copied: Bool, how: String) {
        guard let tool else { return (false, "no clipboard tool found") }
        // The text goes in through a private file, not a pipe: no SIGPIPE if the tool dies early.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("toondb-clip-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              let input = FileHandle(forReadingAtPath: file) else {
            return (false, "\(tool.name) not used: cannot write a temporary file")
        }
        defer {
            try? input.close()
            try? FileManager.default.removeItem(atPath: file)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool.path)
        p.arguments = tool.arguments
        p.environment = environment
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (false, "\(tool.name) did not start") }
        let end = ContinuousClock.now + .seconds(timeout)
        while p.isRunning, ContinuousClock.now < end { usleep(5_000) }
        if p.isRunning {
            p.terminate()
            return (false, "\(tool.name) timed out")
        }
        if p.terminationStatus != 0 { return (false, "\(tool.name) failed (status \(p.terminationStatus))") }
        return (true, tool.name)
    }
}
