import ToonCore
internal import ToonStorage

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

    /// The columns of EXPLAIN's result, as SQLite's EXPLAIN QUERY PLAN has them.
    static let explainColumns = ["id", "parent", "notused", "detail"]

    /// EXPLAIN: one row per step, as SQLite's EXPLAIN QUERY PLAN gives them:
    /// an `id`, the `id` of the step it belongs to (`parent`, 0 at the top),
    /// `notused` (0) and the `detail` in SQLite's words — `SCAN t`, `SEARCH t
    /// USING INDEX i (a=?)`, `SEARCH t USING INTEGER PRIMARY KEY (rowid>?)`,
    /// `MATERIALIZE sub` over a subquery's steps, `COMPOUND QUERY` over
    /// `LEFT-MOST SUBQUERY` and one step per operator, `USE TEMP B-TREE FOR
    /// ORDER BY` — plus `AGGREGATE` and `(hash join)`, which are ToonDB's.
    private func explain(_ statement: Statement) throws -> SQLQueryResult {
        var steps: [(id: Int, parent: Int, detail: String)] = []
        @discardableResult
        func add(_ detail: String, under parent: Int) -> Int {
            steps.append((steps.count + 1, parent, detail))
            return steps.count
        }
        func describe(_ plan: SelectPlan, under parent: Int) {
            let compound = plan.cores.count > 1 ? add("COMPOUND QUERY", under: parent) : parent
            for (i, core) in plan.cores.enumerated() {
                var at = compound
                if plan.cores.count > 1 {
                    let op = i == 0 ? "LEFT-MOST SUBQUERY" : (i - 1 < plan.operators.count ? plan.operators[i - 1].rawValue : "UNION")
                    at = add(op, under: compound)
                }
                for index in core.joinOrder.isEmpty ? Array(core.sources.indices) : core.joinOrder {
                    let s = core.sources[index]
                    switch s.kind {
                    case .table(let t, let path):
                        var line = path.describe(table: t.name == s.name ? t.name : "\(t.name) AS \(s.name)")
                        if !s.hashKeys.isEmpty { line += " (hash join)" }
                        add(line, under: at)
                    case .query(let sub, _):
                        describe(sub, under: add("MATERIALIZE \(s.name)", under: at))
                    }
                }
                if core.isAggregate { add("AGGREGATE", under: at) }
            }
            if !plan.ordering.isEmpty { add("USE TEMP B-TREE FOR ORDER BY", under: parent) }
        }
        let planner = Planner(catalog: catalog)
        switch statement {
        case .select(let s):
            describe(try planner.plan(s), under: 0)
        case .update(let u):
            describe(try planner.plan(Self.rowsOf(u.table, where: u.whereClause)), under: 0)
        case .delete(let d):
            describe(try planner.plan(Self.rowsOf(d.table, where: d.whereClause)), under: 0)
        case .insert(let i):
            add("INSERT INTO \(i.table)", under: 0)
        default:
            add("SCHEMA CHANGE", under: 0)
        }
        return SQLQueryResult(columns: Self.explainColumns, rows: steps.map {
            SQLRow(columns: Self.explainColumns, values: [.integer(Int64($0.id)), .integer(Int64($0.parent)), .integer(0), .text($0.detail)])
        })
    }
}
