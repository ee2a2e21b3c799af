import Foundation
import Testing
import ToonTestSupport

/// `Man/toondb-grpc-server.1` documents `toondb-grpc-server` as it is: every
/// subcommand and long flag its parser accepts, and nothing it does not (SPEC §15).
@Suite struct GRPCManPageTests {
    static var manPage: String { CLI.repositoryRoot.appendingPathComponent("Man/toondb-grpc-server.1").path }

    static func help(_ args: [String]) throws -> String {
        let r = try Binaries.run("toondb-grpc-server", args + ["--help"])
        #expect(r.status == 0, "toondb-grpc-server \(args) --help: \(r.stderr)")
        return r.stdout
    }

    /// The subcommands and the long flags of each (and of the top level).
    static func surface() throws -> (subcommands: [String], flags: [String: Set<String>]) {
        let top = try help([])
        var flags: [String: Set<String>] = ["": ManPageTests.longFlags(in: top)]
        let subs = ManPageTests.subcommands(inHelp: top).filter { $0 != "help" }
        for s in subs { flags[s] = ManPageTests.longFlags(in: try help([s])) }
        return (subs, flags)
    }

    @Test func helpParsingFindsTheCommands() throws {
        let (subs, flags) = try Self.surface()
        #expect(Set(subs) == ["serve", "status"], "parsed \(subs)")
        #expect(flags["serve"] == ["host", "port", "db", "log-level", "help"], "\(flags)")
        #expect(flags["status"] == ["host", "port", "timeout", "help"], "\(flags)")
    }

    @Test func everySubcommandAndFlagIsDocumented() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let (subs, flags) = try Self.surface()
        for sub in subs {
            let uses = lines.filter { $0.hasPrefix(".Cm \(sub)") || $0.hasPrefix(".Op Cm \(sub)") || $0.contains(" Cm \(sub) ") || $0.hasSuffix(" Cm \(sub)") }
            #expect(uses.count >= 2, "Man/toondb-grpc-server.1 does not document `\(sub)` in SYNOPSIS and in COMMANDS")
        }
        let documented = ManPageTests.documentedFlags(source)
        for (command, set) in flags {
            for flag in set.sorted() {
                #expect(documented.contains(flag), "`toondb-grpc-server \(command)` accepts --\(flag), which the man page lacks as `Fl -\(flag)`")
            }
        }
    }

    @Test func theManPageDocumentsNothingExtra() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let (subs, flags) = try Self.surface()
        let accepted = flags.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for flag in ManPageTests.documentedFlags(source).sorted() {
            #expect(accepted.contains(flag), "the man page documents --\(flag), which toondb-grpc-server does not accept")
        }
        let lines = source.components(separatedBy: "\n")
        for (a, b) in zip(lines, lines.dropFirst()) where a == ".Nm toondb-grpc-server" {
            let word = b.replacingOccurrences(of: ".Op ", with: "").split(separator: " ")
            if word.first == ".Cm", word.count > 1 {
                #expect(subs.contains(String(word[1])), "SYNOPSIS names `\(word[1])`, which is no subcommand")
            }
        }
    }

    @Test func theManPageHasTheRequiredSectionsAndFacts() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let sections = source.components(separatedBy: "\n").filter { $0.hasPrefix(".Sh ") }.map { String($0.dropFirst(4)) }
        for required in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "SECURITY", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(sections.contains(required), "missing section \(required)")
        }
        #expect(source.contains(".Dt TOONDB-GRPC-SERVER 1"))
        for rpc in ["CreateIndex", "DropIndex", "InsertBatch", "InsertStream", "Search", "SearchBatch", "GetStats", "HealthCheck",
                    "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "127.0.0.1", "50051"] {
            #expect(source.contains(rpc), "the man page does not mention \(rpc)")
        }
    }

    @Test(.enabled(if: ManPageTests.mandoc != nil, "mandoc is not installed"))
    func mandocLintReportsNothing() throws {
        let r = try RawProcess.run(try #require(ManPageTests.mandoc), ["-T", "lint", "-W", "warning", Self.manPage])
        #expect(r.stdoutText.isEmpty && r.stderrText.isEmpty, "mandoc -T lint:\n\(r.stdoutText)\(r.stderrText)")
        #expect(r.status == 0)
    }
}
