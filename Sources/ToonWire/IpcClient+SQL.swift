import ToonDB

extension IpcClient {
    /// Runs SQL on the server (EXECUTE_SQL, in a transaction of the
    /// server's own; see `SQLJSON`) and returns its result. Blobs come back
    /// as hex text; an error on the server is thrown with its code when the
    /// message names one (`sqlSyntax: …`), else as `sqlSemantic`.
    public func executeSQL(_ sql: String) throws -> SQLQueryResult {
        let payload = try request(IpcOpcode.executeSQL, Array(sql.utf8), expect: IpcOpcode.value)
        let reply: Value
        do {
            reply = try Value(jsonBytes: payload)
        } catch {
            throw ToonDBError(.protocolError, "EXECUTE_SQL answered with text that is not JSON",
                              remediation: "is \(path) a toondb-server socket?")
        }
        if let message = reply["error"]?.stringValue {
            let name = message.prefix { $0 != ":" }
            let known = ErrorCode.known.first { $0.rawValue == name }
            let code = known ?? .sqlSemantic
            let text = known != nil ? String(message.dropFirst(name.count + 1).drop { $0 == " " }) : message
            throw ToonDBError(code, text)
        }
        guard let columns = reply["columns"]?.arrayValue?.compactMap(\.stringValue),
              let rows = reply["rows"]?.arrayValue else {
            throw ToonDBError(.protocolError, "EXECUTE_SQL answered without columns and rows")
        }
        let converted = rows.map { row in
            SQLRow(columns: columns, values: (row.arrayValue ?? []).map { v -> SQLValue in
                switch v {
                case .int(let i): return .integer(i)
                case .double(let d): return .real(d)
                case .string(let s): return .text(s)
                case .bool(let b): return .integer(b ? 1 : 0)
                default: return .null
                }
            })
        }
        return SQLQueryResult(columns: columns, rows: converted, rowsAffected: Int(reply["rows_affected"]?.intValue ?? 0))
    }
}
