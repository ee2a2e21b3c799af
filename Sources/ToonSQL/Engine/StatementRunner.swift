import ToonCore
import ToonStorage

/// Runs one parsed statement inside a storage transaction.
struct StatementRunner {
    let txn: StorageTransaction
    let catalog: Catalog
    let engine: SQLEngine
    /// The OLD/NEW scope and row when running a trigger's body.
    var outer: (scope: Scope, frame: Frame)?
    var triggerDepth = 0
    /// The values bound to the statement's parameters (index 0 is `?1`).
    var parameters: [SQLValue] = []

    /// Runs a statement; `text` is its source (kept for views and triggers).
    func run(_ statement: Statement, text: String) throws -> SQLQueryResult {
        switch statement {
        case .select(let select):
            let plan = try Planner(catalog: catalog).plan(select, outer: outer?.scope)
            let rows = try executor().run(plan, parent: outer?.frame)
            return SQLQueryResult(columns: plan.columnNames,
                                  rows: rows.map { SQLRow(columns: plan.columnNames, values: $0) })
        case .insert(let s): return try insert(s)
        case .update(let s): return try update(s, try plan(s))
        case .delete(let s): return try delete(s, try plan(s))
        case .explain(let inner): return try explain(inner)
        case .begin, .commit, .rollback:
            throw ToonDBError(.sqlSemantic, "transaction statements are handled by the connection, not inside a statement")
        default:
            engine.invalidateCatalog()
            defer { engine.invalidateCatalog() }
            return try runDefinition(statement, text: text)
        }
    }

    /// Runs a statement of `compiled` with the plan it keeps for this catalog.
    func run(_ compiled: CompiledStatement) throws -> SQLQueryResult {
        switch compiled.parsed.statement {
        case .update(let s): return try update(s, try compiled.plan(catalog) { try plan(s) })
        case .delete(let s): return try delete(s, try compiled.plan(catalog) { try plan(s) })
        default: return try run(compiled.parsed.statement, text: compiled.parsed.text)
        }
    }

    /// An executor for this statement, with its parameters.
    func executor() -> Executor {
        Executor(txn: txn, catalog: catalog, parameters: parameters)
    }

    /// `SELECT * FROM table WHERE …`: the rows an UPDATE or DELETE changes.
    static func rowsOf(_ table: String, where whereClause: Expr?) -> Select {
        Select(first: .select(SelectBody(columns: [.all], from: .table(name: table, alias: nil,
                                                                      position: SourcePosition(line: 1, column: 1)),
                                         whereClause: whereClause)))
    }

    /// The columns of EXPLAIN's result.
    static let explainColumns = ["detail"]

    /// EXPLAIN: one row per source saying how its rows are found.
    private func explain(_ statement: Statement) throws -> SQLQueryResult {
        var lines: [String] = []
        func describe(_ plan: SelectPlan) {
            for core in plan.cores {
                for s in core.sources {
                    switch s.kind {
                    case .table(let t, let path):
                        var line = path.describe(table: t.name == s.name ? t.name : "\(t.name) AS \(s.name)")
                        if !s.hashKeys.isEmpty { line += " (hash join)" }
                        lines.append(line)
                    case .query(let sub, _):
                        lines.append("SUBQUERY \(s.name)")
                        describe(sub)
                    }
                }
                if core.isAggregate { lines.append("AGGREGATE") }
            }
            if !plan.ordering.isEmpty { lines.append("SORT") }
        }
        let planner = Planner(catalog: catalog)
        switch statement {
        case .select(let s):
            describe(try planner.plan(s))
        case .update(let u):
            describe(try planner.plan(Self.rowsOf(u.table, where: u.whereClause)))
        case .delete(let d):
            describe(try planner.plan(Self.rowsOf(d.table, where: d.whereClause)))
        case .insert(let i):
            lines.append("INSERT INTO \(i.table)")
        default:
            lines.append("SCHEMA CHANGE")
        }
        return SQLQueryResult(columns: Self.explainColumns,
                              rows: lines.map { SQLRow(columns: Self.explainColumns, values: [.text($0)]) })
    }
}
