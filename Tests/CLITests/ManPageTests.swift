import Foundation
import Testing
import ToonTestSupport

/// `Man/toondb.1` documents the command as it is: every subcommand (`kv get`,
/// `sql`, …) and every long flag the parser accepts, and nothing it does not
/// (as the page's header comment requires).
@Suite struct ManPageTests {
    /// The subcommand names listed under `SUBCOMMANDS:` in a help text.
    static func subcommands(inHelp help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            // A name line is indented by two spaces; wrapped abstracts are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   "),
                  let name = line.split(separator: " ").first else { continue }
            names.append(String(name))
        }
        return names
    }

    /// Every `--long-flag` in a text.
    static func longFlags(in text: String) -> Set<String> {
        var flags: Set<String> = []
        let pattern = try! NSRegularExpression(pattern: #"(?<![\w-])--([a-z][a-z0-9-]*)"#)
        let ns = text as NSString
        for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            flags.insert(ns.substring(with: m.range(at: 1)))
        }
        return flags
    }

    /// The man page's source.
    static func manSource() throws -> String {
        try String(contentsOfFile: CLI.manPage, encoding: .utf8)
    }

    /// What the parser offers: every runnable subcommand (`kv get`, `sql`, …),
    /// and the long flags of `toondb`, of each command group and of each subcommand.
    static func cliSurface() throws -> (subcommands: [String], flags: [String: Set<String>]) {
        let top = try CLI.run(["--help"])
        #expect(top.status == 0)
        var flags: [String: Set<String>] = ["toondb": longFlags(in: top.stdout)]
        var leaves: [String] = []
        for command in subcommands(inHelp: top.stdout) where command != "help" {
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help: \(help.stderr)")
            flags[command] = longFlags(in: help.stdout)
            let children = subcommands(inHelp: help.stdout)
            if children.isEmpty { leaves.append(command) }
            for child in children {
                let h = try CLI.run([command, child, "--help"])
                #expect(h.status == 0, "\(command) \(child) --help: \(h.stderr)")
                flags[command + " " + child] = longFlags(in: h.stdout)
                leaves.append(command + " " + child)
            }
        }
        return (leaves, flags)
    }

    @Test func helpListsTheExpectedSubcommands() throws {
        let (subs, flags) = try Self.cliSurface()
        // A sanity check of the help parsing itself, so the next tests cannot pass vacuously.
        #expect(Set(subs).isSuperset(of: ["kv get", "kv put", "kv delete", "kv scan", "kv tree", "sql"]), "parsed \(subs)")
        #expect(flags["kv put"]?.isSuperset(of: ["json", "sync", "help", "version"]) == true, "\(flags)")
        #expect(flags["kv tree"]?.isSuperset(of: ["limit", "depth"]) == true, "\(flags)")
    }

    @Test func manPageDocumentsEverySubcommand() throws {
        let source = try Self.manSource()
        for sub in try Self.cliSurface().subcommands {
            // In the SYNOPSIS and in the section describing it, as `.Cm NAME`.
            let uses = source.components(separatedBy: "\n").filter { $0 == ".Cm \(sub)" || $0.hasPrefix(".Cm \(sub) ") }
            #expect(uses.count >= 2, "Man/toondb.1 does not document `toondb \(sub)` (want `.Cm \(sub)` in SYNOPSIS and in its section)")
        }
    }

    @Test func manPageDocumentsEveryLongFlag() throws {
        let source = try Self.manSource()
        let documented = Self.documentedFlags(source)
        for (command, flags) in try Self.cliSurface().flags {
            for flag in flags.sorted() {
                #expect(documented.contains(flag), "`\(command)` accepts --\(flag), which Man/toondb.1 does not document as `Fl -\(flag)`")
            }
        }
    }

    @Test func manPageDocumentsNoFlagOrSubcommandTheCommandLacks() throws {
        let source = try Self.manSource()
        let surface = try Self.cliSurface()
        let accepted = surface.flags.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for flag in Self.documentedFlags(source).sorted() {
            #expect(accepted.contains(flag), "Man/toondb.1 documents --\(flag), which no command accepts")
        }
        // Synopsis lines name the commands: `.Nm toondb` followed by `.Cm NAME`.
        let lines = source.components(separatedBy: "\n")
        let documentedSubs = Set(zip(lines, lines.dropFirst()).compactMap { pair -> String? in
            guard pair.0 == ".Nm toondb", pair.1.hasPrefix(".Cm ") else { return nil }
            return String(pair.1.dropFirst(".Cm ".count))
        })
        for sub in documentedSubs.sorted() {
            #expect(surface.subcommands.contains(sub), "Man/toondb.1 documents `toondb \(sub)`, which does not exist")
        }
    }

    /// The long flags the page marks up with `Fl -NAME`.
    static func documentedFlags(_ source: String) -> Set<String> {
        var flags: Set<String> = []
        let pattern = try! NSRegularExpression(pattern: #"\bFl -([a-z][a-z0-9-]*)"#)
        let ns = source as NSString
        for m in pattern.matches(in: source, range: NSRange(location: 0, length: ns.length)) {
            flags.insert(ns.substring(with: m.range(at: 1)))
        }
        return flags
    }

    @Test func manPageHasTheRequiredSections() throws {
        let source = try Self.manSource()
        let sections = source.components(separatedBy: "\n").filter { $0.hasPrefix(".Sh ") }.map { String($0.dropFirst(4)) }
        for required in ["NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(sections.contains(required), "missing section \(required); has \(sections)")
        }
        #expect(source.contains(".Dt TOONDB 1"))
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func mandocLintReportsNothing() throws {
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "lint", "-W", "warning", CLI.manPage])
        #expect(r.stdoutText.isEmpty && r.stderrText.isEmpty,
                "mandoc -T lint -W warning Man/toondb.1:\n\(r.stdoutText)\(r.stderrText)")
        #expect(r.status == 0)
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func renderedPageShowsEveryFlagAndSubcommand() throws {
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "ascii", CLI.manPage])
        #expect(r.status == 0)
        // Undo the overstrike (`c BACKSPACE c`, `_ BACKSPACE c`) of bold and underlined text.
        var text = ""
        for ch in r.stdoutText.unicodeScalars {
            if ch == "\u{08}" { if !text.isEmpty { text.removeLast() } } else { text.unicodeScalars.append(ch) }
        }
        let surface = try Self.cliSurface()
        for sub in surface.subcommands {
            #expect(text.contains("toondb \(sub)"), "rendered page lacks `toondb \(sub)`")
        }
        for flag in surface.flags.values.reduce(into: Set<String>(), { $0.formUnion($1) }) {
            #expect(text.contains("--\(flag)"), "rendered page lacks --\(flag)")
        }
    }

    // MARK: dot-commands

    /// The dot-commands the console accepts, from its `.help` listing.
    static func consoleCommands() throws -> [String] {
        try withDatabase { db in
            let r = try CLI.run(["shell", "--create", db], stdin: ".help\n")
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("."), let name = line.split(separator: " ").first else { return nil }
                return String(name)
            }
        }
    }

    @Test func manPageDocumentsEveryDotCommandAndNoOther() throws {
        let source = try Self.manSource()
        let commands = try Self.consoleCommands()
        #expect(commands.count >= 26, "parsed \(commands)")
        let documented = Set(source.components(separatedBy: "\n").compactMap { line -> String? in
            guard line.hasPrefix(".It Ic ."), let name = line.split(separator: " ").dropFirst(2).first else { return nil }
            return String(name)
        })
        for c in commands {
            #expect(documented.contains(c), "Man/toondb.1 does not document the dot-command \(c) (want `.It Ic \(c)` in DOT-COMMANDS)")
            // The console knows it too: no "unknown command".
        }
        for d in documented.sorted() {
            #expect(commands.contains(d), "Man/toondb.1 documents the dot-command \(d), which the console does not accept")
        }
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func helpPrintsTheManPageEntryOfEachDotCommand() throws {
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "ascii", CLI.manPage])
        var text = ""
        for ch in r.stdoutText.unicodeScalars {
            if ch == "\u{08}" { if !text.isEmpty { text.removeLast() } } else { text.unicodeScalars.append(ch) }
        }
        func squeeze(_ s: String) -> String { s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ") }
        let page = squeeze(text)
        let commands = try Self.consoleCommands()
        let input = commands.map { ".help \($0)\n" }.joined()
        let help = try withDatabase { db in try CLI.run(["shell", "--create", db], stdin: input) }
        #expect(help.status == 0, "\(help.stderr)")
        // Each entry starts with its usage line (which begins with the name); split the output there.
        var entries: [String] = []
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("."), commands.contains(String(line.split(separator: " ")[0])),
               entries.last.map({ !$0.hasSuffix("\n") || $0.contains("\n\n") }) ?? true {
                entries.append(String(line) + "\n")
            } else if !entries.isEmpty {
                entries[entries.count - 1] += line + "\n"
            }
        }
        #expect(entries.count >= commands.count, "split \(entries.count) entries for \(commands.count) commands")
        for entry in entries {
            let found = page.contains(squeeze(entry))
            #expect(found, "the rendered man page lacks the .help text:\n\(entry)")
        }
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func sqlDialectPageLintsCleanAndNamesEveryStatement() throws {
        let page = CLI.repositoryRoot.appendingPathComponent("Man/toondb-sql.7").path
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "lint", "-W", "warning", page])
        #expect(r.stdoutText.isEmpty && r.stderrText.isEmpty, "mandoc -T lint -W warning Man/toondb-sql.7:\n\(r.stdoutText)\(r.stderrText)")
        let source = try String(contentsOfFile: page, encoding: .utf8)
        for statement in ["CREATE [TEMP] TABLE", "CREATE [UNIQUE] INDEX", "CREATE [TEMP] VIEW", "CREATE [TEMP] TRIGGER", "DROP", "ALTER TABLE", "INSERT",
                          "UPDATE", "DELETE FROM", "SELECT", "BEGIN", "COMMIT", "ROLLBACK", "EXPLAIN", "REINDEX"] {
            #expect(source.contains(statement), "Man/toondb-sql.7 lacks \(statement)")
        }
    }
}
