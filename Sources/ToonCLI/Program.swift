import ArgumentParser
import Foundation
import ToonCore

/// An executable's name and the one way its failures reach the user: a
/// `ToonDBError` becomes exactly one line, `name: code: message (hint: …)`,
/// on standard error and exit status 1 (ARCHITECTURE.md, "Errors and exit status").
package struct Program: Sendable {
    /// The name the lines start with, e.g. `toondb-server`.
    package let name: String

    package init(_ name: String) { self.name = name }

    /// Writes `name: text` on standard error.
    package func complain(_ text: String) {
        Stdio.line("\(name): \(text)", to: .error)
    }

    /// Reports `error` in its one line; throw the result to exit with status 1.
    package func failure(_ error: ToonDBError) -> ExitCode {
        complain("\(error)")
        return .failure
    }

    /// Runs `body`; a `ToonDBError` from it becomes its one line and exit status 1
    /// (`ExitCode.failure`, which argument-parser turns into the status). Other errors pass through.
    package func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ToonDBError {
            throw failure(error)
        }
    }

    /// `run(_:)` for an asynchronous body.
    package func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ToonDBError {
            throw failure(error)
        }
    }

    /// A `main` for a command that maps its own command-line errors too: parses the
    /// arguments as `Command` and runs it, then exits.
    /// - A `ToonDBError`: its one line, status 1.
    /// - `--help`, `--version`: the text on standard output, status 0.
    /// - An `ExitCode` thrown by the command: that status, nothing printed.
    /// - A bad command line: one line, `name: usage: <what is wrong> (see name --help)`, and
    ///   status `usageStatus`, or argument-parser's (64) when nil.
    package func main<Command: ParsableCommand>(_ command: Command.Type, usageStatus: Int32? = nil) -> Never {
        do {
            var parsed = try Command.parseAsRoot()
            try parsed.run()
            exit(0)
        } catch let error as ToonDBError {
            _ = failure(error)
            exit(1)
        } catch {
            let code = Command.exitCode(for: error)
            if code == .success {
                print(Command.fullMessage(for: error))
                exit(0)
            }
            if error is ExitCode { exit(code.rawValue) }
            let first = Command.fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            let text = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
            complain("usage: \(text) (see \(name) --help)")
            exit(usageStatus ?? code.rawValue)
        }
    }
}
