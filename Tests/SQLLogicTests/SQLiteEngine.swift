import ToonSLT
import ToonTestSupport

/// The system SQLite as a runner engine: an in-memory database per file.
/// It validates the runner: SQLite produced every expected result in the suite.
final class SQLiteEngine: SQLLogicEngine {
    private var sqlite: ReferenceSQLite?

    init() throws { sqlite = try ReferenceSQLite() }

    static func factory() throws -> any SQLLogicEngine { try SQLiteEngine() }

    /// Runs every command in `sql` (as `sqlite3_exec` would) and returns the last one's rows.
    func execute(_ sql: String) throws -> SLTResult {
        guard let sqlite else { throw ReferenceSQLite.Failure(description: "the database is closed") }
        let outcome = try sqlite.run(sql)
        return SLTResult(columnCount: outcome.columnCount, rows: outcome.rows)
    }

    func close() { sqlite = nil }
}
