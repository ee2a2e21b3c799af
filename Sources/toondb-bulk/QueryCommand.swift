import ArgumentParser
import ToonBulk

/// `toondb-bulk query`: the nearest labels of every row of a query file.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Find the k nearest indexed vectors of each row of a query file.")

    @Option(help: "The index file.")
    var index: String
    @Option(help: "The query vectors (.npy, .fvecs or raw float32 of the index's dimension).")
    var query: String
    @Option(help: "Hits per query row.")
    var k = 10
    @Option(help: "Candidates kept while searching (default max(k, 64)); more: better recall, slower.")
    var efSearch: Int?
    @Option(help: "For a quantized index: the vector file it was built from, to re-rank candidates at full precision.")
    var vectors: String?
    @Flag(help: "Print one JSON object per query row: its ids and distances.")
    var json = false

    func run() throws {
        let result = try bulkQueryIndex(index: index, query: query, k: k, efSearch: efSearch, vectors: vectors)
        if json {
            for (row, hits) in result.rows.enumerated() {
                Output.line("{\"query\":\(row),\"ids\":[\(hits.map { String($0.label) }.joined(separator: ","))]," +
                            "\"distances\":[\(hits.map { "\($0.distance)" }.joined(separator: ","))]}")
            }
            return
        }
        Output.line("query  rank  id          distance")
        for (row, hits) in result.rows.enumerated() {
            for (rank, hit) in hits.enumerated() {
                Output.line(pad(String(row), 5) + "  " + pad(String(rank + 1), 4) + "  " + pad(String(hit.label), 10) +
                            "  " + Output.fixed(Double(hit.distance), 6))
            }
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
