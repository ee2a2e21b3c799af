import ToonDB

/// What running a line of the query pane or the `:` command line gives:
/// a grid of rows, a message, or both. The console's command registry
/// produces the same, so it can be plugged in as the explorer's
/// ``CommandRunner``.
package struct CommandOutput: Sendable, Equatable {
    /// Column names (empty when there is no grid).
    package var columns: [String]
    /// Rows, one value per column.
    package var rows: [[Value]]
    /// A line to show in the status line (`3 rows changed`).
    package var message: String?

    /// An output.
    package init(columns: [String] = [], rows: [[Value]] = [], message: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.message = message
    }
}

/// Runs one entry of the query pane (SQL, or a console command once that is
/// plugged in). Called off the UI thread.
package typealias CommandRunner = @Sendable (String) throws -> CommandOutput

extension CommandOutput {
    /// The runner that sends everything to ``DataSource/executeSQL(_:)``.
    package static func sqlRunner(_ source: DataSource) -> CommandRunner {
        { text in
            let r = try source.executeSQL(text)
            if let tree = r.resultSet().queryPlanTree() {
                return CommandOutput(columns: ["QUERY PLAN"], rows: tree.map { [.string($0)] })
            }
            let rows = r.values.map { $0.map(\.documentValue) }
            if r.columns.isEmpty { return CommandOutput(message: "\(r.rowsAffected) row\(r.rowsAffected == 1 ? "" : "s") changed") }
            return CommandOutput(columns: r.columns, rows: rows)
        }
    }
}
