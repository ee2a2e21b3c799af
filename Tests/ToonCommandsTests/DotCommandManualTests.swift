import Foundation
import Testing
@testable import ToonCommands

/// The DOT-COMMANDS list of Man/toondb.1 is generated from the registry:
/// this test fails when they differ. `TOONDB_UPDATE_MAN=1` rewrites the page
/// (scripts/update-man.sh).
@Suite struct DotCommandManualTests {
    static var manPage: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Man/toondb.1").path
    }

    @Test func manPageHoldsTheGeneratedList() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let generated = DotCommandManual.mdoc()
        guard let begin = source.range(of: DotCommandManual.beginMarker + "\n"),
              let end = source.range(of: DotCommandManual.endMarker + "\n", range: begin.lowerBound..<source.endIndex) else {
            Issue.record("Man/toondb.1 lacks the generated DOT-COMMANDS markers")
            return
        }
        let current = String(source[begin.lowerBound..<end.upperBound])
        if current != generated, ProcessInfo.processInfo.environment["TOONDB_UPDATE_MAN"] == "1" {
            try (String(source[..<begin.lowerBound]) + generated + String(source[end.upperBound...]))
                .write(toFile: Self.manPage, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == generated, "Man/toondb.1's DOT-COMMANDS differ from the registry: run scripts/update-man.sh")
    }

    @Test func usageBecomesSemanticMacros() {
        #expect(DotCommandManual.usageMacros(".scan PREFIX [LIMIT]") == "Ic .scan Ar PREFIX Oo Ar LIMIT Oc")
        #expect(DotCommandManual.usageMacros(".timer on|off") == "Ic .timer Cm on Ns | Ns Cm off")
        #expect(DotCommandManual.usageMacros(".collection create NS/NAME --dim N [--hybrid --content-field F]")
                == "Ic .collection Cm create Ar NS/NAME Cm --dim Ar N Oo Cm --hybrid Cm --content-field Ar F Oc")
    }

    @Test func everyCommandIsInTheList() {
        let text = DotCommandManual.mdoc()
        for c in CommandRegistry.all { #expect(text.contains(".It Ic \(c.name)")) }
    }
}
