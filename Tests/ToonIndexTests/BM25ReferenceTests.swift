import Foundation
import Testing
import ToonCore
import ToonIndex
import ToonTestSupport

/// Our BM25 scores against the `bm25s` package (README.md, "From Swift":
/// k1 = 1.2, b = 0.75, Lucene's idf), on a generated corpus of 2,500
/// documents: bm25s gets our tokens, so only scoring is compared, and
/// every score of every query must agree to 1e-4.
///
/// The Python side runs `scripts/bm25-reference.py` in a virtual environment
/// created once under `.build-bm25-venv/` in the package (git-ignored) with
/// `pip install bm25s`; set `TOONDB_BM25_PYTHON` to a Python that already has
/// bm25s to skip that. Needs python3 with the venv module and access to PyPI
/// on the first run; the test fails without them.
@Suite struct BM25ReferenceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Mixed case, Unicode, digits and punctuation, so that the tokenizer matters.
    static let vocabulary: [String] = {
        var words = ["The", "database", "Vector", "search", "ToonDB", "Ünïcödé", "straße", "数据", "x86", "2024",
                     "BM25", "café", "naïve", "Ωmega", "résumé", "don't", "e-mail", "snake_case", "v1.2"]
        var rng = SeededRandom(seed: 5)
        let letters = Array("abcdefghijklmnopqrstuvwxyzéüß")
        for _ in 0..<1_500 {
            words.append(String((0..<Int(2 + rng.next() % 8)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }))
        }
        return words
    }()

    static func corpus() -> (docs: [String], queries: [String]) {
        var rng = SeededRandom(seed: 99)
        func word() -> String {
            let r = Double(rng.next() % 1_000_000) / 1_000_000
            return vocabulary[min(vocabulary.count - 1, Int(pow(r, 2.5) * Double(vocabulary.count)))]
        }
        let separators = [" ", " ", " ", ", ", ". ", " — ", "\n", "!? "]
        var docs: [String] = []
        for i in 0..<2_500 {
            let n = i % 500 == 0 ? 0 : Int(5 + rng.next() % 80)
            docs.append((0..<n).map { _ in word() + separators[Int(rng.next() % UInt64(separators.count))] }.joined())
        }
        var queries = ["", "?!", "zzzzunknown", "the THE the", "数据 search", "Ünïcödé café"]
        for _ in 0..<60 { queries.append((0..<Int(1 + rng.next() % 4)).map { _ in word() }.joined(separator: " ")) }
        return (docs, queries)
    }

    /// A Python with bm25s, creating the virtual environment when needed.
    static func python() throws -> String {
        if let given = ProcessInfo.processInfo.environment["TOONDB_BM25_PYTHON"], !given.isEmpty { return given }
        let venv = packageRoot.appendingPathComponent(".build-bm25-venv").path
        let python = venv + "/bin/python"
        let ready = venv + "/.ready"
        if FileManager.default.fileExists(atPath: ready) { return python }
        try? FileManager.default.removeItem(atPath: venv)
        let python3 = try #require(RawProcess.which("python3"), "python3 is needed for the bm25s reference")
        let made = try RawProcess.run(python3, ["-m", "venv", venv])
        try #require(made.status == 0, "python3 -m venv failed (install python3-venv): \(made.stderrText)")
        let pip = try RawProcess.run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "bm25s"])
        try #require(pip.status == 0, "pip install bm25s failed: \(pip.stderrText)")
        FileManager.default.createFile(atPath: ready, contents: Data())
        return python
    }

    static func jsonLines(_ rows: [[String]]) throws -> Data {
        var out = Data()
        for row in rows {
            out.append(try JSONSerialization.data(withJSONObject: row))
            out.append(0x0A)
        }
        return out
    }

    @Test func scoresAgreeWithBM25s() throws {
        let (docs, queries) = Self.corpus()
        let tokenizer = Tokenizer()
        let dir = TemporaryDirectory("toondb-bm25ref")
        try Self.jsonLines(docs.map(tokenizer.terms)).write(to: URL(fileURLWithPath: dir.file("corpus.jsonl")))
        try Self.jsonLines(queries.map(tokenizer.terms)).write(to: URL(fileURLWithPath: dir.file("queries.jsonl")))

        let script = Self.packageRoot.appendingPathComponent("scripts/bm25-reference.py").path
        let run = try RawProcess.run(try Self.python(),
                                     [script, dir.file("corpus.jsonl"), dir.file("queries.jsonl"), dir.file("out.jsonl")])
        try #require(run.status == 0, "bm25-reference.py failed: \(run.stderrText)")
        let lines = try String(contentsOfFile: dir.file("out.jsonl"), encoding: .utf8).split(separator: "\n")
        try #require(lines.count == queries.count)

        let index = BM25Index(store: MemoryIndexStore())
        try index.add(docs.enumerated().map { (docID: UInt64($0.offset), text: $0.element) })
        var compared = 0
        var mismatches: [String] = []
        for (q, line) in zip(queries, lines) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double]
            let reference = try #require(object, "bad line \(line.prefix(80))")
            let ours = try index.search(q, k: docs.count)
            #expect(ours.count == reference.count, "query \"\(q)\": \(ours.count) hits, bm25s \(reference.count)")
            for hit in ours {
                let theirs = reference[String(hit.docID)]
                if !(theirs.map { abs($0 - hit.score) < 1e-4 } ?? false) {
                    mismatches.append("query \"\(q)\" document \(hit.docID): ours \(hit.score), bm25s \(theirs.map { "\($0)" } ?? "none")")
                }
                compared += 1
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared) scores differ, e.g. \(mismatches.prefix(5))")
        #expect(compared > 10_000)
    }
}
