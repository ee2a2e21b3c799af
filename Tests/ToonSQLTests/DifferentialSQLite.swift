import CSQLite
import ToonDB

/// The system SQLite (the C library), in memory: the differential test's oracle.
final class DifferentialSQLite {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One statement's outcome.
    struct Outcome {
        var columnCount: Int
        var rows: [[SQLValue]]
        /// sqlite3_changes() after the statement (data changes only).
        var changes: Int
    }

    private var handle: OpaquePointer?

    init() throws {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open SQLite"
            sqlite3_close(db)
            throw Failure(description: message)
        }
        handle = db
    }

    deinit { sqlite3_close(handle) }

    /// Prepares and steps one statement to the end.
    func run(_ sql: String) throws -> Outcome {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            let message = String(cString: sqlite3_errmsg(handle))
            sqlite3_finalize(statement)
            throw Failure(description: message)
        }
        defer { sqlite3_finalize(statement) }
        let columns = Int(sqlite3_column_count(statement))
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(handle))) }
            var row: [SQLValue] = []
            row.reserveCapacity(columns)
            for i in 0..<Int32(columns) { row.append(value(statement, i)) }
            rows.append(row)
        }
        let changes = columns == 0 ? Int(sqlite3_changes(handle)) : 0
        return Outcome(columnCount: columns, rows: rows, changes: changes)
    }

    private func value(_ statement: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, i) else { return .text("") }
            let n = Int(sqlite3_column_bytes(statement, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(statement, i))
            guard n > 0, let blob = sqlite3_column_blob(statement, i) else { return .blob([]) }
            return .blob(Array(UnsafeBufferPointer(start: blob.assumingMemoryBound(to: UInt8.self), count: n)))
        default:
            return .null
        }
    }
}
