import CSQLite
import ToonDB

/// The system SQLite (the C library) in memory: the oracle that ToonDB's SQL
/// is compared with (the differential test, the sqllogictest runner's own check).
public final class ReferenceSQLite {
    /// What SQLite reported: its message.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The outcome of the last statement run.
    public struct Outcome {
        public var columnCount: Int
        public var rows: [[SQLValue]]
        /// sqlite3_changes() after the statement (data changes only).
        public var changes: Int
    }

    private var handle: OpaquePointer?

    /// Opens an empty in-memory database.
    public init() throws {
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

    /// The parameters of the one statement in `sql` by number (index 0 is
    /// `?1`): SQLite's name for each, nil for those written `?`.
    public func parameterNames(_ sql: String) throws -> [String?] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw Failure(description: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        return (0..<sqlite3_bind_parameter_count(statement)).map { i in
            sqlite3_bind_parameter_name(statement, i + 1).map { String(cString: $0) }
        }
    }

    /// Runs every statement in `sql` (as `sqlite3_exec` would) and returns
    /// the last one's outcome; `arguments` are bound by number to the
    /// parameters of each statement (`arguments[0]` to `?1`), as
    /// `sqlite3_bind_*` binds them.
    public func run(_ sql: String, arguments: [SQLValue] = []) throws -> Outcome {
        var bytes = Array(sql.utf8CString)
        var outcome = Outcome(columnCount: 0, rows: [], changes: 0)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            guard var cursor = UnsafePointer(buffer.baseAddress) else { return }
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                guard sqlite3_prepare_v2(handle, cursor, -1, &statement, &tail) == SQLITE_OK else {
                    sqlite3_finalize(statement)
                    throw Failure(description: String(cString: sqlite3_errmsg(handle)))
                }
                defer { sqlite3_finalize(statement) }
                if let statement {
                    try bind(arguments, to: statement)
                    outcome = try step(statement)
                }
                guard let tail, tail != cursor else { break }
                cursor = tail
            }
        }
        return outcome
    }

    /// Binds `arguments[i]` to parameter `i + 1`, for every parameter the statement has.
    private func bind(_ arguments: [SQLValue], to statement: OpaquePointer) throws {
        // SQLITE_TRANSIENT: SQLite copies text and blobs before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for i in 0..<min(Int(sqlite3_bind_parameter_count(statement)), arguments.count) {
            let n = Int32(i + 1)
            let rc: Int32
            switch arguments[i] {
            case .null: rc = sqlite3_bind_null(statement, n)
            case .integer(let v): rc = sqlite3_bind_int64(statement, n, v)
            case .real(let v): rc = sqlite3_bind_double(statement, n, v)
            case .text(let s): rc = sqlite3_bind_text(statement, n, s, -1, transient)
            // An empty blob as zeroblob(0): a NULL pointer would bind NULL.
            case .blob(let b) where b.isEmpty: rc = sqlite3_bind_zeroblob(statement, n, 0)
            case .blob(let b): rc = b.withUnsafeBytes { sqlite3_bind_blob(statement, n, $0.baseAddress, Int32($0.count), transient) }
            }
            guard rc == SQLITE_OK else { throw Failure(description: String(cString: sqlite3_errmsg(handle))) }
        }
    }

    /// Steps one prepared statement to the end, copying out its rows.
    private func step(_ statement: OpaquePointer) throws -> Outcome {
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
