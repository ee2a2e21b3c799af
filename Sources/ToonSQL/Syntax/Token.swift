/// Tokens of ToonDB's SQL dialect (SQLite's lexical structure).

/// What kind of token a `Token` is.
enum TokenKind: UInt8, Sendable {
    /// A bare word: an identifier or a keyword (see `Token.keyword`).
    case word
    /// A quoted identifier: `"x"`, `[x]` or `` `x` ``.
    case quotedIdentifier
    case string
    case blob
    case integer
    case real
    /// A bound parameter: `?`, `?NNN`, `:name`, `@name` or `$name` (the text as written).
    case parameter
    case leftParen, rightParen, comma, dot, semicolon
    case plus, minus, star, slash, percent, concat
    case shiftLeft, shiftRight, ampersand, pipe, tilde
    case less, lessEqual, greater, greaterEqual, equal, notEqual
    case endOfInput
}

/// The keywords the parser knows. A word is matched against them without
/// regard to case; words that are not keywords are identifiers.
enum Keyword: String, Sendable, CaseIterable {
    case ABORT, ACTION, ADD, AFTER, ALL, ALTER, ALWAYS, AND, AS, ASC, AUTOINCREMENT
    case BEFORE, BEGIN, BETWEEN, BY
    case CASCADE, CASE, CAST, CHECK, COLLATE, COLUMN, COMMIT, CONFLICT, CONSTRAINT, CREATE, CROSS
    case CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP
    case DEFAULT, DEFERRABLE, DEFERRED, DELETE, DESC, DISTINCT, DROP
    case EACH, ELSE, END, ESCAPE, EXCEPT, EXCLUSIVE, EXISTS, EXPLAIN
    case FAIL, FALSE, FIRST, FOR, FOREIGN, FROM, FULL
    case GENERATED, GLOB, GROUP
    case HAVING
    case IF, IGNORE, IMMEDIATE, IN, INDEX, INDEXED, INITIALLY, INNER, INSERT, INSTEAD, INTERSECT, INTO, IS, ISNULL
    case JOIN
    case KEY
    case LAST, LEFT, LIKE, LIMIT
    case MATCH
    case NATURAL, NO, NOT, NOTNULL, NULL, NULLS
    case OF, OFFSET, ON, OR, ORDER, OUTER
    case PLAN, PRIMARY
    case QUERY
    case RECURSIVE, REFERENCES, REGEXP, REINDEX, RENAME, REPLACE, RESTRICT, RIGHT, ROLLBACK, ROW, ROWID
    case SAVEPOINT, SELECT, SET, STORED
    case TABLE, TEMP, TEMPORARY, THEN, TO, TRANSACTION, TRIGGER, TRUE
    case UNION, UNIQUE, UPDATE, USING
    case VALUES, VIEW, VIRTUAL
    case WHEN, WHERE, WITH, WITHOUT

    /// Keywords that can never be used as a bare identifier or alias,
    /// because the grammar would become ambiguous.
    var isReserved: Bool {
        switch self {
        case .ALL, .AND, .AS, .BETWEEN, .CASE, .CAST, .CHECK, .COLLATE, .CONSTRAINT, .CREATE, .CROSS,
             .CURRENT_DATE, .CURRENT_TIME, .CURRENT_TIMESTAMP, .DEFAULT, .DELETE, .DISTINCT, .DROP,
             .ELSE, .END, .ESCAPE, .EXCEPT, .EXISTS, .FOREIGN, .FROM, .FULL, .GLOB, .GROUP, .HAVING,
             .IN, .INDEXED, .INNER, .INSERT, .INTERSECT, .INTO, .IS, .ISNULL, .JOIN, .LEFT, .LIKE, .LIMIT,
             .MATCH, .NATURAL, .NOT, .NOTNULL, .NULL, .ON, .OR, .ORDER, .OUTER, .PRIMARY, .REFERENCES,
             .REGEXP, .RIGHT, .SELECT, .SET, .THEN, .UNION, .UNIQUE, .UPDATE, .USING, .VALUES, .WHEN,
             .WHERE, .WITH:
            return true
        default:
            return false
        }
    }

    /// Upper-case spelling → keyword.
    static let table: [String: Keyword] = {
        var t: [String: Keyword] = [:]
        for k in Keyword.allCases { t[k.rawValue] = k }
        return t
    }()
}

/// One token with its place in the source.
struct Token: Sendable {
    var kind: TokenKind
    /// For `.word` tokens that spell a keyword.
    var keyword: Keyword?
    /// Identifier name (unquoted) or the value of a string literal; for
    /// other tokens the text as written.
    var text: String
    /// The value of a literal token (string, blob, integer, real).
    var value: SQLValue
    /// Byte offsets of the token in the source.
    var start: Int
    var end: Int
    /// 1-based position of the first character.
    var line: Int
    var column: Int

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// A word that may be used as an identifier (any non-reserved word, or a quoted identifier).
    var isIdentifier: Bool {
        switch kind {
        case .quotedIdentifier: return true
        case .word: return keyword.map { !$0.isReserved } ?? true
        default: return false
        }
    }
}
