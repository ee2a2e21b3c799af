/// The syntax tree of ToonDB's SQL dialect (Man/toondb-sql.7 will give the
/// grammar). The parser builds it; the binder and executor read it.

/// A position in the statement text, for error messages (1-based).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "line \(line), column \(column)" }
}

/// A parsed statement.
public indirect enum Statement: Sendable {
    case select(Select)
    case insert(Insert)
    case update(Update)
    case delete(Delete)
    case createTable(CreateTable)
    case dropTable(name: String, ifExists: Bool)
    case createIndex(CreateIndex)
    case dropIndex(name: String, ifExists: Bool)
    case createView(name: String, ifNotExists: Bool, columns: [String], select: Select)
    case dropView(name: String, ifExists: Bool)
    case createTrigger(CreateTrigger)
    case dropTrigger(name: String, ifExists: Bool)
    case alterTable(AlterTable)
    /// `REINDEX [name]`: a table or index name, or every index.
    case reindex(name: String?)
    case begin
    case commit
    case rollback
    case explain(Statement)
}

/// An expression.
public indirect enum Expr: Sendable {
    case literal(SQLValue)
    /// A bound parameter by its number (1-based, as SQLite numbers them).
    case parameter(number: Int, position: SourcePosition)
    /// `name`, or `table.name`.
    case column(table: String?, name: String, position: SourcePosition)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `x IS NULL` / `x ISNULL` (negated: `IS NOT NULL` / `NOTNULL`).
    case isNull(Expr, negated: Bool)
    /// `x [NOT] BETWEEN low AND high`.
    case between(Expr, low: Expr, high: Expr, negated: Bool)
    /// `x [NOT] IN (a, b, …)`; an empty list is allowed.
    case inList(Expr, [Expr], negated: Bool)
    /// `x [NOT] IN (SELECT …)`, also `x IN table`.
    case inSelect(Expr, Select, negated: Bool)
    /// `x [NOT] LIKE pattern [ESCAPE e]`, and `GLOB` with `glob: true`.
    case like(Expr, pattern: Expr, escape: Expr?, negated: Bool, glob: Bool)
    /// `CASE [base] WHEN … THEN … [ELSE …] END`.
    case caseWhen(base: Expr?, whens: [WhenClause], otherwise: Expr?)
    /// `CAST(x AS type)`; the type name as written (e.g. `INTEGER`, `VARCHAR(10)`).
    case cast(Expr, typeName: String)
    /// A function call; `star` for `count(*)`.
    case function(name: String, arguments: [Expr], distinct: Bool, star: Bool, position: SourcePosition)
    /// `(SELECT …)` as a value.
    case scalarSubquery(Select)
    /// `[NOT] EXISTS (SELECT …)`.
    case exists(Select, negated: Bool)
    /// `x COLLATE name` (NOCASE, BINARY, RTRIM).
    case collate(Expr, name: String)
}

