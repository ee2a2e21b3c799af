/// Statements: scripts, DML, DDL, transactions.
extension Parser {
    /// Statements separated by `;`; empty statements are skipped.
    mutating func parseScript() throws -> [Statement] {
        var statements: [Statement] = []
        while true {
            while accept(.semicolon) {}
            if kind == .endOfInput { return statements }
            statements.append(try parseStatement())
            if !accept(.semicolon) {
                if kind != .endOfInput { throw syntaxError("syntax error") }
                return statements
            }
        }
    }

    /// One statement (without its `;`).
    mutating func parseStatement() throws -> Statement {
        let t = current
        guard t.kind == .word, let k = t.keyword else {
            throw syntaxError(t.kind == .endOfInput ? "incomplete input" : "syntax error")
        }
        switch k {
        case .SELECT, .VALUES, .WITH:
            return .select(try select())
        case .INSERT, .REPLACE:
            return .insert(try insert())
        case .UPDATE:
            return .update(try update())
        case .DELETE:
            return .delete(try delete())
        case .CREATE:
            return try create()
        case .DROP:
            return try drop()
        case .ALTER:
            return .alterTable(try alterTable())
        case .REINDEX:
            advance()
            if atIdentifier { return .reindex(name: try qualifiedName("a name")) }
            return .reindex(name: nil)
        case .BEGIN:
            advance()
            if !accept(.DEFERRED) && !accept(.IMMEDIATE) { _ = accept(.EXCLUSIVE) }
            transactionName()
            return .begin
        case .COMMIT, .END:
            advance()
            transactionName()
            return .commit
        case .ROLLBACK:
            advance()
            transactionName()
            if check(.TO) { throw syntaxError("savepoints are not supported") }
            return .rollback
        case .SAVEPOINT:
            throw syntaxError("savepoints are not supported")
        case .EXPLAIN:
            advance()
            if accept(.QUERY) { try expect(.PLAN) }
            if check(.EXPLAIN) { throw syntaxError("syntax error") }
            return .explain(try parseStatement())
        default:
            throw syntaxError("syntax error")
        }
    }

    /// `[TRANSACTION [name]]` after BEGIN/COMMIT/END/ROLLBACK.
    private mutating func transactionName() {
        if accept(.TRANSACTION) && atIdentifier { advance() }
    }

    /// `OR ROLLBACK|ABORT|REPLACE|FAIL|IGNORE` (after INSERT/UPDATE).
    private mutating func orConflict() throws -> ConflictResolution {
        guard accept(.OR) else { return .abort }
        return try conflictResolution()
    }

    private mutating func conflictResolution() throws -> ConflictResolution {
        if let k = keyword, let resolution = ConflictResolution(rawValue: k.rawValue) {
            advance()
            return resolution
        }
        throw syntaxError("expected ROLLBACK, ABORT, REPLACE, FAIL or IGNORE")
    }

    // MARK: DML

    private mutating func insert() throws -> Insert {
        var resolution = ConflictResolution.abort
        if accept(.REPLACE) {
            resolution = .replace
        } else {
            try expect(.INSERT)
            resolution = try orConflict()
        }
        try expect(.INTO)
        let table = try qualifiedName("a table name")
        if check(.AS) { throw syntaxError("an alias for the INSERT target is not supported") }
        var columns: [String]?
        if kind == .leftParen { columns = try nameList() }
        var source: Select?
        if accept(.DEFAULT) {
            try expect(.VALUES)
        } else if atQueryStart {
            source = try select()
        } else {
            throw syntaxError("expected VALUES, SELECT or DEFAULT VALUES")
        }
        if check(.ON) || atWord("RETURNING") {
            throw syntaxError("UPSERT and RETURNING are not supported")
        }
        return Insert(table: table, columns: columns, source: source, orConflict: resolution)
    }

    private mutating func update() throws -> Update {
        try expect(.UPDATE)
        let resolution = try orConflict()
        let table = try qualifiedName("a table name")
        _ = try optionalIndexedBy()
        try expect(.SET)
        var assignments: [(column: String, value: Expr)] = []
        repeat {
            if kind == .leftParen { throw syntaxError("row-value assignments are not supported") }
            let column = try identifier("a column name")
            try expect(.equal, "\"=\"")
            assignments.append((column: column, value: try expression()))
        } while accept(.comma)
        if check(.FROM) { throw syntaxError("UPDATE … FROM is not supported") }
        var whereClause: Expr?
        if accept(.WHERE) { whereClause = try expression() }
        return Update(table: table, assignments: assignments, whereClause: whereClause, orConflict: resolution)
    }

