package import ToonStorage

/// One object of the SQL schema, for listings (`.tables`, `.schema`, the
/// explorer's tree and completion).
public struct SQLSchemaEntry: Sendable, Equatable {
    /// What the object is.
    public enum Kind: String, Sendable { case table, index, view, trigger }
    /// What the object is.
    public var kind: Kind
    /// Its name.
    public var name: String
    /// The table it belongs to (itself for a table; empty for a view).
    public var table: String
    /// A table's column names in order (empty for other kinds).
    public var columns: [String]
    /// A statement that creates it (rebuilt from the catalog for tables and indexes).
    public var sql: String
}

extension SQLEngine {
    /// Every table, index (except automatic ones), view and trigger as `txn`
    /// sees them, sorted by kind then name.
    package func schema(in txn: StorageTransaction) throws -> [SQLSchemaEntry] {
        let c = try catalog(txn)
        var out: [SQLSchemaEntry] = []
        for t in c.tables.values {
            let cols = t.columns.enumerated().map { i, col -> String in
                var d = col.name + (col.declaredType.isEmpty ? "" : " " + col.declaredType)
                if t.rowidColumn == i || (t.primaryKey == [i]) { d += " PRIMARY KEY" }
                if col.notNull { d += " NOT NULL" }
                if case .value(let v) = col.defaultValue { d += " DEFAULT " + v.sqlLiteral }
                return d
            }
            var body = cols
            if t.primaryKey.count > 1 {
                body.append("PRIMARY KEY (" + t.primaryKey.map { t.columns[$0].name }.joined(separator: ", ") + ")")
            }
            out.append(SQLSchemaEntry(kind: .table, name: t.name, table: t.name, columns: t.columns.map(\.name),
                                      sql: "CREATE TABLE \(t.name) (\(body.joined(separator: ", ")))"))
        }
        for i in c.indexes.values where !i.automatic {
            let cols = zip(i.columnNames, i.descending).map { $0 + ($1 ? " DESC" : "") }.joined(separator: ", ")
            out.append(SQLSchemaEntry(kind: .index, name: i.name, table: i.table, columns: [],
                                      sql: "CREATE \(i.unique ? "UNIQUE " : "")INDEX \(i.name) ON \(i.table) (\(cols))"))
        }
        for v in c.views.values { out.append(SQLSchemaEntry(kind: .view, name: v.name, table: "", columns: [], sql: v.sql)) }
        for t in c.triggers.values {
            out.append(SQLSchemaEntry(kind: .trigger, name: t.name, table: t.table, columns: [], sql: t.sql))
        }
        let order: [SQLSchemaEntry.Kind: Int] = [.table: 0, .view: 1, .index: 2, .trigger: 3]
        return out.sorted { (order[$0.kind]!, $0.name.lowercased()) < (order[$1.kind]!, $1.name.lowercased()) }
    }
}

private extension SQLValue {
    /// The value written as a SQL literal.
    var sqlLiteral: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let b): return "X'" + b.map { String($0, radix: 16).uppercased().leftPadded() }.joined() + "'"
        }
    }
}

private extension String {
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}
