import ToonDB

/// The check that two engines returned the same rows for every query of a
/// pass; any difference stops the run.
///
/// Reals may differ in the last bits (sums in another order), rows of GROUP BY
/// results may come in any order, and `ORDER BY age DESC LIMIT 10` may keep
/// and order rows of equal age either way: such a result is accepted when
/// both engines' rows are the true top ten of their range, checked against
/// the workload's data.
enum SQLCheck {
    /// Throws at the first query whose results differ; returns how many range
    /// queries differed only in the rows of tied age they kept or their order.
    @discardableResult
    static func compare(_ nameA: String, _ a: SQLResults, _ nameB: String, _ b: SQLResults,
                        _ workload: SQLWorkload) throws -> Int {
        func fail(_ what: String, _ x: [[SQLValue]], _ y: [[SQLValue]]) -> BenchError {
            BenchError("\(nameA) and \(nameB) disagree on \(what):\n  \(nameA): \(x)\n  \(nameB): \(y)")
        }
        for (i, (x, y)) in zip(a.points, b.points).enumerated() where !same(x, y) {
            throw fail(workload.pointSQL[i], x, y)
        }
        var ties = 0
        for (i, (x, y)) in zip(a.ranges, b.ranges).enumerated() where !same(x, y) {
            guard isTopTen(x, i, workload), isTopTen(y, i, workload) else { throw fail(workload.rangeSQL[i], x, y) }
            ties += 1
        }
        if !same(sorted(a.groupBy), sorted(b.groupBy)) { throw fail(SQLWorkload.groupBySQL, a.groupBy, b.groupBy) }
        if !same(sorted(a.join), sorted(b.join)) { throw fail(SQLWorkload.joinSQL, a.join, b.join) }
        if a.groupBy.isEmpty || a.join.isEmpty || a.points.contains(where: { $0.count != 1 }) {
            throw BenchError("\(nameA): a point query or an aggregate returned no rows")
        }
        return ties
    }

    /// Whether `rows` are ten distinct users of range `i`, unchanged, in
    /// descending age, with the ten highest ages of the range.
    private static func isTopTen(_ rows: [[SQLValue]], _ i: Int, _ workload: SQLWorkload) -> Bool {
        let (low, high) = workload.rangeBounds[i]
        let inRange = workload.users[Int(low - 1)..<Int(high)]
        let topAges = inRange.map(\.age).sorted(by: >).prefix(10).map { SQLValue.integer($0) }
        var ids = Set<Int64>()
        for row in rows {
            guard case .integer(let id) = row.first, id >= low, id <= high, ids.insert(id).inserted,
                  row == workload.users[Int(id - 1)].values else { return false }
        }
        return rows.map { $0[2] } == topAges
    }

    private static func same(_ x: [[SQLValue]], _ y: [[SQLValue]]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { r, s in r.count == s.count && zip(r, s).allSatisfy(same) }
    }

    /// Equal values, reals within a relative 1e-9.
    private static func same(_ x: SQLValue, _ y: SQLValue) -> Bool {
        if case .real(let a) = x, case .real(let b) = y {
            return a == b || abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
        }
        return x == y
    }

    /// Rows ordered by their first column (the group's key), then their text.
    private static func sorted(_ rows: [[SQLValue]]) -> [[SQLValue]] {
        rows.sorted { r, s in (r.first?.description ?? "", r.description) < (s.first?.description ?? "", s.description) }
    }
}
