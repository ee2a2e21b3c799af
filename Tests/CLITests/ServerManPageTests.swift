import Foundation
import Testing
import ToonTestSupport

/// `Man/toondb-server.1` documents `toondb-server` as it is: every
/// subcommand and long flag its parser accepts, and nothing it does not (as the
/// page's header comment requires).
@Suite struct ServerManPageTests {
    static let page = ToolManPage(tool: "toondb-server")
    static var manPage: String { page.path }
    static func surface() throws -> (subcommands: [String], flags: [String: Set<String>]) { try page.surface() }

    @Test func helpParsingFindsTheCommands() throws {
        let (subs, flags) = try Self.surface()
        #expect(Set(subs) == ["serve", "status", "stop"], "parsed \(subs)")
        #expect(flags["serve"] == ["db", "socket", "max-clients", "timeout-ms", "log-level", "help"], "\(flags)")
    }

    @Test func everySubcommandAndFlagIsDocumented() throws {
        try Self.page.checkEverythingIsDocumented()
    }

    @Test func theManPageDocumentsNothingExtra() throws {
        try Self.page.checkNothingExtra()
    }

    @Test func theManPageHasTheRequiredSections() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let sections = source.components(separatedBy: "\n").filter { $0.hasPrefix(".Sh ") }.map { String($0.dropFirst(4)) }
        for required in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "SECURITY", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(sections.contains(required), "missing section \(required)")
        }
        #expect(source.contains(".Dt TOONDB-SERVER 1"))
        #expect(source.contains("toondb.sock") && source.contains("toondb-server.pid") && source.contains("0600"))
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func mandocLintReportsNothing() throws {
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "lint", "-W", "warning", Self.manPage])
        #expect(r.stdoutText.isEmpty && r.stderrText.isEmpty, "mandoc -T lint:\n\(r.stdoutText)\(r.stderrText)")
        #expect(r.status == 0)
    }
}
