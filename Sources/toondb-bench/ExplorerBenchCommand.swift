import ArgumentParser
import Foundation
import ToonDB
import ToonExplorer

/// `toondb-bench explorer`: how long the explorer takes to show its first
/// screen on a big database — open a freshly written database of N keys,
/// build the explorer over it and render the first screen into a Screen
/// (no terminal; the ncurses copy is not measured). The goal is under a
/// second at 1,000,000 keys (BENCHMARKS.md, "Explorer").
struct ExplorerBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explorer", abstract: "Time the explorer's first screen on a freshly opened large database.")

    @Option(help: "Keys in the database (users/<i % 1000>/<i>, and flat keys k<i>, half each).")
    var keys = 1_000_000
    @Option(help: "Runs (each reopens the database); the median is reported.")
    var runs = 5
    @Option(help: "Directory for the database (kept); default: a temporary one, removed afterwards.")
    var dir: String?
    @Option(help: "Instead of the key tree: time the query pane with a result of this many rows (taking it, drawing a page, paging).")
    var rows: Int?

    func run() throws {
        if let rows { return try grid(rows) }
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let path = try scratch.fresh("explorer")
        do {
            let db = try Database.open(path)
            var batch: [(key: [UInt8], value: [UInt8]?)] = []
            let value = Array(#"{"name":"user","age":30,"tags":["a","b"]}"#.utf8)
            for i in 0..<keys {
                let k = i % 2 == 0 ? "users/\(i % 1000)/\(i)" : String(format: "k%09d", i)
                batch.append((Array(k.utf8), value))
                if batch.count == 10_000 {
                    try db.writeBatch(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try db.writeBatch(batch) }
            try db.checkpoint()
            try db.close()
        }
        var times: [Double] = []
        var opens: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let db = try Database.open(path)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let explorer = Explorer(source: EmbeddedDataSource(db, readOnly: true))
            let screen = explorer.renderScreen(width: 120, height: 40)
            let t2 = DispatchTime.now().uptimeNanoseconds
            guard screen.contains("▾ ⌗ keys"), screen.contains("k000000001") else { throw ValidationError("the first screen lacks the key tree") }
            times.append(Double(t2 - t0) / 1e6)
            opens.append(Double(t1 - t0) / 1e6)
            try db.close()
        }
        let median = times.sorted()[times.count / 2]
        let openMedian = opens.sorted()[opens.count / 2]
        print(String(format: "explorer first screen, %d keys, 120x40: median %.1f ms (open %.1f ms, explorer + render %.1f ms) over %d runs",
                     keys, median, openMedian, median - openMedian, runs))
    }

    /// The query pane with an N-row result (built in memory, as a runner would
    /// return it): the time to take the result and draw its first page, to
    /// draw a frame again, and to turn to the next page and draw it.
    func grid(_ n: Int) throws {
        var rows: [[Value]] = []
        rows.reserveCapacity(n)
        for i in 0..<n {
            rows.append([.int(Int64(i)), .string("user \(i)"), .double(Double(i) / 7),
                         .object(["city": .string(i % 2 == 0 ? "東京" : "Lagos"), "n": .int(Int64(i % 97))])])
        }
        let output = CommandOutput(columns: ["id", "name", "score", "profile"], rows: rows)
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        let db = try Database.open(try scratch.fresh("explorer-grid"))
        defer { try? db.close() }
        var first: [Double] = [], again: [Double] = [], page: [Double] = []
        for _ in 0..<runs {
            let explorer = Explorer(source: EmbeddedDataSource(db, readOnly: true), runner: { _ in output })
            explorer.focus(.query)
            // From the start of the query (a runner that returns the rows at once)
            // to the first page on the screen: the hand-over and the drawing.
            let t0 = DispatchTime.now().uptimeNanoseconds
            explorer.startQuery("bench")
            explorer.waitForQuery(timeout: 60)
            var screen = explorer.renderScreen(width: 120, height: 40)
            let t1 = DispatchTime.now().uptimeNanoseconds
            screen = explorer.renderScreen(width: 120, height: 40)
            let t2 = DispatchTime.now().uptimeNanoseconds
            explorer.handle(.key(.char(">")))
            screen = explorer.renderScreen(width: 120, height: 40)
            let t3 = DispatchTime.now().uptimeNanoseconds
            guard screen.contains("\(n) rows"), n <= QueryState.pageRows || screen.contains("page 2/") else {
                throw ValidationError("the grid does not show the result")
            }
            first.append(Double(t1 - t0) / 1e6)
            again.append(Double(t2 - t1) / 1e6)
            page.append(Double(t3 - t2) / 1e6)
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        print(String(format: "explorer result grid, %d rows x 4 columns, 120x40: first page drawn %.2f ms, a frame again %.2f ms, next page %.2f ms (medians of %d runs)",
                     n, median(first), median(again), median(page), runs))
    }
}
