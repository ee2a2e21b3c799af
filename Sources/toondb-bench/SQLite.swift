import CSQLite

/// A connection to a SQLite database through the C API; one thread uses it at a time.
final class SQLiteConnection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?

    /// Opens (creating) the database file at `path`.
    init(path: String) throws {
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        if rc != SQLITE_OK {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(rc)"
            sqlite3_close(handle)
            throw BenchError("SQLite: cannot open \(path): \(message)")
        }
    }

    deinit { close() }

    /// Closes the connection (finalised statements only); later calls fail.
    func close() {
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// Runs SQL text, statements separated by semicolons, discarding any rows.
    func execute(_ sql: String) throws {
        if sqlite3_exec(handle, sql, nil, nil, nil) != SQLITE_OK { throw error(sql) }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        if sqlite3_prepare_v2(handle, sql, -1, &statement, nil) != SQLITE_OK { throw error(sql) }
        return SQLiteStatement(statement!, connection: self)
    }

    func error(_ context: String) -> BenchError {
        BenchError("SQLite: \(String(cString: sqlite3_errmsg(handle))) (\(context))")
    }
}

/// A prepared statement of a ``SQLiteConnection``.
final class SQLiteStatement {
    let statement: OpaquePointer
    let connection: SQLiteConnection

    fileprivate init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds `blobs` to the parameters (copied), calls `row` for each result
    /// row until the statement is done, then resets it.
    func run(_ blobs: [UInt8]..., row: (SQLiteStatement) -> Void = { _ in }) throws {
        defer { sqlite3_reset(statement) }
        for (i, blob) in blobs.enumerated() {
            let rc = blob.withUnsafeBytes {
                sqlite3_bind_blob(statement, Int32(i + 1), $0.baseAddress, Int32($0.count), SQLiteStatement.transient)
            }
            if rc != SQLITE_OK { throw connection.error("bind") }
        }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: row(self)
            case SQLITE_DONE: return
            default: throw connection.error(String(cString: sqlite3_sql(statement)))
            }
        }
    }

    /// The blob in column `index` of the current row.
    func blob(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let p = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    /// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
