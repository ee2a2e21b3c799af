import ToonDB

/// A value as the runner sees it: SQLite's five storage classes, as ToonDB's ``SQLValue``.
public typealias SLTValue = SQLValue

/// What one SQL command returned: its column count and its rows.
public struct SLTResult: Sendable, Equatable {
    /// How many columns the command's result has (0 for commands that return no rows).
    public var columnCount: Int
    /// The rows, each holding `columnCount` values.
    public var rows: [[SLTValue]]

    public init(columnCount: Int, rows: [[SLTValue]]) {
        self.columnCount = columnCount
        self.rows = rows
    }
}

/// A SQL engine the runner can drive. One instance serves one test file.
public protocol SQLLogicEngine: AnyObject {
    /// Runs one SQL command; throws when the engine reports an error.
    func execute(_ sql: String) throws -> SLTResult
    /// Releases the engine's resources (called once, after the file has run).
    func close()
}

extension SQLLogicEngine {
    public func close() {}
}

/// Makes a fresh engine with an empty database.
public typealias SQLLogicEngineFactory = () throws -> any SQLLogicEngine
