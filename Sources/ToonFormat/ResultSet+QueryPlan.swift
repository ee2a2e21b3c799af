import ToonCore

/// Query plans (`EXPLAIN QUERY PLAN`): rows of `id`, `parent`, `notused`,
/// `detail`, as SQLite gives them, drawn as the tree sqlite3 draws.
extension ResultSet {
    /// The columns of a query plan.
    package static let queryPlanColumns = ["id", "parent", "notused", "detail"]

    /// The plan's steps as tree lines, each under the step it belongs to
    /// (`|--` before a step with more after it at its level, `` `-- `` before
    /// the last); nil when the result is not a query plan. The console and
    /// the explorer both show plans this way, under a `QUERY PLAN` heading.
    package func queryPlanTree() -> [String]? {
        guard columns == Self.queryPlanColumns else { return nil }
        var children: [Int64: [(id: Int64, detail: String)]] = [:]
        for r in rows.indices {
            guard case .int(let id) = value(r, 0), case .int(let parent) = value(r, 1) else { return nil }
            children[parent, default: []].append((id, Self.plainText(value(r, 3))))
        }
        var out: [String] = []
        var drawn: Set<Int64> = []
        func walk(_ parent: Int64, _ indent: String) {
            let steps = children[parent] ?? []
            for (i, step) in steps.enumerated() where drawn.insert(step.id).inserted {
                let last = i == steps.count - 1
                out.append(indent + (last ? "`--" : "|--") + step.detail)
                walk(step.id, indent + (last ? "   " : "|  "))
            }
        }
        walk(0, "")
        return out
    }
}
