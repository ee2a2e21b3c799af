import ToonCore
import ToonSQL
import ToonStorage

extension Database {
    /// Runs SQL (one statement or several separated by `;`) and returns the
    /// last statement's result (dialect: toondb-sql(7)).
    ///
    /// Outside `BEGIN … COMMIT` each statement is its own transaction. After
    /// `BEGIN`, statements run in one transaction on this handle until
    /// `COMMIT` or `ROLLBACK`; a failing statement inside it changes nothing
    /// and leaves the transaction open.
    @discardableResult
    public func executeSQL(_ text: String) throws -> SQLQueryResult {
        var last = SQLQueryResult()
        try executeScript(text) { last = $0 }
        return last
    }

    /// Runs SQL statement by statement, handing each statement's result to
    /// `body` as soon as it is ready (a script stops at the first error).
    public func executeScript(_ text: String, _ body: (SQLQueryResult) throws -> Void) throws {
        for (statement, source) in try SQLEngine.statements(text) {
            var last = SQLQueryResult()
            queries.add(1, ordering: .relaxed)
            switch statement {
            case .begin:
                try sqlSession.withLock { session in
                    if session != nil {
                        throw ToonDBError(.sqlSemantic, "cannot start a transaction within a transaction")
                    }
                    session = try engine.beginTransaction()
                }
                last = SQLQueryResult()
            case .commit:
                let txn = try sqlSession.withLock { session -> StorageTransaction in
                    guard let t = session else { throw ToonDBError(.sqlSemantic, "cannot commit - no transaction is active") }
                    session = nil
                    return t
                }
                do { try txn.commit() } catch {
                    sql.invalidateCatalog()
                    throw error
                }
                last = SQLQueryResult()
            case .rollback:
                let txn = try sqlSession.withLock { session -> StorageTransaction in
                    guard let t = session else { throw ToonDBError(.sqlSemantic, "cannot rollback - no transaction is active") }
                    session = nil
                    return t
                }
                txn.abort()
                sql.invalidateCatalog()
                last = SQLQueryResult()
            default:
                if let session = sqlSession.withLock({ $0 }) {
                    last = try runStatement(statement, source, in: session)
                } else {
                    let txn = try engine.beginTransaction()
                    txn.interrupt = interruptSignal.ticket()
                    do {
                        last = try sql.run(statement, text: source, in: txn)
                        try txn.commit()
                    } catch {
                        txn.abort()
                        sql.invalidateCatalog()
                        throw error
                    }
                }
            }
            try body(last)
        }
    }

    /// Runs a statement inside an open transaction; on failure its writes are undone.
    func runStatement(_ statement: Statement, _ source: String, in txn: StorageTransaction) throws -> SQLQueryResult {
        txn.interrupt = interruptSignal.ticket()
        defer { txn.interrupt = nil }
        let mark = txn.savepoint()
        do {
            let result = try sql.run(statement, text: source, in: txn)
            txn.release(mark)
            return result
        } catch {
            txn.rollback(to: mark)
            sql.invalidateCatalog()
            throw error
        }
    }
}

extension Transaction {
    /// Runs SQL inside this transaction: its writes commit or abort with the
    /// transaction's key-value writes. BEGIN, COMMIT and ROLLBACK are refused.
    @discardableResult
    public func executeSQL(_ text: String) throws -> SQLQueryResult {
        var last = SQLQueryResult()
        for (statement, source) in try SQLEngine.statements(text) {
            switch statement {
            case .begin, .commit, .rollback:
                throw ToonDBError(.sqlSemantic, "use the Transaction's commit() and abort() instead of SQL transaction statements")
            default:
                database.queries.add(1, ordering: .relaxed)
                last = try database.runStatement(statement, source, in: inner)
            }
        }
        return last
    }
}

extension Database {
    /// Stops the SQL statements running on this handle (from any thread, as
    /// `sqlite3_interrupt` does): each throws `interrupted` at its next row
    /// and changes nothing. Statements started afterwards run normally.
    public func interruptSQL() { interruptSignal.interrupt() }

    /// Whether a SQL `BEGIN` on this handle has not yet been committed or rolled back.
    public var sqlTransactionIsOpen: Bool { sqlSession.withLock { $0 != nil } }

    /// The SQL schema (tables, views, indexes, triggers) as this handle sees
    /// it, its own open SQL transaction included.
    public func sqlSchema() throws -> [SQLSchemaEntry] {
        if let session = sqlSession.withLock({ $0 }) { return try sql.schema(in: session) }
        let txn = try engine.beginTransaction()
        defer { txn.abort() }
        return try sql.schema(in: txn)
    }
}
