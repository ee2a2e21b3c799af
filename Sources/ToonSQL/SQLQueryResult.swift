/// One result row: values in column order, also addressable by column name.
public struct SQLRow: Sendable, Equatable {
    /// The column names, shared by every row of a result.
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLValue]

    /// Creates a row.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the first column named `name` (case-insensitive), or nil when there is none.
    public subscript(_ name: String) -> SQLValue? {
        columns.firstIndex { $0.caseInsensitiveEquals(name) }.map { values[$0] }
    }

    /// The value at column `index`.
    public subscript(_ index: Int) -> SQLValue { values[index] }
}

/// The result of one SQL statement (dialect: toondb-sql(7)).
public struct SQLQueryResult: Sendable, Equatable {
    /// The result's column names (empty for statements that return no rows).
    public var columns: [String]
    /// The rows, each with its values in column order.
    public var rows: [SQLRow]
    /// Rows inserted, updated or deleted by a data-changing statement.
    public var rowsAffected: Int

    /// Creates a result.
    public init(columns: [String] = [], rows: [SQLRow] = [], rowsAffected: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.rowsAffected = rowsAffected
    }

    /// The values of every row, row by row.
    public var values: [[SQLValue]] { rows.map(\.values) }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}
