import ToonSQL

/// The rows of one execution of a ``PreparedStatement``, produced as
/// ``next()`` asks for them: a plain SELECT over one table (a scan or a
/// rowid range, with WHERE, LIMIT and OFFSET) reads the stored rows one by
/// one in constant memory; other queries are computed on the first call.
/// A cursor reading in a transaction of its own ends it after the last row,
/// after an error, or when the cursor is released.
public final class SQLRowCursor {
    /// The result's column names.
    public let columns: [String]
    /// Rows inserted, updated or deleted, for a statement that changes data.
    public let rowsAffected: Int

    private let stream: RowStream
    private var finish: (() -> Void)?
    private var done = false

    init(_ stream: RowStream, rowsAffected: Int = 0, finish: (() -> Void)?) {
        self.stream = stream
        columns = stream.columns
        self.rowsAffected = rowsAffected
        self.finish = finish
    }

    /// A cursor over a result already computed.
    convenience init(_ result: SQLQueryResult) {
        self.init(RowStream(columns: result.columns, rows: result.values), rowsAffected: result.rowsAffected, finish: nil)
    }

    /// The next row, or nil after the last one.
    public func next() throws -> SQLRow? {
        guard !done else { return nil }
        do {
            if let values = try stream.next() { return SQLRow(columns: columns, values: values) }
        } catch {
            close()
            throw error
        }
        close()
        return nil
    }

    /// Calls `body` with each remaining row.
    public func forEach(_ body: (SQLRow) throws -> Void) throws {
        while let row = try next() { try body(row) }
    }

    private func close() {
        done = true
        finish?()
        finish = nil
    }

    deinit { finish?() }
}