    private mutating func delete() throws -> Delete {
        try expect(.DELETE)
        try expect(.FROM)
        let table = try qualifiedName("a table name")
        _ = try optionalIndexedBy()
        var whereClause: Expr?
        if accept(.WHERE) { whereClause = try expression() }
        return Delete(table: table, whereClause: whereClause)
    }

    /// `INDEXED BY name` / `NOT INDEXED`, parsed and ignored.
    private mutating func optionalIndexedBy() throws -> Bool {
        if accept(.INDEXED) {
            try expect(.BY)
            _ = try identifier("an index name")
            return true
        }
        if check(.NOT) && peekKeyword() == .INDEXED {
            advance(); advance()
            return true
        }
        return false
    }

    // MARK: CREATE / DROP / ALTER

    private mutating func ifNotExists() throws -> Bool {
        guard accept(.IF) else { return false }
        try expect(.NOT)
        try expect(.EXISTS)
        return true
    }

    private mutating func ifExists() throws -> Bool {
        guard accept(.IF) else { return false }
        try expect(.EXISTS)
        return true
    }

    private mutating func create() throws -> Statement {
        try expect(.CREATE)
        let tempToken = current
        let temporary = accept(.TEMP) || accept(.TEMPORARY)
        if accept(.UNIQUE) {
            if !check(.INDEX) { throw syntaxError("expected INDEX") }
            if temporary { throw syntaxError("syntax error", at: tempToken) }
            return .createIndex(try createIndex(unique: true))
        }
        if accept(.TABLE) { return .createTable(try createTable()) }
        if check(.INDEX) {
            if temporary { throw syntaxError("syntax error", at: tempToken) }
            return .createIndex(try createIndex(unique: false))
        }
        if accept(.VIEW) {
            let ifNotExists = try ifNotExists()
            let name = try qualifiedName("a view name")
            var columns: [String] = []
            if kind == .leftParen { columns = try nameList() }
            try expect(.AS)
            return .createView(name: name, ifNotExists: ifNotExists, columns: columns, select: try select())
        }
        if accept(.TRIGGER) { return .createTrigger(try createTrigger()) }
        if check(.VIRTUAL) { throw syntaxError("virtual tables are not supported") }
        throw syntaxError("expected TABLE, INDEX, VIEW or TRIGGER")
    }

    private mutating func createTable() throws -> CreateTable {
        var table = CreateTable(name: "")
        table.ifNotExists = try ifNotExists()
        table.name = try qualifiedName("a table name")
        if accept(.AS) {
            table.asSelect = try select()
            return table
        }
        try expect(.leftParen, "\"(\" or AS")
        var sawPrimaryKey = false
        repeat {
            switch keyword {
            case .CONSTRAINT, .PRIMARY, .UNIQUE, .CHECK, .FOREIGN:
                try tableConstraint(&table, &sawPrimaryKey)
            default:
                table.columns.append(try columnDefinition())
            }
        } while accept(.comma)
        try expect(.rightParen, "\")\"")
        if check(.WITHOUT) { throw syntaxError("WITHOUT ROWID tables are not supported") }
        if atWord("STRICT") { throw syntaxError("STRICT tables are not supported") }
        return table
    }

    /// A table constraint: PRIMARY KEY (…), UNIQUE (…), CHECK (…), FOREIGN KEY (…) REFERENCES ….
    private mutating func tableConstraint(_ table: inout CreateTable, _ sawPrimaryKey: inout Bool) throws {
        if accept(.CONSTRAINT) { _ = try identifier("a constraint name") }
        let t = current
        if accept(.PRIMARY) {
            try expect(.KEY)
            if sawPrimaryKey { throw syntaxError("more than one PRIMARY KEY constraint", at: t) }
            sawPrimaryKey = true
            table.primaryKey = try indexedColumns().map(\.name)
            try conflictClause()
            if accept(.AUTOINCREMENT) {
                throw syntaxError("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY column", at: t)
            }
        } else if accept(.UNIQUE) {
            table.uniqueConstraints.append(try indexedColumns().map(\.name))
            try conflictClause()
        } else if accept(.CHECK) {
            try expect(.leftParen, "\"(\"")
            _ = try expression()
            try expect(.rightParen, "\")\"")
        } else if accept(.FOREIGN) {
            try expect(.KEY)
            _ = try nameList()
            try foreignKeyClause()
        } else {
            throw syntaxError("expected PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY")
        }
    }

