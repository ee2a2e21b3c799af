import ArgumentParser
import Foundation
import ToonIndex

/// `toondb-bench text`: BM25 index build and query latency through the real
/// storage (see BENCHMARKS.md, "Text search").
struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "Measure BM25 indexing and search through the storage engine.",
        discussion: """
            With --data DIR it reads corpus.jsonl and queries.txt written by ../shared/bench/text.py and \
            prints the JSON object that script's --ours option expects; without it, it generates a corpus \
            alike and prints a table.
            """)

    @Option(help: "Directory with text.py's corpus.jsonl and queries.txt; output is then JSON for text.py.")
    var data: String?
    @Option(help: "Documents to generate (without --data).")
    var documents = 20_000
    @Option(help: "Queries to generate (without --data).")
    var queries = 200
    @Option(help: "Vocabulary of the generated documents.")
    var vocabulary = 30_000
    @Option(help: "Seed of the generated corpus.")
    var seed: UInt64 = 7
    @Option(help: "Documents per write transaction.")
    var batch = 1_000
    @Option(help: "Directory for the database (kept); default: a temporary one, removed afterwards.")
    var dir: String?

    func validate() throws {
        guard documents > 0, queries > 0, vocabulary > 0, batch > 0 else {
            throw ValidationError("counts must be positive")
        }
    }

    func run() throws {
        let workload = try data.map(TextWorkload.load)
            ?? TextWorkload.generate(documents: documents, queries: queries, vocabulary: vocabulary, seed: seed)
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let figures = try TextBenchmark(workload: workload, batch: batch, path: try scratch.fresh("toondb-text")).run()
        if data != nil {
            let top = figures.top.map { hits in
                hits.map { ["id": workload.names[Int($0.docID)], "score": $0.score] as [String: Any] }
            }
            let object: [String: Any] = ["index_seconds": figures.indexSeconds,
                                         "query_p50_ms": figures.percentile(50), "query_p99_ms": figures.percentile(99),
                                         "top10": top]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            return
        }
        print("toondb-bench text: \(workload.texts.count) documents, \(workload.queries.count) queries, " +
              "\(batch) documents per transaction, seed \(seed)")
        print()
        print("| figure | value |")
        print("|---|---|")
        print("| index build s (writes + cache preload) | \(String(format: "%.2f", figures.indexSeconds)) |")
        print("| of which writes s | \(String(format: "%.2f", figures.writeSeconds)) |")
        print("| of which preload s (\(figures.preloaded) lists) | \(String(format: "%.2f", figures.preloadSeconds)) |")
        print("| query p50 ms | \(String(format: "%.3f", figures.percentile(50))) |")
        print("| query p99 ms | \(String(format: "%.3f", figures.percentile(99))) |")
        print("| query p50 ms, no posting cache | \(String(format: "%.3f", figures.percentile(50, of: figures.uncachedMs))) |")
        print("| query p99 ms, no posting cache | \(String(format: "%.3f", figures.percentile(99, of: figures.uncachedMs))) |")
        print("| terms | \(figures.stats.terms) |")
        print("| average length | \(String(format: "%.1f", figures.stats.averageLength)) |")
        print("| database bytes after checkpoint | \(figures.bytes) |")
    }
}
