import ToonCore
import ToonDB

/// EXECUTE_SQL (0x0F). The original answers every request with VALUE
/// `{"error":"SQL execution must be implemented client-side. …","sql":…}`;
/// no released client sends it. This server runs the SQL in a transaction of
/// its own and answers VALUE with `{"columns":[…],"rows":[[…]],"rows_affected":N}`,
/// or on failure with the original's shape, `{"error":"…","sql":"…"}`.
/// `BEGIN`, `COMMIT` and `ROLLBACK` are refused (use BEGIN_TXN/COMMIT_TXN).
enum SQLJSON {
    /// Runs `sql`; while it runs, its transaction is in `running`, where another
    /// thread can interrupt it.
    static func run(_ sql: String, on database: Database, running: RunningStatement) -> String {
        do {
            let txn = try database.beginTransaction()
            let result: SQLQueryResult
            do {
                result = try running.run(in: txn) { try txn.executeSQL(sql) }
                try txn.commit()
            } catch {
                txn.abort()
                throw error
            }
            let rows = result.values.map { "[" + $0.map(json).joined(separator: ",") + "]" }
            return "{\"columns\":[" + result.columns.map(JSONText.quote).joined(separator: ",") + "],\"rows\":["
                + rows.joined(separator: ",") + "],\"rows_affected\":\(result.rowsAffected)}"
        } catch {
            let message = (error as? ToonDBError)?.description ?? "\(error)"
            return "{\"error\":\(JSONText.quote(message)),\"sql\":\(JSONText.quote(sql))}"
        }
    }

    private static func json(_ v: SQLValue) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? "\(d)" : "null"
        case .text(let s): return JSONText.quote(s)
        case .blob(let b): return JSONText.quote(b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        }
    }
}
