@preconcurrency import CReadline
import Foundation
import ToonCommands

/// The only code that calls GNU readline (DESIGN: the TUI and the console).
/// It reads one line with editing, history (Up/Down, Control-R) and Tab
/// completion; Control-C empties the line; Control-X Control-E edits it in
/// `$VISUAL` or `$EDITOR`. readline keeps global state, so there is one
/// reader per process.
package final class LineReader: @unchecked Sendable {
    /// Offers completions: (word before the cursor, the line's text before that word) → candidates.
    package typealias CompletionProvider = (_ word: String, _ linePrefix: String) -> [String]

    nonisolated(unsafe) static var provider: CompletionProvider?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0

    /// Sets readline up: the application name `toondb` (for `$if toondb` in
    /// `~/.inputrc`), completion through `provider`, and `history` loaded.
    package init(history: [String], provider: @escaping CompletionProvider) {
        Self.provider = provider
        rl_readline_name = UnsafePointer(strdup("toondb"))
        rl_change_environment = 0
        rl_attempted_completion_function = { text, start, _ in
            LineReader.attemptCompletion(text, start)
        }
        // Words break at spaces, quotes and SQL punctuation, not at `.` or `/`
        // (dot-commands, table.column, key paths).
        rl_completer_word_break_characters = UnsafePointer(strdup(Completer.wordBreaks))
        rl_bind_keyseq("\\C-x\\C-e", { _, _ in LineReader.editInEditor() })
        Self.installInterruptHandling()
        using_history()
        for entry in history { add_history(entry) }
    }

    /// Reads a line with `prompt`; nil at end of input (Control-D on an empty
    /// line). A line cut short by Control-C comes back as ``Input/interrupted``.
    package func readLine(prompt: String) -> Input {
        Self.interrupted = 0
        guard let raw = readline(prompt) else { return .endOfInput }
        defer { free(raw) }
        if Self.interrupted != 0 {
            Self.interrupted = 0
            return .interrupted
        }
        return .line(String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self))
    }

    /// What ``readLine(prompt:)`` got.
    package enum Input: Equatable, Sendable {
        /// A line, without its newline.
        case line(String)
        /// Control-C: the line was discarded.
        case interrupted
        /// End of input.
        case endOfInput
    }

    /// Adds an entry to the in-memory history (Up/Down and Control-R find it).
    package func addHistory(_ entry: String) {
        add_history(entry)
    }

    /// The completions readline's generator hands out for `word` after `linePrefix`
    /// (what Tab offers), computed as the console does; for tests.
    package static func completions(word: String, linePrefix: String) -> [String] {
        guard let provider else { return [] }
        return provider(word, linePrefix)
    }

    /// What readline's completion returns for `word` at the start of the line:
    /// the common prefix first, then each match (as `rl_completion_matches` gives them); for tests.
    package static func readlineMatches(_ word: String) -> [String] {
        guard let list = word.withCString({ attemptCompletion($0, 0) }) else { return [] }
        defer { free(list) }
        var out: [String] = []
        var i = 0
        while let p = list[i] {
            out.append(String(cString: p))
            free(p)
            i += 1
        }
        return out
    }

    // MARK: completion

    private static func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        let word = text.map { String(cString: $0) } ?? ""
        var prefix = ""
        if let line = rl_line_buffer, start > 0 {
            prefix = String(decoding: UnsafeRawBufferPointer(start: line, count: Int(start)), as: UTF8.self)
        }
        matches = provider?(word, prefix) ?? []
        matchIndex = 0
        if !matches.isEmpty, matches.allSatisfy({ $0.hasSuffix("/") }) { rl_completion_append_character = 0 }
        let empty: StaticString = ""
        return rl_completion_matches(text ?? UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self), { _, state in
            if state == 0 { LineReader.matchIndex = 0 }
            guard LineReader.matchIndex < LineReader.matches.count else { return nil }
            defer { LineReader.matchIndex += 1 }
            return strdup(LineReader.matches[LineReader.matchIndex])
        })
    }

    // MARK: Control-C

    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0

    private static func installInterruptHandling() {
        signal(SIGINT) { _ in LineReader.interrupted = 1 }
        rl_signal_event_hook = {
            if LineReader.interrupted != 0 {
                rl_replace_line("", 0)
                rl_done = 1
            }
            return 0
        }
    }

    // MARK: Control-X Control-E

    private static func editInEditor() -> Int32 {
        let env = ProcessInfo.processInfo.environment
        let editor = env["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
        let path = NSTemporaryDirectory() + "toondb-edit-\(getpid()).sql"
        let current = rl_line_buffer.map { String(cString: $0) } ?? ""
        guard FileManager.default.createFile(atPath: path, contents: Data(current.utf8), attributes: [.posixPermissions: 0o600]) else { return 0 }
        defer { unlink(path) }
        rl_deprep_terminal()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", editor + " \"$1\"", "sh", path]
        try? p.run()
        p.waitUntilExit()
        rl_prep_terminal(1)
        if let data = FileManager.default.contents(atPath: path) {
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") { text.removeLast() }
            rl_replace_line(text, 0)
            rl_point = rl_end
        }
        rl_forced_update_display()
        return 0
    }
}
