import Foundation
import Testing
import ToonTestSupport

/// Every input of the fuzzing corpus (`Tests/FuzzCorpus/TARGET/`, grown by
/// `scripts/fuzz.sh` under libFuzzer) replayed through `toondb-fuzz` in the
/// ordinary build: none may crash (RELIABILITY.md, "Fuzzing").
@Suite struct FuzzCorpusTests {
    @Test(arguments: ["sql", "toon", "json", "wire"])
    func theCorpusReplaysWithoutACrash(target: String) throws {
        let corpus = CLI.repositoryRoot.appendingPathComponent("Tests/FuzzCorpus/\(target)").path
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(!inputs.isEmpty, "no corpus for \(target)")
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), [target, corpus])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText == "\(target): \(inputs.count) inputs, no crash\n", "\(r.stdoutText)")
    }

    @Test func anUnknownTargetIsAUsageError() throws {
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), ["nothing", "/dev/null"])
        #expect(r.status == 2)
        #expect(r.stderrText.hasPrefix("usage: toondb-fuzz sql|toon|json|wire"), "\(r.stderrText)")
    }
}
