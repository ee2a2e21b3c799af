import ToonCore
internal import ToonStorage

/// INSERT, UPDATE and DELETE, with constraints, conflict resolution and triggers.
extension StatementRunner {
    func insert(_ s: Insert) throws -> SQLQueryResult {
        let table = try writableTable(s.table)
        let store = TableStore(txn: txn, catalog: catalog)
        let targets: [Int] = try s.columns.map { names in
            try names.map { n in
                guard let i = table.columnIndex(n) else {
                    throw ToonDBError(.sqlSemantic, "table \(table.name) has no column named \(n)")
                }
                return i
            }
        } ?? Array(table.columns.indices)
        var sourceRows: [[SQLValue]] = [[]]
        if let source = s.source {
            let planner = Planner(catalog: catalog)
            let plan = try planner.plan(source, outer: outer?.scope)
            sourceRows = try executor().run(plan, parent: outer?.frame)
            if plan.columnNames.count != targets.count {
                throw ToonDBError(.sqlSemantic, s.columns == nil
                    ? "table \(table.name) has \(table.columns.count) columns but \(plan.columnNames.count) values were supplied"
                    : "\(plan.columnNames.count) values for \(targets.count) columns")
            }
        } else if s.columns != nil {
            throw ToonDBError(.sqlSemantic, "DEFAULT VALUES takes no column list")
        }
        var count = 0
        let hooks = engine.rowHooks(for: table.name)
        for values in sourceRows {
            var row = try table.columns.map { try defaultValue($0) }
            for (t, v) in zip(targets, values) { row[t] = v }
            if try insertRow(table, row, resolution: s.orConflict, store: store, hooks: hooks) { count += 1 }
        }
        try hooks?.batch(.insert, table: table.name, rowCount: count)
        return SQLQueryResult(rowsAffected: count)
    }

    /// Inserts one row after affinity, NOT NULL and uniqueness; false when OR IGNORE skipped it.
    private func insertRow(_ table: TableSchema, _ given: [SQLValue], resolution: ConflictResolution,
                           store: TableStore, hooks: (any SQLRowHooks)?) throws -> Bool {
        var row = zip(table.columns, given).map { $0.affinity.apply($1) }
        var rowid: Int64
        if let r = table.rowidColumn, !row[r].isNull {
            guard let id = Executor.exactRowid(row[r]) else {
                throw ToonDBError(.constraintViolation, "datatype mismatch: \(table.name).\(table.columns[r].name) must be an integer")
            }
            rowid = id
        } else {
            rowid = try store.nextRowid(table)
        }
        if let r = table.rowidColumn { row[r] = .integer(rowid) }
        if let hooks, let rewritten = try hooks.before(.insert, table: table.name, columns: table.columns.map(\.name),
                                                       old: nil, new: row) {
            try applyRewrite(table, rewritten, &row, &rowid)
        }
        guard try checkNotNull(table, &row, resolution: resolution) else { return false }
        try fireTriggers(table, .insert, .before, old: nil, new: row + [.integer(rowid)])
        guard try resolveConflicts(table, row, rowid: rowid, updating: nil, resolution, store) else { return false }
        try store.insert(table, row, rowid: rowid)
        try store.noteRowid(table, rowid)
        try fireTriggers(table, .insert, .after, old: nil, new: row + [.integer(rowid)])
        try hooks?.after(.insert, table: table.name, columns: table.columns.map(\.name), old: nil, new: row)
        return true
    }

    /// Takes the row a BEFORE hook returned: its affinity applied, the rowid following its rowid column.
    private func applyRewrite(_ table: TableSchema, _ rewritten: [SQLValue], _ row: inout [SQLValue], _ rowid: inout Int64) throws {
        guard rewritten.count == table.columns.count else {
            throw ToonDBError(.invalidArgument, "a trigger on \(table.name) returned \(rewritten.count) values for \(table.columns.count) columns",
                              remediation: "return the row it was given, changed in place")
        }
        row = zip(table.columns, rewritten).map { $0.affinity.apply($1) }
        if let r = table.rowidColumn {
            if row[r].isNull { row[r] = .integer(rowid) }
            guard let id = Executor.exactRowid(row[r]) else {
                throw ToonDBError(.constraintViolation, "datatype mismatch: \(table.name).\(table.columns[r].name) must be an integer")
            }
            rowid = id
            row[r] = .integer(id)
        }
    }

