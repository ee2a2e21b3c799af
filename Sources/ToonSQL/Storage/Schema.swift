/// A column of a table, as stored in the catalog.
struct ColumnSchema: Codable, Sendable {
    var name: String
    var declaredType: String
    var affinity: Affinity
    var notNull: Bool
    var defaultValue: DefaultValue
    var collation: Collation

    /// A column's DEFAULT: none (NULL), a constant, or a function evaluated at insert time.
    enum DefaultValue: Codable, Sendable {
        case none
        case value(StoredValue)
        case function(String)
    }
}

/// A value in a Codable form for the catalog.
enum StoredValue: Codable, Sendable {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])

    init(_ v: SQLValue) {
        switch v {
        case .null: self = .null
        case .integer(let i): self = .integer(i)
        case .real(let d): self = .real(d)
        case .text(let s): self = .text(s)
        case .blob(let b): self = .blob(b)
        }
    }

    var value: SQLValue {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .text(let s): return .text(s)
        case .blob(let b): return .blob(b)
        }
    }
}

/// A table: its columns, which one (if any) is the rowid alias (`INTEGER PRIMARY KEY`).
struct TableSchema: Codable, Sendable {
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
struct IndexSchema: Codable, Sendable {
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
struct StoredStatement: Codable, Sendable {
    var name: String
    /// The table a trigger belongs to (empty for views).
    var table: String
    var sql: String
}
