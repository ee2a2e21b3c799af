import CSQLite
import ToonSLT

/// The system SQLite as a runner engine: an in-memory database per file.
/// It validates the runner: SQLite produced every expected result in the suite.
final class SQLiteEngine: SQLLogicEngine {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var db: OpaquePointer?

    init() throws {
        guard sqlite3_open(":memory:", &db) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw Failure(description: message)
        }
    }

    static func factory() throws -> any SQLLogicEngine { try SQLiteEngine() }

    /// Runs every command in `sql` (as `sqlite3_exec` would) and returns the last one's rows.
    func execute(_ sql: String) throws -> SLTResult {
        var bytes = Array(sql.utf8CString)
        var result = SLTResult(columnCount: 0, rows: [])
        try bytes.withUnsafeMutableBufferPointer { buffer in
            guard var cursor = UnsafePointer(buffer.baseAddress) else { return }
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                guard sqlite3_prepare_v2(db, cursor, -1, &statement, &tail) == SQLITE_OK else {
                    sqlite3_finalize(statement)
                    throw Failure(description: String(cString: sqlite3_errmsg(db)))
                }
                defer { sqlite3_finalize(statement) }
                if let statement { result = try run(statement) }
                guard let tail, tail != cursor else { break }
                cursor = tail
            }
        }
        return result
    }

    private func run(_ statement: OpaquePointer) throws -> SLTResult {
        let columns = Int(sqlite3_column_count(statement))
        var rows: [[SLTValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
            var row: [SLTValue] = []
            row.reserveCapacity(columns)
            for i in 0..<Int32(columns) {
                switch sqlite3_column_type(statement, i) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, i)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, i)))
                case SQLITE_TEXT:
                    let n = Int(sqlite3_column_bytes(statement, i))
                    let bytes = sqlite3_column_text(statement, i).map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? []
                    row.append(.text(String(decoding: bytes, as: UTF8.self)))
                case SQLITE_BLOB:
                    let n = Int(sqlite3_column_bytes(statement, i))
                    let bytes = sqlite3_column_blob(statement, i).map {
                        Array(UnsafeBufferPointer(start: $0.assumingMemoryBound(to: UInt8.self), count: n))
                    } ?? []
                    row.append(.blob(bytes))
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
        return SLTResult(columnCount: columns, rows: rows)
    }

    func close() {
        sqlite3_close(db)
        db = nil
    }
}