    /// Other rows whose rowid or unique keys clash with `row` (`updating`: the
    /// row's own old rowid, which never clashes): an error, or with OR IGNORE
    /// false (skip the row), or with OR REPLACE those rows deleted.
    private func resolveConflicts(_ table: TableSchema, _ row: [SQLValue], rowid: Int64, updating current: Int64?,
                                  _ resolution: ConflictResolution, _ store: TableStore) throws -> Bool {
        var conflicts: [Int64] = []
        if rowid != current, try store.row(table, rowid: rowid) != nil { conflicts.append(rowid) }
        for index in catalog.indexes(on: table.name) where index.unique {
            let clash = try store.uniqueConflicts(index, row, rowid: current ?? rowid)
            if !clash.isEmpty && resolution != .replace && resolution != .ignore { throw uniqueError(table, index) }
            conflicts += clash
        }
        guard !conflicts.isEmpty else { return true }
        switch resolution {
        case .ignore:
            return false
        case .replace:
            for id in Set(conflicts) {
                if let other = try store.row(table, rowid: id) { try store.delete(table, Array(other.dropLast()), rowid: id) }
            }
            return true
        default:
            throw ToonDBError(.constraintViolation, "UNIQUE constraint failed: \(table.name).\(table.rowidColumn.map { table.columns[$0].name } ?? "rowid")")
        }
    }

    private func uniqueError(_ table: TableSchema, _ index: IndexSchema) -> ToonDBError {
        ToonDBError(.constraintViolation, "UNIQUE constraint failed: " + index.columnNames.map { "\(table.name).\($0)" }.joined(separator: ", "))
    }

    /// NOT NULL: an error, or with OR REPLACE the column default, or with OR IGNORE a skipped row (false).
    private func checkNotNull(_ table: TableSchema, _ row: inout [SQLValue], resolution: ConflictResolution) throws -> Bool {
        for (i, c) in table.columns.enumerated() where c.notNull && row[i].isNull {
            if resolution == .ignore { return false }
            if resolution == .replace, case let d = try defaultValue(c), !d.isNull {
                row[i] = c.affinity.apply(d)
                continue
            }
            throw ToonDBError(.constraintViolation, "NOT NULL constraint failed: \(table.name).\(c.name)")
        }
        return true
    }

    func defaultValue(_ c: ColumnSchema) throws -> SQLValue {
        switch c.defaultValue {
        case .none: return .null
        case .value(let v): return v
        case .function(let name):
            guard let function = ScalarFunction(rawValue: name) else {
                throw ToonDBError(.corruption, "column \(c.name) has an unknown default function \(name)")
            }
            return try ScalarFunctions.call(function, [])
        }
    }

    /// The rows a plan of ``rowsOf(_:where:)`` selects (with their rowids last).
    private func matchingRows(_ plan: SelectPlan) throws -> [[SQLValue]] {
        try executor().join(plan.cores[0], parent: outer?.frame, stopAfter: nil)
    }

    /// An UPDATE's plan: the rows it changes, and its assignments bound against them.
    func plan(_ s: Update) throws -> StatementPlan {
        let table = try writableTable(s.table)
        let planner = Planner(catalog: catalog)
        let plan = try planner.plan(Self.rowsOf(s.table, where: s.whereClause), outer: outer?.scope)
        let binder = Binder(planner: planner, scope: plan.cores[0].scope, aggregates: nil)
        return .update(plan, assignments: try s.assignments.map { a in
            guard let i = table.columnIndex(a.column) else {
                throw ToonDBError(.sqlSemantic, "no such column: \(a.column)")
            }
            return (i, try binder.bind(a.value))
        })
    }

    /// A DELETE's plan: the rows it deletes.
    func plan(_ s: Delete) throws -> StatementPlan {
        _ = try writableTable(s.table)
        return .delete(try Planner(catalog: catalog).plan(Self.rowsOf(s.table, where: s.whereClause), outer: outer?.scope))
    }

