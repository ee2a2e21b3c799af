/// The `sql` report: one table of latencies (rates for inserts), the ratio of
/// ToonDB's latency to SQLite's, and each query's target with PASS or MISS.
struct SQLReport {
    let plan: SQLPlan
    let toon: SQLFigures
    /// SQLite running the same SQL text, one prepare + step + finalize per statement.
    let sqlite: SQLFigures
    /// ToonDB through prepared statements with bound parameters.
    let toonPrepared: SQLFigures
    /// SQLite reusing one prepared statement per query shape (informative, no target).
    let sqliteReused: SQLFigures

    var table: Table {
        var t = Table(header: ["query", "unit", "ToonDB", "SQLite", "ToonDB/SQLite", "target", "result",
                               "SQLite, reused stmt"])
        for q in SQLQueryKind.textRows {
            let r = ratio(q)
            t.add([q.label(plan), q.unit, toon[q].map(q.format) ?? "n/a", sqlite[q].map(q.format) ?? "n/a",
                   r.map(format(ratio:)) ?? "n/a", "≤ \(Int(q.target))×",
                   r.map { $0 <= q.target ? "PASS" : "MISS" } ?? "MISS", sqliteReused[q].map(q.format) ?? "n/a"])
        }
        return t
    }

    /// The second table: ToonDB's prepared statements against SQLite's reused ones, both with bound parameters.
    var boundTable: Table {
        var t = Table(header: ["query, bound parameters", "unit", "ToonDB prepared", "SQLite reused", "ToonDB/SQLite",
                               "target", "result"])
        for q in SQLQueryKind.boundRows {
            let r = ratio(toonPrepared[q], sqliteReused[q])
            t.add([q.label(plan), q.unit, toonPrepared[q].map(q.format) ?? "n/a", sqliteReused[q].map(q.format) ?? "n/a",
                   r.map(format(ratio:)) ?? "n/a", "≤ \(q.boundTarget)×",
                   r.map { $0 <= q.boundTarget ? "PASS" : "MISS" } ?? "MISS"])
        }
        return t
    }

    /// ToonDB's latency over SQLite's (for inserts: SQLite's rows/s over ToonDB's).
    func ratio(_ q: SQLQueryKind) -> Double? { ratio(toon[q], sqlite[q]) }

    private func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    func render() -> String {
        table.render() + "\n\n" + boundTable.render()
            + "\n\nToonDB/SQLite is ToonDB's latency over SQLite's (for INSERT, SQLite's rows/s over ToonDB's)."
    }

    /// A ratio rounded up to hundredths, so a MISS never prints as the allowed value.
    private func format(ratio: Double) -> String {
        let hundredths = Int((ratio * 100).rounded(.up))
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)×"
    }
}
