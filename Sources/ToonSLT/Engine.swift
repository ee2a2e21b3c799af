import ToonDB

/// A value as the runner sees it: SQLite's five storage classes, as ToonDB's ``SQLValue``.
package typealias SLTValue = SQLValue

/// What one SQL command returned: its column count and its rows.
package struct SLTResult: Sendable, Equatable {
    /// How many columns the command's result has (0 for commands that return no rows).
    package var columnCount: Int
    /// The rows, each holding `columnCount` values.
    package var rows: [[SLTValue]]

    package init(columnCount: Int, rows: [[SLTValue]]) {
        self.columnCount = columnCount
        self.rows = rows
    }
}

/// A SQL engine the runner can drive. One instance serves one test file.
package protocol SQLLogicEngine: AnyObject {
    /// Runs one SQL command; throws when the engine reports an error.
    func execute(_ sql: String) throws -> SLTResult
    /// Releases the engine's resources (called once, after the file has run).
    func close()
}

extension SQLLogicEngine {
    package func close() {}
}

/// Makes a fresh engine with an empty database.
package typealias SQLLogicEngineFactory = () throws -> any SQLLogicEngine
