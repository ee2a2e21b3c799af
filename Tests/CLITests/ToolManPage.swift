import Foundation
import Testing
import ToonTestSupport

/// The checks every tool's man page passes: each subcommand and long flag the
/// tool's parser accepts is documented, and the page documents nothing else.
struct ToolManPage {
    /// The executable, e.g. `toondb-server`; its page is `Man/<tool>.1`.
    let tool: String

    var path: String { CLI.repositoryRoot.appendingPathComponent("Man/\(tool).1").path }
    func source() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func help(_ args: [String]) throws -> String {
        let r = try Binaries.run(tool, args + ["--help"])
        #expect(r.status == 0, "\(tool) \(args) --help: \(r.stderr)")
        return r.stdout
    }

    /// The subcommands and the long flags of each (and of the top level, key "").
    func surface() throws -> (subcommands: [String], flags: [String: Set<String>]) {
        let top = try help([])
        var flags: [String: Set<String>] = ["": ManPageTests.longFlags(in: top)]
        let subs = ManPageTests.subcommands(inHelp: top).filter { $0 != "help" }
        for s in subs { flags[s] = ManPageTests.longFlags(in: try help([s])) }
        return (subs, flags)
    }

    /// Every subcommand appears in SYNOPSIS and COMMANDS, every flag as `Fl -flag`.
    func checkEverythingIsDocumented() throws {
        let source = try source()
        let lines = source.components(separatedBy: "\n")
        let (subs, flags) = try surface()
        for sub in subs {
            let uses = lines.filter { $0.hasPrefix(".Cm \(sub)") || $0.hasPrefix(".Op Cm \(sub)") || $0.contains(" Cm \(sub) ") || $0.hasSuffix(" Cm \(sub)") }
            #expect(uses.count >= 2, "Man/\(tool).1 does not document `\(sub)` in SYNOPSIS and in COMMANDS")
        }
        let documented = ManPageTests.documentedFlags(source)
        for (command, set) in flags {
            for flag in set.sorted() {
                #expect(documented.contains(flag), "`\(tool) \(command)` accepts --\(flag), which the man page lacks as `Fl -\(flag)`")
            }
        }
    }

    /// No flag or SYNOPSIS subcommand the tool does not accept.
    func checkNothingExtra() throws {
        let source = try source()
        let (subs, flags) = try surface()
        let accepted = flags.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for flag in ManPageTests.documentedFlags(source).sorted() {
            #expect(accepted.contains(flag), "the man page documents --\(flag), which \(tool) does not accept")
        }
        let lines = source.components(separatedBy: "\n")
        for (a, b) in zip(lines, lines.dropFirst()) where a == ".Nm \(tool)" {
            let word = b.replacingOccurrences(of: ".Op ", with: "").split(separator: " ")
            if word.first == ".Cm", word.count > 1 {
                #expect(subs.contains(String(word[1])), "SYNOPSIS names `\(word[1])`, which is no subcommand")
            }
        }
    }
}
