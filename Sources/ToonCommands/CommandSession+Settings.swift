import Foundation
import ToonDB

/// `.help`, `.mode`, `.timer`, `.read`, `.output`, `.open`.
extension CommandSession {
    func help(_ words: [String]) throws {
        guard let name = words.first else {
            let width = CommandRegistry.all.map(\.usage.count).filter { $0 <= 28 }.max() ?? 20
            var out = ""
            for c in CommandRegistry.all {
                let usage = c.usage.count <= width ? c.usage.padding(toLength: width, withPad: " ", startingAt: 0) : c.name.padding(toLength: width, withPad: " ", startingAt: 0)
                out += usage + "  " + c.summary + "\n"
            }
            out += "\nSQL statements end with a semicolon and may span lines. .help COMMAND describes one command.\n"
            write(out)
            return
        }
        guard words.count == 1, let command = CommandRegistry.command(name) else {
            let hint = CommandRegistry.closest(to: name).map { "did you mean \($0.name)?" } ?? ".help lists every command"
            throw ToonDBError(.invalidArgument, "no command named \(name)", remediation: hint)
        }
        write(command.helpText())
    }

    func setMode(_ command: DotCommand, _ words: [String]) throws {
        try expectArguments(command, words, 0...1)
        guard let name = words.first else { write(mode.rawValue + "\n"); return }
        guard let m = ResultFormat(rawValue: name.lowercased()) else {
            throw ToonDBError(.invalidArgument, "unknown mode \(name.debugDescription)",
                              remediation: "use one of \(ResultFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        mode = m
    }

    func setTimer(_ command: DotCommand, _ words: [String]) throws {
        try expectArguments(command, words, 1...1)
        switch words[0].lowercased() {
        case "on": timer = true
        case "off": timer = false
        default: throw ToonDBError(.invalidArgument, ".timer takes on or off, not \(words[0].debugDescription)")
        }
    }

    func read(_ path: String) throws -> Outcome {
        guard readDepth < 16 else {
            throw ToonDBError(.invalidArgument, ".read: files nested more than 16 deep", remediation: "check \(path) does not read itself")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToonDBError(.notFound, ".read: cannot read \(path.debugDescription)", remediation: "check the file exists and is readable")
        }
        readDepth += 1
        defer { readDepth -= 1 }
        let text = String(decoding: data, as: UTF8.self)
        var buffer = StatementBuffer()
        var number = 0
        func runUnit(_ unit: StatementBuffer.Unit) throws -> Outcome {
            do { return try run(unit) } catch let e as ToonDBError {
                throw ToonDBError(e.code, "\(path) line \(unit.line): \(e.message)", remediation: e.remediation)
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            for unit in buffer.append(String(line), line: number) where try runUnit(unit) == .quit { return .quit }
        }
        if let (unit, why) = buffer.finish() {
            if case .semicolon = why { return try runUnit(unit) }
            throw ToonDBError(.sqlSyntax, "\(path) line \(unit.line): \(Self.unfinishedMessage(why))")
        }
        return .proceed
    }

    /// Why a statement at the end of input cannot run, in words.
    package static func unfinishedMessage(_ why: StatementBuffer.Unfinished) -> String {
        switch why {
        case .quote(let q) where q == "'": return "unterminated string literal at end of input"
        case .quote(let q): return "unterminated quoted name (\(q)) at end of input"
        case .comment: return "unterminated /* comment at end of input"
        case .semicolon: return "incomplete statement at end of input"
        }
    }

    func setOutput(_ path: String?) throws {
        try? redirect?.close()
        redirect = nil
        guard let path else { return }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ToonDBError.io(".output: open", path: path, errno: errno)
        }
        redirect = handle
    }

    func open(_ path: String) throws {
        guard let opener else {
            throw ToonDBError(.invalidArgument, ".open is not available here")
        }
        if source.inTransaction {
            throw ToonDBError(.invalidArgument, ".open: a transaction is open", remediation: ".commit or .abort it first")
        }
        let old = source
        close(old)
        do {
            source = try opener(path)
        } catch {
            // Reopen what was open so the session stays usable.
            if let back = try? opener(old.location) { source = back }
            throw error
        }
    }

    /// Replaces the source (a host that opens databases itself).
    package func replaceSource(_ newSource: any DataSource) {
        source = newSource
    }
}
