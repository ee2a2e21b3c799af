import ArgumentParser
import ToonDB

/// `toondb verify PATH` (toondb(1), VERIFY): reads the whole database and
/// checks its checksums, its SQL indexes, graphs and collections' indexes.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Read the whole database and check its checksums and indexes; exit 1 on the first fault.")

    @Argument(help: "The database directory.")
    var path: String

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(path, sync: .normal, creation: .never) { database in
                let report = try database.verify()
                CLI.out("entries: \(report.entries) read, checksums good")
                for i in report.sqlIndexes {
                    CLI.out("sql index \(i.index) on \(i.table): \(i.entries) entries, one for each row")
                }
                for g in report.graphs {
                    CLI.out("graph \(g.namespace): \(g.nodes) nodes, \(g.edges) edges, both adjacency lists agree")
                }
                for c in report.collections {
                    var line = "collection \(c.namespace)/\(c.name): \(c.documents) documents, \(c.vectors) vectors, "
                        + "graph of \(c.graph.slots) slots (\(c.graph.tombstones) removed) all reachable, top layer \(c.graph.topLevel)"
                    if let text = c.text { line += ", text index: \(text.documents) documents, \(text.terms) terms" }
                    CLI.out(line)
                }
                CLI.out("ok")
            }
        }
    }
}
