/// The `kv` report: the side-by-side table (ToonDB, SQLite, LMDB) and the targets with PASS or MISS.
struct Report {
    let plan: Plan
    let toon: Figures
    let sqlite: Figures
    let lmdb: Figures

    /// A goal: `measured` (a ratio) must reach `required`.
    struct Target {
        let title: String
        let required: Double
        let measured: Double?

        var passed: Bool { measured.map { $0 >= required } ?? false }
    }

    var table: Table {
        var t = Table(header: ["measurement", "unit", "ToonDB", "SQLite", "LMDB", "ToonDB/SQLite", "ToonDB/LMDB"])
        for m in Metric.allCases {
            let a = toon[m], b = sqlite[m], c = lmdb[m]
            t.add([m.label(plan), m.unit, a.map(m.format) ?? "n/a", b.map(m.format) ?? "n/a", c.map(m.format) ?? "n/a",
                   ratio(a, b).map { format(ratio: $0) } ?? "n/a", ratio(a, c).map { format(ratio: $0) } ?? "n/a"])
        }
        return t
    }

    var targets: [Target] {
        [Target(title: "sync normal puts ≥ 3× SQLite NORMAL autocommit puts", required: 3,
                measured: ratio(toon[.putsNormal], sqlite[.putsNormal])),
         Target(title: "random gets (after checkpoint) ≥ 1× SQLite PK lookups", required: 1,
                measured: ratio(toon[.getsSegments], sqlite[.getsSegments])),
         Target(title: "full scan ≥ 1× SQLite", required: 1, measured: ratio(toon[.scan], sqlite[.scan])),
         Target(title: "random gets (after checkpoint) ≥ 0.5× LMDB gets", required: 0.5,
                measured: ratio(toon[.getsSegments], lmdb[.getsSegments])),
         Target(title: "full scan ≥ 0.5× LMDB", required: 0.5, measured: ratio(toon[.scan], lmdb[.scan])),
         Target(title: "sync full \(plan.writers) writers ≥ 2× sync full 1 writer", required: 2,
                measured: ratio(toon[.putsFullConcurrent], toon[.putsFull]))]
    }

    func render() -> String {
        let lines = targets.map { t in
            "\(t.passed ? "PASS" : "MISS")  \(t.title)  (measured \(t.measured.map { format(ratio: $0) } ?? "n/a"))"
        }
        return table.render() + "\n\nTargets:\n" + lines.joined(separator: "\n")
    }

    private func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    /// A ratio truncated (not rounded) to hundredths, so a MISS never prints as the required value.
    private func format(ratio: Double) -> String {
        let hundredths = Int((ratio * 100).rounded(.down))
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)×"
    }
}
