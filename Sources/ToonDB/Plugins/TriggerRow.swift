import ToonSQL

/// A table row as a trigger sees it: the table's columns in order and their
/// values, readable and writable by column name (case-insensitive).
public struct TriggerRow: Sendable, Equatable {
    /// The table's column names, in order.
    public let columns: [String]
    /// The values, in column order.
    public var values: [SQLValue]

    /// Creates a row.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of column `name`; nil when there is no such column. Setting
    /// a column that does not exist does nothing.
    public subscript(_ name: String) -> SQLValue? {
        get { index(name).map { values[$0] } }
        set {
            if let i = index(name) { values[i] = newValue ?? .null }
        }
    }

    private func index(_ name: String) -> Int? {
        let lower = name.lowercased()
        return columns.firstIndex { $0.lowercased() == lower }
    }
}
