import Foundation
import Testing
import ToonTestSupport

/// Every input of the fuzzing corpus (`Tests/FuzzCorpus/TARGET/`, grown by
/// `scripts/fuzz.sh` under libFuzzer) replayed through `toondb-fuzz` in the
/// ordinary build: none may crash (RELIABILITY.md, "Fuzzing").
@Suite struct FuzzCorpusTests {
    @Test(arguments: ["sql", "toon", "json", "wire", "wal", "segment", "manifest", "hnsw"])
    func theCorpusReplaysWithoutACrash(target: String) throws {
        let corpus = CLI.repositoryRoot.appendingPathComponent("Tests/FuzzCorpus/\(target)").path
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(!inputs.isEmpty, "no corpus for \(target)")
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), [target, corpus])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText == "\(target): \(inputs.count) inputs, no crash\n", "\(r.stdoutText)")
    }

    /// The file targets' seeds, written by the engine (a small database, HNSW
    /// index files), must read cleanly with and without checksum repair
    /// (`toondb-fuzz` stops otherwise) and replay.
    @Test(arguments: ["wal", "segment", "manifest", "hnsw"])
    func realFilesAreWrittenAsSeedsAndReadCleanly(target: String) throws {
        let dir = TemporaryDirectory("fuzz-seeds-\(target)")
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), [target, dir.path], environment: ["TOONDB_FUZZ_SEEDS": dir.path])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(seeds.count >= 2 && seeds.count % 2 == 0, "\(seeds)")
        #expect(r.stdoutText == "\(target): \(seeds.count) inputs, no crash\n", "\(r.stdoutText)")
    }

    /// The TOON conformance examples, read from `../shared/conformance/toon`
    /// where they are (never copied in), replay through the toon and json targets.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.toonConformance)),
          arguments: ["toon", "json"])
    func theConformanceExamplesReplayWithoutACrash(target: String) throws {
        let examples = Self.toonConformance + "/examples"
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), [target, examples])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText.hasPrefix("\(target): ") && !r.stdoutText.hasPrefix("\(target): 0 "), "\(r.stdoutText)")
    }

    static let toonConformance = CLI.repositoryRoot.appendingPathComponent("../shared/conformance/toon").standardizedFileURL.path

    @Test func anUnknownTargetIsAUsageError() throws {
        let r = try RawProcess.run(Binaries.path("toondb-fuzz"), ["nothing", "/dev/null"])
        #expect(r.status == 2)
        #expect(r.stderrText.hasPrefix("usage: toondb-fuzz sql|toon|json|wire|wal|segment|manifest|hnsw"), "\(r.stderrText)")
    }
}