    /// `ON CONFLICT resolution` after a constraint, parsed and ignored.
    private mutating func conflictClause() throws {
        if check(.ON) && peekKeyword() == .CONFLICT {
            advance(); advance()
            _ = try conflictResolution()
        }
    }

    /// `REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH name]… [[NOT] DEFERRABLE …]`, ignored.
    private mutating func foreignKeyClause() throws {
        try expect(.REFERENCES)
        _ = try qualifiedName("a table name")
        if kind == .leftParen { _ = try nameList() }
        while true {
            if accept(.ON) {
                if !accept(.DELETE) && !accept(.UPDATE) { throw syntaxError("expected DELETE or UPDATE") }
                if accept(.SET) {
                    if !accept(.NULL) && !accept(.DEFAULT) { throw syntaxError("expected NULL or DEFAULT") }
                } else if accept(.NO) {
                    try expect(.ACTION)
                } else if !accept(.CASCADE) && !accept(.RESTRICT) {
                    throw syntaxError("expected a foreign key action")
                }
            } else if accept(.MATCH) {
                _ = try identifier()
            } else if check(.DEFERRABLE) || (check(.NOT) && peekKeyword() == .DEFERRABLE) {
                _ = accept(.NOT)
                advance()
                if accept(.INITIALLY) {
                    if !accept(.DEFERRED) && !accept(.IMMEDIATE) { throw syntaxError("expected DEFERRED or IMMEDIATE") }
                }
            } else {
                return
            }
        }
    }

    /// `name [type] [constraints…]`
    private mutating func columnDefinition() throws -> ColumnDefinition {
        var column = ColumnDefinition(name: try identifier("a column name"))
        column.typeName = try typeName()
        while true {
            let constraintName = accept(.CONSTRAINT)
            if constraintName { _ = try identifier("a constraint name") }
            let t = current
            if accept(.PRIMARY) {
                try expect(.KEY)
                column.primaryKey = true
                if accept(.DESC) { column.primaryKeyDescending = true } else { _ = accept(.ASC) }
                try conflictClause()
                if accept(.AUTOINCREMENT) { column.autoincrement = true }
            } else if accept(.NOT) {
                try expect(.NULL)
                column.notNull = true
                try conflictClause()
            } else if accept(.NULL) {
                try conflictClause()
            } else if accept(.UNIQUE) {
                column.unique = true
                try conflictClause()
            } else if accept(.CHECK) {
                try expect(.leftParen, "\"(\"")
                _ = try expression()
                try expect(.rightParen, "\")\"")
            } else if accept(.DEFAULT) {
                column.defaultValue = try defaultValue()
            } else if accept(.COLLATE) {
                column.collation = try collationName()
            } else if check(.REFERENCES) {
                try foreignKeyClause()
            } else if check(.GENERATED) || check(.AS) {
                throw syntaxError("generated columns are not supported", at: t)
            } else {
                if constraintName { throw syntaxError("expected a constraint") }
                return column
            }
        }
    }

    /// After DEFAULT: a literal, a signed number, `(expr)`, or a bare word (taken as text).
    private mutating func defaultValue() throws -> Expr {
        let t = current
        switch t.kind {
        case .leftParen:
            advance()
            let e = try expression()
            try expect(.rightParen, "\")\"")
            return e
        case .minus:
            advance()
            if let folded = negatedLiteral() { return folded }
            throw syntaxError("expected a number")
        case .plus:
            advance()
            if kind == .integer || kind == .real {
                advance()
                return .literal(tokens[index - 1].value)
            }
            throw syntaxError("expected a number")
        case .integer, .real, .string, .blob:
            advance()
            return .literal(t.value)
        case .word where t.keyword == .NULL || t.keyword == .TRUE || t.keyword == .FALSE
            || t.keyword == .CURRENT_TIME || t.keyword == .CURRENT_DATE || t.keyword == .CURRENT_TIMESTAMP:
            return try primary()
        default:
            if t.isIdentifier {
                advance()
                return .literal(.text(t.text))
            }
            throw syntaxError("expected a default value")
        }
    }

