import CSQLite
import ToonDB

/// A SQLite connection for `sql`: runs SQL text and returns its rows as
/// ``SQLValue``s, the form ToonDB's `executeSQL` returns them in, so the two
/// engines' results can be compared and both pay for materialising them.
extension SQLiteConnection {
    /// One statement the way ToonDB runs every statement today:
    /// `sqlite3_prepare_v2`, steps to the end, `sqlite3_finalize`; no reuse.
    func query(_ sql: String) throws -> [[SQLValue]] {
        try prepare(sql).rows()
    }

    /// Steps `statement` to the end, copying out every row.
    static func rows(_ statement: OpaquePointer, _ failure: () -> BenchError) throws -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        let columns = sqlite3_column_count(statement)
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: out.append((0..<columns).map { value(statement, $0) })
            case SQLITE_DONE: return out
            default: throw failure()
            }
        }
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let p = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let p = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }
}

extension SQLiteStatement {
    /// Binds `parameters`, steps to the end copying out the rows, then resets.
    func rows(_ parameters: SQLValue...) throws -> [[SQLValue]] {
        defer { sqlite3_reset(statement) }
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let n): rc = sqlite3_bind_int64(statement, index, n)
            case .real(let d): rc = sqlite3_bind_double(statement, index, d)
            case .text(let s): rc = sqlite3_bind_text(statement, index, s, -1, SQLiteStatement.transient)
            case .blob(let b):
                rc = b.withUnsafeBytes {
                    sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), SQLiteStatement.transient)
                }
            }
            if rc != SQLITE_OK { throw connection.error("bind") }
        }
        return try SQLiteConnection.rows(statement) { connection.error(String(cString: sqlite3_sql(statement))) }
    }

}
