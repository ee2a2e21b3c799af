import Foundation
import ToonCommands
import ToonDB

/// The console's loop (toondb(1), CONSOLE): interactive with readline when standard
/// input is a terminal, batch otherwise. It feeds input lines to a
/// ``StatementBuffer`` and complete units to a ``CommandSession``; errors go
/// to standard error, results to standard output as soon as they are made.
package final class Console: @unchecked Sendable {
    /// The session that runs what is typed.
    package let session: CommandSession
    /// The persistent history, or nil when it is off.
    package let history: HistoryStore?
    /// Exit with status 1 at the first error (batch mode).
    package var bail = false
    /// The first line of the interactive console.
    package var banner: String?

    /// A console running `session`, keeping `history`.
    package init(session: CommandSession, history: HistoryStore?) {
        self.session = session
        self.history = history
    }

    /// Writes bytes to a file descriptor in full.
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                let n = Foundation.write(fd, p.baseAddress! + done, p.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    /// Prints an error on standard error, with the input line when there is one.
    func report(_ error: Error, line: Int?) {
        let text: String
        if let e = error as? ToonDBError { text = e.description } else { text = "\(error)" }
        Self.write("toondb: " + (line.map { "line \($0): " } ?? "") + text + "\n", to: 2)
    }

    /// Prints a warning on standard error.
    func warn(_ text: String) {
        Self.write("toondb: warning: " + text + "\n", to: 2)
    }

    // MARK: interactive

    /// Runs the interactive console until `.quit` or end of input; returns the exit status.
    package func runInteractive() -> Int32 {
        if let problem = history?.problem { warn(problem) }
        var warnedSave = history?.problem != nil
        var buffer = StatementBuffer()
        let reader = LineReader(history: history?.entries ?? []) { [session] word, prefix in
            Completer(source: session.source).candidates(word: word, linePrefix: prefix, pending: buffer.pendingText)
        }
        if let banner { Self.write(banner + "\n", to: 1) }
        var lineNumber = 0
        var statementLines: [String] = []
        while true {
            let prompt = buffer.isEmpty ? (session.source.inTransaction ? "toondb*> " : "toondb> ") : "   ...> "
            let input = reader.readLine(prompt: prompt)
            let line: String
            switch input {
            case .endOfInput:
                if let (unit, why) = buffer.finish() {
                    if case .semicolon = why { _ = runOne(unit, line: nil) }
                    else { report(ToonDBError(.sqlSyntax, CommandSession.unfinishedMessage(why)), line: nil) }
                }
                Self.write("\n", to: 1)
                return 0
            case .interrupted:
                buffer.clear()
                statementLines = []
                Self.write("^C\n", to: 1)
                continue
            case .line(let l): line = l
            }
            lineNumber += 1
            statementLines.append(line)
            let units = buffer.append(line, line: lineNumber)
            if !units.isEmpty || buffer.isEmpty {
                // One history entry per complete statement, its lines kept.
                let entry = statementLines.joined(separator: "\n").trimmingCharacters(in: .newlines)
                statementLines = buffer.isEmpty ? [] : [buffer.pendingText]
                if let history, history.add(entry) {
                    reader.addHistory(entry.trimmingTrailingSpaces())
                    if let problem = history.save(), !warnedSave { warn(problem); warnedSave = true }
                } else if history == nil, !entry.isEmpty, entry.first != " " {
                    reader.addHistory(entry)
                }
            }
            for unit in units where runOne(unit, line: nil) == .quit { return 0 }
        }
    }

    /// Runs one unit, reporting an error; returns `.quit` when it asks to leave.
    private func runOne(_ unit: StatementBuffer.Unit, line: Int?) -> CommandSession.Outcome {
        do { return try session.run(unit) } catch {
            report(error, line: line)
            return .proceed
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
