/// A planned query: cores joined by compound operators, then ordering and limits.
final class SelectPlan {
    var cores: [CorePlan] = []
    var operators: [CompoundOperator] = []
    var columnNames: [String] = []
    /// The affinity each output column carries (a column's, a CAST's), for
    /// comparisons with it from outside (IN, subqueries in FROM).
    var columnAffinities: [Affinity?] = []
    /// ORDER BY: for a single core, keys computed by the core; for compounds, output columns.
    var ordering: [OrderKey] = []
    var limit: BoundExpr?
    var offset: BoundExpr?
}

/// One ORDER BY key.
struct OrderKey {
    /// For compound queries: the output column it sorts by.
    var outputColumn: Int?
    var descending: Bool
    var nullsFirst: Bool
    var collation: Collation
}

/// One SELECT core, or a VALUES list.
final class CorePlan {
    let scope: Scope
    var sources: [SourcePlan] = []
    /// The order in which sources are joined (indexes into `sources`); rows
    /// keep the scope's layout whatever the order.
    var joinOrder: [Int] = []
    /// WHERE split on AND; each applied as soon as the sources it reads are joined.
    var conjuncts: [Conjunct] = []
    var results: [BoundExpr] = []
    var distinct = false
    var groupBy: [BoundExpr] = []
    var having: BoundExpr?
    var aggregates: [Binder.AggregateCall] = []
    var isAggregate = false
    /// ORDER BY keys evaluated per row (single-core queries).
    var orderExpressions: [BoundExpr] = []
    /// A VALUES core's rows.
    var values: [[BoundExpr]]?

    init(scope: Scope) { self.scope = scope }
}

/// A WHERE term and when it can be applied.
struct Conjunct {
    var expr: BoundExpr
    /// The sources (by index) it reads in the current row.
    var sources: Set<Int>
    /// The join step after which every source it reads is present.
    var readyAfter: Int
}

/// A source of rows in FROM.
struct SourcePlan {
    enum Kind {
        case table(TableSchema, AccessPath)
        case query(SelectPlan, correlated: Bool)
    }
    var kind: Kind
    var name: String
    var join: JoinKind
    var on: BoundExpr?
    /// Equality keys for a hash join: (expression over earlier sources, slot of this source's column).
    var hashKeys: [(probe: BoundExpr, slot: Int)] = []
    /// WHERE terms (indexes into the core's conjuncts) that a rowid access
    /// path satisfies exactly when its key values are numbers: the join need
    /// not evaluate them again for this source's rows.
    var exactTerms: [Int] = []
    var width: Int
    var offset: Int
}

/// How a table's rows are found.
enum AccessPath {
    case scan
    case rowidEquals([BoundExpr])
    case rowidRange(lower: (BoundExpr, inclusive: Bool)?, upper: (BoundExpr, inclusive: Bool)?)
    case indexEquals(IndexSchema, [BoundExpr])
    case indexRange(IndexSchema, lower: (BoundExpr, inclusive: Bool)?, upper: (BoundExpr, inclusive: Bool)?)

    /// The plan line EXPLAIN shows for it.
    func describe(table: String) -> String {
        switch self {
        case .scan: return "SCAN \(table)"
        case .rowidEquals(let l): return "SEARCH \(table) USING INTEGER PRIMARY KEY (rowid\(l.count > 1 ? " IN (…)" : "=?"))"
        case .rowidRange(let lo, let hi):
            return "SEARCH \(table) USING INTEGER PRIMARY KEY (\(AccessPath.range("rowid", lo != nil, hi != nil)))"
        case .indexEquals(let i, let l):
            let col = i.columnsDescription
            return "SEARCH \(table) USING INDEX \(i.name) (\(col)\(l.count > 1 ? " IN (…)" : "=?"))"
        case .indexRange(let i, let lo, let hi):
            return "SEARCH \(table) USING INDEX \(i.name) (\(AccessPath.range(i.columnsDescription, lo != nil, hi != nil)))"
        }
    }

    private static func range(_ c: String, _ lo: Bool, _ hi: Bool) -> String {
        [lo ? "\(c)>?" : nil, hi ? "\(c)<?" : nil].compactMap { $0 }.joined(separator: " AND ")
    }
}

extension IndexSchema {
    /// The indexed column a plan line names.
    var columnsDescription: String { columnNames.first ?? "?" }
}