    /// `(name [COLLATE c] [ASC|DESC], …)` for indexes and table constraints.
    private mutating func indexedColumns() throws -> [(name: String, descending: Bool)] {
        try expect(.leftParen, "\"(\"")
        var columns: [(name: String, descending: Bool)] = []
        repeat {
            let first = current
            let name = try identifier("a column name")
            switch kind {
            case .comma, .rightParen: break
            case .word where keyword == .COLLATE || keyword == .ASC || keyword == .DESC: break
            default: throw syntaxError("indexes on expressions are not supported", at: first)
            }
            if accept(.COLLATE) { _ = try collationName() }
            let descending = accept(.DESC)
            if !descending { _ = accept(.ASC) }
            columns.append((name: name, descending: descending))
        } while accept(.comma)
        try expect(.rightParen, "\")\"")
        return columns
    }

    private mutating func createIndex(unique: Bool) throws -> CreateIndex {
        try expect(.INDEX)
        let ifNotExists = try ifNotExists()
        let name = try qualifiedName("an index name")
        try expect(.ON)
        let table = try identifier("a table name")
        let columns = try indexedColumns()
        if check(.WHERE) { throw syntaxError("partial indexes are not supported") }
        return CreateIndex(name: name, table: table, columns: columns, unique: unique, ifNotExists: ifNotExists)
    }

    private mutating func createTrigger() throws -> CreateTrigger {
        let ifNotExists = try ifNotExists()
        let name = try qualifiedName("a trigger name")
        var timing = CreateTrigger.Timing.before
        if accept(.BEFORE) {
            timing = .before
        } else if accept(.AFTER) {
            timing = .after
        } else if accept(.INSTEAD) {
            try expect(.OF)
            timing = .insteadOf
        }
        let event: CreateTrigger.Event
        var updateColumns: [String] = []
        if accept(.INSERT) {
            event = .insert
        } else if accept(.DELETE) {
            event = .delete
        } else if accept(.UPDATE) {
            event = .update
            if accept(.OF) {
                repeat {
                    updateColumns.append(try identifier("a column name"))
                } while accept(.comma)
            }
        } else {
            throw syntaxError("expected INSERT, DELETE or UPDATE")
        }
        try expect(.ON)
        let table = try qualifiedName("a table name")
        if accept(.FOR) {
            try expect(.EACH)
            if !accept(.ROW) {
                throw syntaxError(atWord("STATEMENT") ? "FOR EACH STATEMENT triggers are not supported" : "expected ROW")
            }
        }
        var when: Expr?
        if accept(.WHEN) { when = try expression() }
        try expect(.BEGIN)
        var body: [Statement] = []
        repeat {
            switch keyword {
            case .SELECT, .VALUES, .WITH, .INSERT, .REPLACE, .UPDATE, .DELETE:
                try enter()
                body.append(try parseStatement())
                leave()
            default:
                throw syntaxError("expected SELECT, INSERT, UPDATE or DELETE in the trigger body")
            }
            try expect(.semicolon, "\";\"")
        } while !accept(.END)
        return CreateTrigger(name: name, ifNotExists: ifNotExists, timing: timing, event: event,
                             updateColumns: updateColumns, table: table, when: when, body: body)
    }

    private mutating func drop() throws -> Statement {
        try expect(.DROP)
        if accept(.TABLE) {
            let ifExists = try ifExists()
            return .dropTable(name: try qualifiedName("a table name"), ifExists: ifExists)
        }
        if accept(.INDEX) {
            let ifExists = try ifExists()
            return .dropIndex(name: try qualifiedName("an index name"), ifExists: ifExists)
        }
        if accept(.VIEW) {
            let ifExists = try ifExists()
            return .dropView(name: try qualifiedName("a view name"), ifExists: ifExists)
        }
        if accept(.TRIGGER) {
            let ifExists = try ifExists()
            return .dropTrigger(name: try qualifiedName("a trigger name"), ifExists: ifExists)
        }
        throw syntaxError("expected TABLE, INDEX, VIEW or TRIGGER")
    }

    private mutating func alterTable() throws -> AlterTable {
        try expect(.ALTER)
        try expect(.TABLE)
        let table = try qualifiedName("a table name")
        if accept(.ADD) {
            _ = accept(.COLUMN)
            return .addColumn(table: table, try columnDefinition())
        }
        if accept(.RENAME) {
            if accept(.TO) { return .renameTable(table: table, to: try identifier("a table name")) }
            _ = accept(.COLUMN)
            let from = try identifier("a column name")
            try expect(.TO)
            return .renameColumn(table: table, from: from, to: try identifier("a column name"))
        }
        if check(.DROP) { throw syntaxError("ALTER TABLE … DROP COLUMN is not supported") }
        throw syntaxError("expected ADD or RENAME")
    }
}
