import ToonCore
internal import ToonStorage

/// CREATE, DROP, ALTER and REINDEX.
extension StatementRunner {
    func runDefinition(_ statement: Statement, text: String) throws -> SQLQueryResult {
        switch statement {
        case .createTable(let s): try createTable(s)
        case .dropTable(let name, let ifExists): try dropTable(name, ifExists: ifExists)
        case .createIndex(let s): try createIndex(s)
        case .dropIndex(let name, let ifExists): try dropIndex(name, ifExists: ifExists)
        case .createView(let name, let ifNotExists, _, let select):
            if catalog.objectExists(name) {
                if ifNotExists { break }
                throw ToonDBError(.alreadyExists, "\(kindOf(name)) \(name) already exists")
            }
            _ = try Planner(catalog: catalog).plan(select)
            try Catalog.store(.view, name, StoredStatement(name: name, table: "", sql: text), in: txn)
        case .dropView(let name, let ifExists):
            guard catalog.views[name.lowercased()] != nil else {
                if ifExists { break }
                if catalog.table(name) != nil { throw ToonDBError(.sqlSemantic, "use DROP TABLE to delete table \(name)") }
                throw ToonDBError(.notFound, "no such view: \(name)")
            }
            try Catalog.store(.view, name, Optional<StoredStatement>.none, in: txn)
        case .createTrigger(let t):
            if catalog.triggers[t.name.lowercased()] != nil {
                if t.ifNotExists { break }
                throw ToonDBError(.alreadyExists, "trigger \(t.name) already exists")
            }
            guard catalog.table(t.table) != nil || (t.timing == .insteadOf && catalog.views[t.table.lowercased()] != nil) else {
                throw ToonDBError(.sqlSemantic, "no such table: \(t.table)")
            }
            try Catalog.store(.trigger, t.name, StoredStatement(name: t.name, table: t.table, sql: text), in: txn)
        case .dropTrigger(let name, let ifExists):
            guard catalog.triggers[name.lowercased()] != nil else {
                if ifExists { break }
                throw ToonDBError(.notFound, "no such trigger: \(name)")
            }
            try Catalog.store(.trigger, name, Optional<StoredStatement>.none, in: txn)
        case .alterTable(let a): try alter(a)
        case .reindex(let name): try reindex(name)
        default: throw ToonDBError(.sqlSemantic, "unsupported statement")
        }
        return SQLQueryResult()
    }

    private func kindOf(_ name: String) -> String {
        let n = name.lowercased()
        if catalog.tables[n] != nil { return "table" }
        if catalog.views[n] != nil { return "view" }
        if catalog.indexes[n] != nil { return "index" }
        return "trigger"
    }

