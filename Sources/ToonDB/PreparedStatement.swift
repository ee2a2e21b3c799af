import ToonCore
import ToonSQL
internal import ToonStorage

/// One SQL statement parsed once and run many times with different
/// arguments (``Database/prepare(_:)``), as `sqlite3_prepare` and
/// `sqlite3_bind` do. A SELECT's plan is kept too, and made again by itself
/// when the schema changes (a table altered, an index dropped).
///
/// ```swift
/// let byID = try db.prepare("SELECT name FROM users WHERE id = ?")
/// let rows = try byID.execute(arguments: [42])
/// while let row = try rows.next() { print(row["name"]!) }
/// ```
///
/// Like a ``Transaction``, a prepared statement is used from one thread at a
/// time; the statement it was made from is shared through the handle's
/// statement cache, which ``Database/executeSQL(_:arguments:)`` uses too.
public final class PreparedStatement {
    /// The statement's text.
    public let sql: String
    /// The number of values ``execute(arguments:)`` takes: the largest
    /// parameter number.
    public var parameterCount: Int { compiled.parsed.parameterNames.count }
    /// The column names of the statement's result (empty for statements that
    /// return no rows), as of the latest execution or of preparing.
    public private(set) var columns: [String]

    private let database: Database
    private let compiled: CompiledStatement

    init(database: Database, sql: String, compiled: CompiledStatement, columns: [String]) {
        self.database = database
        self.sql = sql
        self.compiled = compiled
        self.columns = columns
    }

    /// Runs the statement with `arguments` bound to its parameters (rules as
    /// for ``Database/executeSQL(_:arguments:)``). A SELECT's rows are read
    /// as the cursor is advanced, in a transaction of their own that ends
    /// with the last row (or in the handle's open `BEGIN` transaction); other
    /// statements have run when this returns.
    public func execute(arguments: SQLArguments = SQLArguments()) throws -> SQLRowCursor {
        let values = try arguments.bind(to: [compiled.parsed])[0]
        let cursor = try database.openCursor(compiled, values)
            ?? SQLRowCursor(try database.execute(compiled, values))
        columns = cursor.columns
        return cursor
    }
}

extension Database {
    /// Parses and plans one SQL statement for running many times with
    /// ``PreparedStatement/execute(arguments:)``. Throws `sqlSyntax` or
    /// `sqlSemantic` as running it would (a SELECT naming a missing table or
    /// column), and `invalidArgument` for text that is not exactly one
    /// statement or that has parameters in a schema statement.
    public func prepare(_ text: String) throws -> PreparedStatement {
        let statements = try sql.compile(text)
        guard statements.count == 1, let compiled = statements.first else {
            throw ToonDBError(.invalidArgument, "prepare takes exactly one statement; the text has \(statements.count)",
                              remediation: "prepare each statement on its own, or run a script with executeSQL")
        }
        try compiled.parsed.checkParametersAllowed()
        let columns = try withSQLTransaction { try sql.columns(of: compiled, in: $0) }
        return PreparedStatement(database: self, sql: text, compiled: compiled, columns: columns)
    }

    /// A cursor over a SELECT's rows, read from this handle's open SQL
    /// transaction or from one of the cursor's own; nil for other statements.
    func openCursor(_ compiled: CompiledStatement, _ parameters: [SQLValue]) throws -> SQLRowCursor? {
        guard case .select = compiled.parsed.statement else { return nil }
        queries.add(1, ordering: .relaxed)
        if let session = sqlSession.withLock({ $0 }) {
            session.interrupt = interruptSignal.ticket()
            return try sql.open(compiled, parameters: parameters, in: session).map { SQLRowCursor($0, finish: nil) }
        }
        let txn = try engine.beginTransaction()
        txn.interrupt = interruptSignal.ticket()
        do {
            return try sql.open(compiled, parameters: parameters, in: txn).map { SQLRowCursor($0, finish: txn.abort) }
        } catch {
            txn.abort()
            throw error
        }
    }

    /// Runs `body` in this handle's open SQL transaction, or in a read
    /// transaction of its own.
    func withSQLTransaction<T>(_ body: (StorageTransaction) throws -> T) throws -> T {
        if let session = sqlSession.withLock({ $0 }) { return try body(session) }
        let txn = try engine.beginTransaction()
        defer { txn.abort() }
        return try body(txn)
    }
}
