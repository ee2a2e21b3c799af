import ToonDB

/// Answers QUERY (PROTOCOL.md §4.6). The path's first segment names a table:
/// when a SQL table of that name exists (CREATE_TABLE makes one), its rows
/// are returned; otherwise keys `a/b/column…` under the path are grouped
/// into one row per `a/b`, in key order, the column being the rest of the key.
/// Offset applies before limit; the text is ``QueryReplyText``.
struct QueryRunner {
    let database: Database

    func run(_ q: IpcPayload.Query) throws -> String {
        let table = q.path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        if !table.isEmpty, let (columns, rows) = try sqlRows(table: table, columns: q.columns) {
            return QueryReplyText.render(columns: columns, rows: window(rows, q))
        }
        let (columns, rows) = try kvRows(path: q.path, columns: q.columns)
        return QueryReplyText.render(columns: columns, rows: window(rows, q))
    }

    private func window(_ rows: [[QueryReplyText.Cell]], _ q: IpcPayload.Query) -> [[QueryReplyText.Cell]] {
        let skipped = rows.dropFirst(Int(q.offset))
        return Array(q.limit > 0 ? skipped.prefix(Int(q.limit)) : skipped)
    }

    /// The rows of SQL table `table`, or nil when there is no such table.
    private func sqlRows(table: String, columns: [String]) throws -> ([String], [[QueryReplyText.Cell]])? {
        let list = columns.isEmpty ? "*" : columns.map(SQLText.identifier).joined(separator: ",")
        let txn = try database.beginTransaction()
        defer { txn.abort() }
        let result: SQLQueryResult
        do {
            result = try txn.executeSQL("SELECT \(list) FROM \(SQLText.identifier(table))")
        } catch let e as ToonDBError where e.code == .sqlSemantic && e.message.hasPrefix("no such table") {
            return nil
        }
        return (result.columns, result.values.map { $0.map(QueryReplyText.cell) })
    }

    /// Rows grouped from keys `a/b/column…` under `path`.
    private func kvRows(path: String, columns wanted: [String]) throws -> ([String], [[QueryReplyText.Cell]]) {
        var prefix = Array(path.utf8)
        while prefix.first == UInt8(ascii: "/") { prefix.removeFirst() }
        if !prefix.isEmpty && prefix.last != UInt8(ascii: "/") { prefix.append(UInt8(ascii: "/")) }
        var order: [String] = []          // row ids in key order
        var rows: [String: [String: QueryReplyText.Cell]] = [:]
        var seenColumns: [String] = []
        var columnSet: Set<String> = []
        try database.scanPrefix(prefix).forEach { entry in
            let key = String(decoding: entry.key, as: UTF8.self)
            let parts = key.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[2].isEmpty else { return }
            let id = String(parts[0]) + "/" + String(parts[1]), column = String(parts[2])
            if rows[id] == nil { order.append(id); rows[id] = [:] }
            rows[id]![column] = QueryReplyText.cell(stored: entry.value)
            if columnSet.insert(column).inserted { seenColumns.append(column) }
        }
        let columns = wanted.isEmpty ? seenColumns : wanted
        return (columns, order.map { id in columns.map { rows[id]![$0] ?? .null } })
    }
}

/// Quoting for the SQL text the server builds.
enum SQLText {
    /// `"name"` with inner quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