    func update(_ s: Update, _ planned: StatementPlan) throws -> SQLQueryResult {
        guard case .update(let plan, let assignments) = planned else {
            throw ToonDBError(.internalError, "an UPDATE was given another kind of plan")
        }
        let table = try writableTable(s.table)
        let store = TableStore(txn: txn, catalog: catalog)
        let rows = try matchingRows(plan)
        let executor = executor()
        let hooks = engine.rowHooks(for: table.name)
        let names = table.columns.map(\.name)
        var count = 0
        for old in rows {
            let oldRowid = Executor.exactRowid(old[table.columns.count])!
            let f = Frame(row: old, parent: outer?.frame)
            var row = Array(old.prefix(table.columns.count))
            for (i, e) in assignments { row[i] = table.columns[i].affinity.apply(try executor.eval(e, f)) }
            var rowid = oldRowid
            if let r = table.rowidColumn {
                if row[r].isNull { row[r] = .integer(try store.nextRowid(table)) }
                guard let id = Executor.exactRowid(row[r]) else {
                    throw ToonDBError(.constraintViolation, "datatype mismatch: \(table.name).\(table.columns[r].name) must be an integer")
                }
                rowid = id
                row[r] = .integer(id)
            }
            if let hooks, let rewritten = try hooks.before(.update, table: table.name, columns: names,
                                                           old: Array(old.prefix(table.columns.count)), new: row) {
                try applyRewrite(table, rewritten, &row, &rowid)
            }
            guard try checkNotNull(table, &row, resolution: s.orConflict) else { continue }
            try fireTriggers(table, .update, .before, old: old, new: row + [.integer(rowid)])
            guard try resolveConflicts(table, row, rowid: rowid, updating: oldRowid, s.orConflict, store) else { continue }
            try store.delete(table, Array(old.prefix(table.columns.count)), rowid: oldRowid)
            try store.insert(table, row, rowid: rowid)
            try store.noteRowid(table, rowid)
            try fireTriggers(table, .update, .after, old: old, new: row + [.integer(rowid)])
            try hooks?.after(.update, table: table.name, columns: names, old: Array(old.prefix(table.columns.count)), new: row)
            count += 1
        }
        try hooks?.batch(.update, table: table.name, rowCount: count)
        return SQLQueryResult(rowsAffected: count)
    }

    func delete(_ s: Delete, _ planned: StatementPlan) throws -> SQLQueryResult {
        guard case .delete(let plan) = planned else {
            throw ToonDBError(.internalError, "a DELETE was given another kind of plan")
        }
        let table = try writableTable(s.table)
        let store = TableStore(txn: txn, catalog: catalog)
        let rows = try matchingRows(plan)
        let hooks = engine.rowHooks(for: table.name)
        let names = table.columns.map(\.name)
        for old in rows {
            let values = Array(old.prefix(table.columns.count))
            _ = try hooks?.before(.delete, table: table.name, columns: names, old: values, new: nil)
            try fireTriggers(table, .delete, .before, old: old, new: nil)
            try store.delete(table, values, rowid: Executor.exactRowid(old[table.columns.count])!)
            try fireTriggers(table, .delete, .after, old: old, new: nil)
            try hooks?.after(.delete, table: table.name, columns: names, old: values, new: nil)
        }
        try hooks?.batch(.delete, table: table.name, rowCount: rows.count)
        return SQLQueryResult(rowsAffected: rows.count)
    }

    private func writableTable(_ name: String) throws -> TableSchema {
        if let t = catalog.table(name) { return t }
        if catalog.views[name.lowercased()] != nil { throw ToonDBError(.sqlSemantic, "cannot modify \(name) because it is a view") }
        throw ToonDBError(.sqlSemantic, "no such table: \(name)")
    }

    /// Runs the triggers of a table for an event, with OLD and NEW rows (rowid last).
    private func fireTriggers(_ table: TableSchema, _ event: CreateTrigger.Event, _ timing: CreateTrigger.Timing,
                              old: [SQLValue]?, new: [SQLValue]?) throws {
        for (stored, parsed) in catalog.parsedTriggers(on: table.name) {
            guard let t = parsed else {
                throw ToonDBError(.corruption, "trigger \(stored.name) has a malformed definition")
            }
            guard t.event == event, t.timing == timing || (timing == .before && t.timing == .insteadOf) else { continue }
            if triggerDepth > 16 { throw ToonDBError(.sqlSemantic, "too many levels of trigger recursion") }
            let scope = Scope(parent: nil)
            let width = table.columns.count + 1
            let nulls = [SQLValue](repeating: .null, count: width)
            scope.add(name: "old", columns: table.columns.map(\.name), affinities: table.columns.map(\.affinity),
                      collations: table.columns.map(\.collation), hasRowid: true)
            scope.add(name: "new", columns: table.columns.map(\.name), affinities: table.columns.map(\.affinity),
                      collations: table.columns.map(\.collation), hasRowid: true)
            // Unqualified names inside a trigger body never mean OLD/NEW columns.
            let frame = Frame(row: (old ?? nulls) + (new ?? nulls), parent: nil)
            if let when = t.when {
                let bound = try Binder(planner: Planner(catalog: catalog), scope: scope, aggregates: nil).bind(when)
                if try Executor(txn: txn, catalog: catalog).eval(bound, frame).truth != true { continue }
            }
            let inner = StatementRunner(txn: txn, catalog: catalog, engine: engine, outer: (scope, frame),
                                        triggerDepth: triggerDepth + 1)
            for statement in t.body { _ = try inner.run(statement, text: "") }
        }
    }
}
