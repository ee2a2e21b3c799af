/// A column of a table, as stored in the catalog (its stored form: `CatalogRecord.swift`).
struct ColumnSchema: Sendable {
    var name: String
    var declaredType: String
    var affinity: Affinity
    var notNull: Bool
    var defaultValue: DefaultValue
    var collation: Collation

    /// A column's DEFAULT: none (NULL), a constant, or a function evaluated at insert time.
    enum DefaultValue: Sendable {
        case none
        case value(SQLValue)
        case function(String)
    }
}

/// A table: its columns, which one (if any) is the rowid alias (`INTEGER PRIMARY KEY`).
struct TableSchema: Sendable {
    var name: String
    var columns: [ColumnSchema]
    /// The column that is the rowid (declared exactly `INTEGER PRIMARY KEY`).
    var rowidColumn: Int?
    /// Columns of the PRIMARY KEY (enforced by an automatic unique index when not the rowid).
    var primaryKey: [Int]
    var autoincrement: Bool

    func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name.caseInsensitiveEquals(name) }
    }
}

/// An index over columns of a table; `unique` ones enforce uniqueness of non-NULL keys.
struct IndexSchema: Sendable {
    var name: String
    var table: String
    var columns: [Int]
    var columnNames: [String]
    var descending: [Bool]
    var unique: Bool
    /// Made by a PRIMARY KEY or UNIQUE constraint rather than CREATE INDEX (cannot be dropped alone).
    var automatic: Bool
}

/// A view or trigger: kept as the statement text that created it.
struct StoredStatement: Sendable {
    var name: String
    /// The table a trigger belongs to (empty for views).
    var table: String
    var sql: String
}