    private func createTable(_ s: CreateTable) throws {
        if catalog.table(s.name) != nil || catalog.views[s.name.lowercased()] != nil {
            if s.ifNotExists { return }
            throw ToonDBError(.alreadyExists, "\(kindOf(s.name)) \(s.name) already exists")
        }
        if s.name.lowercased().hasPrefix("sqlite_") {
            throw ToonDBError(.sqlSemantic, "object name reserved for internal use: \(s.name)")
        }
        var definitions = s.columns
        var rows: [[SQLValue]] = []
        if let select = s.asSelect {
            let plan = try Planner(catalog: catalog).plan(select)
            rows = try Executor(txn: txn, catalog: catalog).run(plan, parent: nil)
            definitions = plan.columnNames.map { ColumnDefinition(name: $0) }
        }
        var seen = Set<String>()
        for d in definitions where !seen.insert(d.name.lowercased()).inserted {
            throw ToonDBError(.sqlSemantic, "duplicate column name: \(d.name)")
        }
        if definitions.isEmpty { throw ToonDBError(.sqlSemantic, "a table needs at least one column") }
        let columns = try definitions.map { d in
            ColumnSchema(name: d.name, declaredType: d.typeName, affinity: Affinity(declaredType: d.typeName),
                         notNull: d.notNull, defaultValue: try defaultSpec(d.defaultValue),
                         collation: d.collation.flatMap { Collation(name: $0) } ?? .binary)
        }
        var pk = definitions.indices.filter { definitions[$0].primaryKey }
        for name in s.primaryKey {
            guard let i = definitions.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) else {
                throw ToonDBError(.sqlSemantic, "no such column: \(name)")
            }
            pk.append(i)
        }
        if definitions.filter(\.primaryKey).count > 1 || (!s.primaryKey.isEmpty && definitions.contains(where: \.primaryKey)) {
            throw ToonDBError(.sqlSemantic, "table \(s.name) has more than one primary key")
        }
        var rowidColumn: Int?
        if pk.count == 1, definitions[pk[0]].typeName.uppercased() == "INTEGER", !definitions[pk[0]].primaryKeyDescending {
            rowidColumn = pk[0]
        }
        let table = TableSchema(name: s.name, columns: columns, rowidColumn: rowidColumn, primaryKey: pk,
                                autoincrement: definitions.contains(where: \.autoincrement))
        try Catalog.store(.table, s.name, table, in: txn)
        var uniqueSets: [[Int]] = []
        if rowidColumn == nil && !pk.isEmpty { uniqueSets.append(pk) }
        uniqueSets += definitions.indices.filter { definitions[$0].unique }.map { [$0] }
        for names in s.uniqueConstraints {
            uniqueSets.append(try names.map { n in
                guard let i = table.columnIndex(n) else { throw ToonDBError(.sqlSemantic, "no such column: \(n)") }
                return i
            })
        }
        var updated = catalog
        updated.tables[s.name.lowercased()] = table
        for (n, cols) in uniqueSets.enumerated() {
            let index = IndexSchema(name: "sqlite_autoindex_\(s.name)_\(n + 1)", table: s.name, columns: cols,
                                    columnNames: cols.map { columns[$0].name },
                                    descending: Array(repeating: false, count: cols.count), unique: true, automatic: true)
            try Catalog.store(.index, index.name, index, in: txn)
            updated.indexes[index.name.lowercased()] = index
        }
        if !rows.isEmpty {
            let runner = StatementRunner(txn: txn, catalog: updated, engine: engine, outer: outer, triggerDepth: triggerDepth)
            let values = Select(first: .values(rows.map { $0.map(Expr.literal) }))
            _ = try runner.insert(Insert(table: s.name, columns: nil, source: values))
        }
    }

    private func defaultSpec(_ e: Expr?) throws -> ColumnSchema.DefaultValue {
        guard let e else { return .none }
        if case .function(let name, let args, _, _, _) = e, args.isEmpty,
           ["current_timestamp", "current_date", "current_time"].contains(name.lowercased()) {
            return .function(name.lowercased())
        }
        let bound = try Binder(planner: Planner(catalog: catalog), scope: Scope(parent: nil), aggregates: nil).bind(e)
        return .value(try Executor(txn: txn, catalog: catalog).eval(bound, Frame(row: [], parent: nil)))
    }

    private func dropTable(_ name: String, ifExists: Bool) throws {
        guard let table = catalog.table(name) else {
            if ifExists { return }
            if catalog.views[name.lowercased()] != nil { throw ToonDBError(.sqlSemantic, "use DROP VIEW to delete view \(name)") }
            throw ToonDBError(.notFound, "no such table: \(name)")
        }
        let store = TableStore(txn: txn, catalog: catalog)
        try store.deleteRange(KeyEncoding.rowPrefix(table.name))
        for index in catalog.indexes(on: table.name) {
            try store.deleteRange(KeyEncoding.indexPrefix(table.name, index.name))
            try Catalog.store(.index, index.name, Optional<IndexSchema>.none, in: txn)
        }
        for trigger in catalog.triggers(on: table.name) {
            try Catalog.store(.trigger, trigger.name, Optional<StoredStatement>.none, in: txn)
        }
        try txn.delete(KeyEncoding.catalogKey("rowid", table.name.lowercased()))
        try Catalog.store(.table, table.name, Optional<TableSchema>.none, in: txn)
    }

    private func createIndex(_ s: CreateIndex) throws {
        guard let table = catalog.table(s.table) else { throw ToonDBError(.sqlSemantic, "no such table: \(s.table)") }
        if catalog.objectExists(s.name) {
            if s.ifNotExists { return }
            throw ToonDBError(.alreadyExists, "\(kindOf(s.name)) \(s.name) already exists")
        }
        let cols = try s.columns.map { c in
            guard let i = table.columnIndex(c.name) else { throw ToonDBError(.sqlSemantic, "no such column: \(c.name)") }
            return i
        }
        let index = IndexSchema(name: s.name, table: table.name, columns: cols, columnNames: cols.map { table.columns[$0].name },
                                descending: s.columns.map(\.descending), unique: s.unique, automatic: false)
        try build(index, table)
        try Catalog.store(.index, index.name, index, in: txn)
    }

    /// Writes an index's entries for every row, refusing duplicates in a unique index.
    private func build(_ index: IndexSchema, _ table: TableSchema) throws {
        let store = TableStore(txn: txn, catalog: catalog)
        var keys = Set<[UInt8]>()
        for row in try store.scan(table) {
            let values = Array(row.dropLast())
            let rowid = Executor.exactRowid(row.last!)!
            if index.unique && !index.columns.contains(where: { values[$0].isNull }) {
                guard keys.insert(store.indexKey(index, values, rowid: nil)).inserted else {
                    throw ToonDBError(.constraintViolation, "UNIQUE constraint failed: " +
                                      index.columnNames.map { "\(table.name).\($0)" }.joined(separator: ", "))
                }
            }
            try txn.put(store.indexKey(index, values, rowid: rowid), [])
        }
    }

    private func dropIndex(_ name: String, ifExists: Bool) throws {
        guard let index = catalog.indexes[name.lowercased()] else {
            if ifExists { return }
            throw ToonDBError(.notFound, "no such index: \(name)")
        }
        if index.automatic {
            throw ToonDBError(.sqlSemantic, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped")
        }
        try TableStore(txn: txn, catalog: catalog).deleteRange(KeyEncoding.indexPrefix(index.table, index.name))
        try Catalog.store(.index, index.name, Optional<IndexSchema>.none, in: txn)
    }

    private func reindex(_ name: String?) throws {
        let targets = catalog.indexes.values.filter { i in
            guard let name else { return true }
            return i.name.caseInsensitiveEquals(name) || i.table.caseInsensitiveEquals(name)
        }
        if let name, targets.isEmpty, catalog.table(name) == nil {
            throw ToonDBError(.notFound, "unable to identify the object to be reindexed: \(name)")
        }
        for index in targets {
            guard let table = catalog.table(index.table) else { continue }
            try TableStore(txn: txn, catalog: catalog).deleteRange(KeyEncoding.indexPrefix(index.table, index.name))
            try build(index, table)
        }
    }

    private func alter(_ a: AlterTable) throws {
        switch a {
        case .addColumn(let name, let d):
            guard var table = catalog.table(name) else { throw ToonDBError(.sqlSemantic, "no such table: \(name)") }
            if table.columnIndex(d.name) != nil { throw ToonDBError(.sqlSemantic, "duplicate column name: \(d.name)") }
            if d.primaryKey || d.unique { throw ToonDBError(.sqlSemantic, "cannot add a PRIMARY KEY or UNIQUE column") }
            let spec = try defaultSpec(d.defaultValue)
            if d.notNull, case .none = spec { throw ToonDBError(.sqlSemantic, "cannot add a NOT NULL column with default value NULL") }
            table.columns.append(ColumnSchema(name: d.name, declaredType: d.typeName, affinity: Affinity(declaredType: d.typeName),
                                              notNull: d.notNull, defaultValue: spec,
                                              collation: d.collation.flatMap { Collation(name: $0) } ?? .binary))
            try Catalog.store(.table, table.name, table, in: txn)
        case .renameColumn(let name, let from, let to):
            guard var table = catalog.table(name) else { throw ToonDBError(.sqlSemantic, "no such table: \(name)") }
            guard let i = table.columnIndex(from) else { throw ToonDBError(.sqlSemantic, "no such column: \(from)") }
            if table.columnIndex(to) != nil { throw ToonDBError(.sqlSemantic, "duplicate column name: \(to)") }
            table.columns[i].name = to
            try Catalog.store(.table, table.name, table, in: txn)
            for var index in catalog.indexes(on: table.name) where index.columns.contains(i) {
                index.columnNames = index.columns.map { table.columns[$0].name }
                try Catalog.store(.index, index.name, index, in: txn)
            }
        case .renameTable(let name, let to):
            guard var table = catalog.table(name) else { throw ToonDBError(.sqlSemantic, "no such table: \(name)") }
            if catalog.objectExists(to) && !to.caseInsensitiveEquals(name) {
                throw ToonDBError(.alreadyExists, "there is already another table or index with this name: \(to)")
            }
            let store = TableStore(txn: txn, catalog: catalog)
            let rows = try store.scan(table)
            let indexes = catalog.indexes(on: table.name)
            for row in rows { try store.delete(table, Array(row.dropLast()), rowid: Executor.exactRowid(row.last!)!) }
            try Catalog.store(.table, table.name, Optional<TableSchema>.none, in: txn)
            let counter = try txn.get(KeyEncoding.catalogKey("rowid", table.name.lowercased()))
            try txn.delete(KeyEncoding.catalogKey("rowid", table.name.lowercased()))
            table.name = to
            var renamed = catalog
            renamed.tables[name.lowercased()] = nil
            renamed.tables[to.lowercased()] = table
            for var index in indexes {
                index.table = to
                renamed.indexes[index.name.lowercased()] = index
                try Catalog.store(.index, index.name, index, in: txn)
            }
            for var trigger in catalog.triggers(on: name) {
                trigger.table = to
                try Catalog.store(.trigger, trigger.name, trigger, in: txn)
            }
            try Catalog.store(.table, to, table, in: txn)
            if let counter { try txn.put(KeyEncoding.catalogKey("rowid", to.lowercased()), counter) }
            let newStore = TableStore(txn: txn, catalog: renamed)
            for row in rows { try newStore.insert(table, Array(row.dropLast()), rowid: Executor.exactRowid(row.last!)!) }
        }
    }
}
