import Foundation
import ToonDB

/// The console's state and the one place its input is executed: SQL
/// statements and dot-commands, run against a ``DataSource`` and printed in
/// the chosen ``ResultFormat`` (toondb(1), CONSOLE). It does no terminal I/O itself:
/// the host (the readline console, the explorer's `:` line, a test) gives it
/// complete units and a function that prints.
///
/// ```swift
/// let session = CommandSession(source: EmbeddedDataSource(db), standardOutput: { print($0, terminator: "") })
/// try session.run(".mode json")
/// try session.run("SELECT 1 AS one;")   // [{"one":1}]
/// ```
package final class CommandSession: @unchecked Sendable {
    /// What to do after a unit ran.
    package enum Outcome: Sendable, Equatable {
        /// Read more input.
        case proceed
        /// `.quit`: leave.
        case quit
    }

    /// Opens the database `.open PATH` names.
    package typealias Opener = (String) throws -> any DataSource

    /// The database the commands act on.
    package internal(set) var source: any DataSource
    /// How results are printed (`.mode`).
    package var mode: ResultFormat = .table
    /// Whether each unit's run time is printed (`.timer`).
    package var timer = false
    /// The values kept for SQL parameters by name as written (`.parameter`).
    package internal(set) var parameters: [String: SQLValue] = [:]
    /// Where output goes when `.output` has not redirected it.
    package let standardOutput: (String) -> Void
    let opener: Opener?
    let closer: ((any DataSource) throws -> Void)?
    var redirect: FileHandle?
    var readDepth = 0

    /// A session on `source`, printing through `standardOutput`. `opener`
    /// makes `.open` work, and `closer` closes a source `.open` replaces.
    package init(source: any DataSource, standardOutput: @escaping (String) -> Void,
                opener: Opener? = nil, closer: ((any DataSource) throws -> Void)? = nil) {
        self.source = source
        self.standardOutput = standardOutput
        self.opener = opener
        self.closer = closer
    }

    deinit { try? redirect?.close() }

    /// Prints `text` where output goes now.
    /// Closes `old` through ``closer``; a failure (the final save) is printed
    /// as a warning, since the source is closed either way.
    func close(_ old: any DataSource) {
        do { try closer?(old) } catch { write("warning: closing \(old.location): \(error)\n") }
    }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        if let redirect { redirect.write(Data(text.utf8)) } else { standardOutput(text) }
    }

    /// Runs one unit from a ``StatementBuffer``.
    @discardableResult
    package func run(_ unit: StatementBuffer.Unit) throws -> Outcome {
        unit.isDotCommand ? try runDotCommand(unit.text) : try runSQL(unit.text)
    }

    /// Runs a dot-command line or SQL text (one or more statements).
    @discardableResult
    package func run(_ text: String) throws -> Outcome {
        let t = text.trimmingWhitespace()
        return t.hasPrefix(".") ? try runDotCommand(t) : try runSQL(t)
    }

    /// Runs SQL statements, printing each result in the current mode.
    @discardableResult
    package func runSQL(_ text: String) throws -> Outcome {
        for statement in StatementBuffer.statements(text) {
            try timed {
                let result = try source.executeSQL(statement, arguments: arguments(for: statement))
                guard !result.columns.isEmpty else { return }
                // A query plan reads as a tree in the text modes, as sqlite3 draws it.
                if mode == .table || mode == .box, let tree = result.resultSet().queryPlanTree() {
                    write("QUERY PLAN\n" + tree.map { $0 + "\n" }.joined())
                } else {
                    write(result.rendered(as: mode))
                }
            }
        }
        return .proceed
    }

    /// Runs `body`, printing its time afterwards when the timer is on.
    func timed(_ body: () throws -> Void) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        if timer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            write("Time: " + String(format: "%.3f", ms) + " ms\n")
        }
    }

    /// Prints a result set in the current mode.
    func emit(_ rows: ResultSet) {
        write(rows.rendered(as: mode))
    }

    /// Runs a dot-command line such as `.scan users/ 10`.
    @discardableResult
    package func runDotCommand(_ line: String) throws -> Outcome {
        let trimmed = line.trimmingWhitespace()
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = String(trimmed.dropFirst(name.count))
        guard let command = CommandRegistry.command(name) else {
            let hint = CommandRegistry.closest(to: name).map { "did you mean \($0.name)? .help lists every command" }
                ?? ".help lists every command"
            throw ToonDBError(.invalidArgument, "unknown command \(name)", remediation: hint)
        }
        if command.name == ".timer" { return try dispatch(command, rest) }
        var outcome = Outcome.proceed
        try timed { outcome = try dispatch(command, rest) }
        return outcome
    }

    private func dispatch(_ command: DotCommand, _ rest: String) throws -> Outcome {
        let restAfter: Int? = command.name == ".put" ? 1 : (command.name == ".insert" || command.name == ".parameter" ? 2 : nil)
        let words = try ArgumentTokenizer.split(rest, restAfter: restAfter)
        switch command.name {
        case ".help": try help(words)
        case ".quit", ".exit":
            try expectArguments(command, words, 0...0)
            return .quit
        case ".tables": try expectArguments(command, words, 0...0); try tables()
        case ".schema": try expectArguments(command, words, 0...1); try schema(words.first)
        case ".namespaces": try expectArguments(command, words, 0...0); try namespaces()
        case ".ns": try createNamespace(command, words)
        case ".collections": try expectArguments(command, words, 0...1); try collections(words.first)
        case ".collection": try createCollection(command, words)
        case ".insert": try insert(command, words)
        case ".search": try search(command, words)
        case ".get": try expectArguments(command, words, 1...1); try get(words[0])
        case ".put": try expectArguments(command, words, 2...2); try put(words[0], words[1])
        case ".del": try expectArguments(command, words, 1...1); try delete(words[0])
        case ".scan": try scan(command, words)
        case ".tree": try expectArguments(command, words, 0...1); try tree(words.first ?? "")
        case ".graph": try graph(command, words)
        case ".stats": try expectArguments(command, words, 0...0); try stats()
        case ".checkpoint": try expectArguments(command, words, 0...0); try source.checkpoint()
        case ".begin": try expectArguments(command, words, 0...0); _ = try source.executeSQL("BEGIN")
        case ".commit": try expectArguments(command, words, 0...0); _ = try source.executeSQL("COMMIT")
        case ".abort": try expectArguments(command, words, 0...0); _ = try source.executeSQL("ROLLBACK")
        case ".mode": try setMode(command, words)
        case ".timer": try setTimer(command, words)
        case ".parameter": try parameter(command, words)
        case ".read": try expectArguments(command, words, 1...1); return try read(words[0])
        case ".output": try expectArguments(command, words, 0...1); try setOutput(words.first)
        case ".open": try expectArguments(command, words, 1...1); try open(words[0])
        case ".backup": try expectArguments(command, words, 1...1); try backup(to: words[0])
        case ".restore": try expectArguments(command, words, 1...1); try restore(from: words[0])
        default:
            throw ToonDBError(.internalError, "\(command.name) is registered but has no implementation")
        }
        return .proceed
    }

    /// Throws a usage error unless `words` has a count in `range`.
    func expectArguments(_ command: DotCommand, _ words: [String], _ range: ClosedRange<Int>) throws {
        guard !range.contains(words.count) else { return }
        let what = words.count < range.lowerBound ? "needs more arguments" : "takes at most \(range.upperBound) argument\(range.upperBound == 1 ? "" : "s")"
        throw ToonDBError(.invalidArgument, "\(command.name) \(what)", remediation: "usage: \(command.usages.joined(separator: " or "))")
    }

    /// Closes a redirected output file and any other resource (the source is the host's to close).
    package func close() {
        try? redirect?.close()
        redirect = nil
    }
}
