import ToonCore
import ToonSQL
internal import ToonStorage

extension Database {
    /// Runs SQL (one statement or several separated by `;`) and returns the
    /// last statement's result (dialect: toondb-sql(7)).
    ///
    /// `arguments` are bound to the statements' parameters (`?`, `?NNN`,
    /// `:name`, `@name`, `$name`), as values, never as SQL text:
    ///
    /// ```swift
    /// try db.executeSQL("INSERT INTO users VALUES (?, ?)", arguments: [42, "bob"])
    /// ```
    ///
    /// Positional arguments are taken statement after statement; a wrong
    /// number of them, a name no parameter has, a parameter without a value
    /// or a parameter in a schema statement is an `invalidArgument` error,
    /// thrown before anything runs.
    ///
    /// Outside `BEGIN … COMMIT` each statement is its own transaction. After
    /// `BEGIN`, statements run in one transaction on this handle until
    /// `COMMIT` or `ROLLBACK`; a failing statement inside it changes nothing
    /// and leaves the transaction open.
    @discardableResult
    public func executeSQL(_ text: String, arguments: SQLArguments = SQLArguments()) throws -> SQLQueryResult {
        var last = SQLQueryResult()
        try executeScript(text, arguments: arguments) { last = $0 }
        return last
    }

    /// Runs SQL statement by statement, handing each statement's result to
    /// `body` as soon as it is ready (a script stops at the first error);
    /// `arguments` as for ``executeSQL(_:arguments:)``.
    public func executeScript(_ text: String, arguments: SQLArguments = SQLArguments(),
                              _ body: (SQLQueryResult) throws -> Void) throws {
        let statements = try sql.compile(text)
        let parameters = try arguments.bind(to: statements.map(\.parsed))
        for (statement, values) in zip(statements, parameters) {
            try body(try execute(statement, values))
        }
    }

    /// Runs one statement: the transaction statements on this handle's SQL
    /// session, others in the session when one is open, else in a
    /// transaction of their own.
    func execute(_ compiled: CompiledStatement, _ parameters: [SQLValue]) throws -> SQLQueryResult {
        queries.add(1, ordering: .relaxed)
        switch compiled.parsed.statement {
        case .begin:
            try sqlSession.withLock { session in
                if session != nil {
                    throw ToonDBError(.sqlSemantic, "cannot start a transaction within a transaction")
                }
                session = try engine.beginTransaction()
                sqlSessionWrites.store(0, ordering: .relaxed)
            }
        case .commit:
            let txn = try sqlSession.withLock { session -> StorageTransaction in
                guard let t = session else { throw ToonDBError(.sqlSemantic, "cannot commit - no transaction is active") }
                session = nil
                sqlSessionWrites.store(0, ordering: .relaxed)
                return t
            }
            do { try txn.commit() } catch {
                sql.invalidateCatalog()
                throw error
            }
        case .rollback:
            let txn = try sqlSession.withLock { session -> StorageTransaction in
                guard let t = session else { throw ToonDBError(.sqlSemantic, "cannot rollback - no transaction is active") }
                session = nil
                sqlSessionWrites.store(0, ordering: .relaxed)
                return t
            }
            txn.abort()
            sql.invalidateCatalog()
        default:
            if let session = sqlSession.withLock({ $0 }) {
                let result = try runStatement(compiled, parameters, in: session)
                sqlSessionWrites.add(Self.writes(of: compiled.parsed.statement, result), ordering: .relaxed)
                return result
            }
            let txn = try engine.beginTransaction()
            txn.interrupt = interruptSignal.ticket()
            do {
                let result = try sql.run(compiled, parameters: parameters, in: txn)
                try txn.commit()
                return result
            } catch {
                txn.abort()
                sql.invalidateCatalog()
                throw error
            }
        }
        return SQLQueryResult()
    }

    /// What a statement wrote: the rows an INSERT, UPDATE or DELETE changed; 1 for a schema change; 0 for a query.
    static func writes(of statement: Statement, _ result: SQLQueryResult) -> Int {
        switch statement {
        case .select, .explain, .begin, .commit, .rollback: return 0
        case .insert, .update, .delete: return result.rowsAffected
        default: return 1
        }
    }

    /// Runs a statement inside an open transaction; on failure its writes are undone.
    func runStatement(_ compiled: CompiledStatement, _ parameters: [SQLValue],
                      in txn: StorageTransaction, alsoStoppedBy other: InterruptSignal? = nil) throws -> SQLQueryResult {
        txn.interrupt = interruptSignal.ticket(alongside: other)
        defer { txn.interrupt = nil }
        let mark = txn.savepoint()
        do {
            let result = try sql.run(compiled, parameters: parameters, in: txn)
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
    /// `arguments` as for ``Database/executeSQL(_:arguments:)``.
    @discardableResult
    public func executeSQL(_ text: String, arguments: SQLArguments = SQLArguments()) throws -> SQLQueryResult {
        var last = SQLQueryResult()
        let statements = try database.sql.compile(text)
        let parameters = try arguments.bind(to: statements.map(\.parsed))
        for (statement, values) in zip(statements, parameters) {
            switch statement.parsed.statement {
            case .begin, .commit, .rollback:
                throw ToonDBError(.sqlSemantic, "use the Transaction's commit() and abort() instead of SQL transaction statements")
            default:
                database.queries.add(1, ordering: .relaxed)
                last = try database.runStatement(statement, values, in: inner, alsoStoppedBy: interruptSignal)
            }
        }
        return last
    }

    /// Stops the SQL statements running in this transaction (from any
    /// thread): each throws `interrupted` at its next row and changes
    /// nothing; the transaction stays open. Statements started afterwards
    /// run normally. ``Database/interruptSQL()`` stops them too.
    public func interruptSQL() { interruptSignal.interrupt() }
}

extension Database {
    /// Stops the SQL statements running on this handle (from any thread, as
    /// `sqlite3_interrupt` does): each throws `interrupted` at its next row
    /// and changes nothing. Statements started afterwards run normally.
    public func interruptSQL() { interruptSignal.interrupt() }

    /// Whether a SQL `BEGIN` on this handle has not yet been committed or rolled back.
    public var sqlTransactionIsOpen: Bool { sqlSession.withLock { $0 != nil } }

    /// The writes waiting in the open SQL transaction of this handle: the
    /// rows its INSERT, UPDATE and DELETE statements changed, plus one per
    /// schema change; 0 when no transaction is open. COMMIT makes them
    /// durable, ROLLBACK discards them.
    public var sqlTransactionWrites: Int { sqlSessionWrites.load(ordering: .relaxed) }

    /// The SQL schema (tables, views, indexes, triggers) as this handle sees
    /// it, its own open SQL transaction included.
    public func sqlSchema() throws -> [SQLSchemaEntry] {
        try withSQLTransaction { try sql.schema(in: $0) }
    }
}