/// `WHEN condition THEN result`.
public struct WhenClause: Sendable {
    public var condition: Expr
    public var result: Expr
    public init(condition: Expr, result: Expr) {
        self.condition = condition
        self.result = result
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not = "NOT", bitNot = "~"
}

/// Infix operators, lowest precedence first in SQLite's table:
/// OR; AND; = == != <> IS, IS NOT; < <= > >=; & | << >>; + -; * / %; ||.
public enum BinaryOperator: String, Sendable {
    case or = "OR", and = "AND"
    case equal = "=", notEqual = "<>", `is` = "IS", isNot = "IS NOT"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case bitAnd = "&", bitOr = "|", shiftLeft = "<<", shiftRight = ">>"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case concat = "||"
}

/// A complete query: one or more SELECT cores joined by compound operators,
/// then ORDER BY and LIMIT/OFFSET over the whole.
public struct Select: Sendable {
    /// The first core.
    public var first: SelectCore
    /// Further cores with the operator joining each to what came before.
    public var compounds: [(CompoundOperator, SelectCore)]
    public var orderBy: [OrderingTerm]
    public var limit: Expr?
    public var offset: Expr?
    public init(first: SelectCore, compounds: [(CompoundOperator, SelectCore)] = [], orderBy: [OrderingTerm] = [],
                limit: Expr? = nil, offset: Expr? = nil) {
        self.first = first
        self.compounds = compounds
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }
}

/// `UNION`, `UNION ALL`, `INTERSECT`, `EXCEPT`.
public enum CompoundOperator: String, Sendable {
    case union = "UNION", unionAll = "UNION ALL", intersect = "INTERSECT", except = "EXCEPT"
}

/// One `SELECT … FROM … WHERE … GROUP BY … HAVING …`, or a `VALUES (…), (…)` list.
public enum SelectCore: Sendable {
    case select(SelectBody)
    case values([[Expr]])
}

/// The parts of one SELECT.
public struct SelectBody: Sendable {
    public var distinct: Bool
    public var columns: [ResultColumn]
    public var from: FromItem?
    public var whereClause: Expr?
    public var groupBy: [Expr]
    public var having: Expr?
    public init(distinct: Bool = false, columns: [ResultColumn], from: FromItem? = nil, whereClause: Expr? = nil,
                groupBy: [Expr] = [], having: Expr? = nil) {
        self.distinct = distinct
        self.columns = columns
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
    }
}

/// An item of the select list.
public enum ResultColumn: Sendable {
    /// `*`
    case all
    /// `table.*`
    case allOf(table: String)
    /// An expression with an optional `AS alias`; `text` is the expression as
    /// written (SQLite names an unaliased column after it).
    case expr(Expr, alias: String?, text: String)
}

/// What FROM reads: tables, subqueries and joins of them. Comma joins are
/// `.join(kind: .cross)` without a constraint.
public indirect enum FromItem: Sendable {
    case table(name: String, alias: String?, position: SourcePosition)
    case subquery(Select, alias: String?)
    case join(left: FromItem, kind: JoinKind, right: FromItem, on: Expr?, using: [String])
}

/// The join kinds.
public enum JoinKind: String, Sendable {
    case inner = "INNER", left = "LEFT", cross = "CROSS"
}

/// An ORDER BY term.
public struct OrderingTerm: Sendable {
    public var expr: Expr
    public var descending: Bool
    /// `NULLS FIRST` (true) / `NULLS LAST` (false); nil for SQLite's default (NULLs smallest).
    public var nullsFirst: Bool?
    public init(expr: Expr, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expr = expr
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// How INSERT resolves a uniqueness conflict.
public enum ConflictResolution: String, Sendable {
    case abort = "ABORT", replace = "REPLACE", ignore = "IGNORE", fail = "FAIL", rollback = "ROLLBACK"
}

/// `INSERT [OR …] INTO table [(columns)] VALUES … | SELECT … | DEFAULT VALUES`;
/// `REPLACE INTO` is `orConflict: .replace`.
public struct Insert: Sendable {
    public var table: String
    public var columns: [String]?
    /// The rows: a VALUES list or a SELECT; nil for DEFAULT VALUES.
    public var source: Select?
    public var orConflict: ConflictResolution
    public init(table: String, columns: [String]?, source: Select?, orConflict: ConflictResolution = .abort) {
        self.table = table
        self.columns = columns
        self.source = source
        self.orConflict = orConflict
    }
}

/// `UPDATE [OR …] table SET col = expr, … [WHERE …]`.
public struct Update: Sendable {
    public var table: String
    public var assignments: [(column: String, value: Expr)]
    public var whereClause: Expr?
    public var orConflict: ConflictResolution
    public init(table: String, assignments: [(column: String, value: Expr)], whereClause: Expr?,
                orConflict: ConflictResolution = .abort) {
        self.table = table
        self.assignments = assignments
        self.whereClause = whereClause
        self.orConflict = orConflict
    }
}

/// `DELETE FROM table [WHERE …]`.
public struct Delete: Sendable {
    public var table: String
    public var whereClause: Expr?
    public init(table: String, whereClause: Expr?) {
        self.table = table
        self.whereClause = whereClause
    }
}

/// A column definition of CREATE TABLE.
public struct ColumnDefinition: Sendable {
    public var name: String
    /// The declared type as written (may be empty), which decides the column's affinity.
    public var typeName: String
    public var primaryKey: Bool
    /// `PRIMARY KEY DESC`.
    public var primaryKeyDescending: Bool
    public var autoincrement: Bool
    public var notNull: Bool
    public var unique: Bool
    public var defaultValue: Expr?
    public var collation: String?
    public init(name: String, typeName: String = "", primaryKey: Bool = false, primaryKeyDescending: Bool = false,
                autoincrement: Bool = false, notNull: Bool = false, unique: Bool = false,
                defaultValue: Expr? = nil, collation: String? = nil) {
        self.name = name
        self.typeName = typeName
        self.primaryKey = primaryKey
        self.primaryKeyDescending = primaryKeyDescending
        self.autoincrement = autoincrement
        self.notNull = notNull
        self.unique = unique
        self.defaultValue = defaultValue
        self.collation = collation
    }
}

/// `CREATE TABLE [IF NOT EXISTS] name (columns, [PRIMARY KEY (…)], [UNIQUE (…)])`
/// or `CREATE TABLE name AS SELECT …`.
public struct CreateTable: Sendable {
    public var name: String
    public var ifNotExists: Bool
    public var columns: [ColumnDefinition]
    /// Table constraints: `PRIMARY KEY (a, b)`.
    public var primaryKey: [String]
    /// Table constraints: each `UNIQUE (a, b)`.
    public var uniqueConstraints: [[String]]
    /// `AS SELECT …`
    public var asSelect: Select?
    public init(name: String, ifNotExists: Bool = false, columns: [ColumnDefinition] = [], primaryKey: [String] = [],
                uniqueConstraints: [[String]] = [], asSelect: Select? = nil) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.asSelect = asSelect
    }
}

/// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [ASC|DESC], …)`.
public struct CreateIndex: Sendable {
    public var name: String
    public var table: String
    public var columns: [(name: String, descending: Bool)]
    public var unique: Bool
    public var ifNotExists: Bool
    public init(name: String, table: String, columns: [(name: String, descending: Bool)], unique: Bool = false,
                ifNotExists: Bool = false) {
        self.name = name
        self.table = table
        self.columns = columns
        self.unique = unique
        self.ifNotExists = ifNotExists
    }
}

/// `CREATE TRIGGER [IF NOT EXISTS] name BEFORE|AFTER|INSTEAD OF INSERT|DELETE|UPDATE [OF cols] ON table
/// [FOR EACH ROW] [WHEN expr] BEGIN stmt; … END`.
public struct CreateTrigger: Sendable {
    public enum Timing: String, Sendable { case before = "BEFORE", after = "AFTER", insteadOf = "INSTEAD OF" }
    public enum Event: String, Sendable { case insert = "INSERT", update = "UPDATE", delete = "DELETE" }
    public var name: String
    public var ifNotExists: Bool
    public var timing: Timing
    public var event: Event
    public var updateColumns: [String]
    public var table: String
    public var when: Expr?
    public var body: [Statement]
    public init(name: String, ifNotExists: Bool, timing: Timing, event: Event, updateColumns: [String] = [],
                table: String, when: Expr?, body: [Statement]) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.timing = timing
        self.event = event
        self.updateColumns = updateColumns
        self.table = table
        self.when = when
        self.body = body
    }
}

/// `ALTER TABLE name ADD [COLUMN] def | RENAME TO new | RENAME [COLUMN] a TO b`.
public enum AlterTable: Sendable {
    case addColumn(table: String, ColumnDefinition)
    case renameTable(table: String, to: String)
    case renameColumn(table: String, from: String, to: String)
}

extension Statement {
    /// Whether the statement only reads (SELECT, EXPLAIN and the transaction
    /// statements), so a read-only connection may run it.
    public var isReadOnly: Bool {
        switch self {
        case .select, .explain, .begin, .commit, .rollback: return true
        default: return false
        }
    }
}
