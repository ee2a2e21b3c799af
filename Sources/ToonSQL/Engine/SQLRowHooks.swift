import ToonCore

/// The kind of row change a ``SQLRowHooks`` hears about.
public enum SQLRowEvent: String, Sendable, CaseIterable {
    /// A row inserted.
    case insert = "INSERT"
    /// A row updated.
    case update = "UPDATE"
    /// A row deleted.
    case delete = "DELETE"
}

/// Code the SQL executor calls around each row an INSERT, UPDATE or DELETE
/// changes, and once per statement (ToonDB's `PluginRegistry` implements it).
/// Rows are the table's column values in column order (no rowid). Anything
/// a hook throws fails the statement, and a failed statement changes nothing.
public protocol SQLRowHooks: AnyObject, Sendable {
    /// Whether any hook concerns `table`; the executor skips the others.
    func watches(_ table: String) -> Bool
    /// Before a row is written or deleted (after defaults, affinity and the
    /// rowid are applied; before NOT NULL and UNIQUE checks). A non-nil
    /// result replaces the new row of an INSERT or UPDATE; it is ignored for a DELETE.
    func before(_ event: SQLRowEvent, table: String, columns: [String], old: [SQLValue]?, new: [SQLValue]?) throws -> [SQLValue]?
    /// After a row was written or deleted.
    func after(_ event: SQLRowEvent, table: String, columns: [String], old: [SQLValue]?, new: [SQLValue]?) throws
    /// Once per statement, after its last row, with the number of rows it changed.
    func batch(_ event: SQLRowEvent, table: String, rowCount: Int) throws
}
