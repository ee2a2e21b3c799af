/// Expressions, by precedence climbing with SQLite's precedence levels.
///
/// Levels (higher binds tighter): 1 OR; 2 AND; 3 NOT (prefix); 4 `= == != <>
/// IS [NOT] IN LIKE GLOB BETWEEN ISNULL NOTNULL NOT NULL`; 5 `< <= > >=`;
/// 6 `& | << >>`; 7 `+ -`; 8 `* / %`; 9 `||`; 10 `COLLATE`. Unary `- + ~`
/// apply to their operand directly (as in SQLite's grammar, they bind
/// tightest); prefix NOT takes a level-4 operand.
extension Parser {
    /// A full expression.
    mutating func expression() throws -> Expr {
        try expression(1)
    }

    /// Whether the current token starts a query (`SELECT`, `VALUES`, `WITH`).
    var atQueryStart: Bool {
        guard kind == .word, let k = keyword else { return false }
        return k == .SELECT || k == .VALUES || k == .WITH
    }

    /// The precedence of the current token as an infix/postfix operator, or 0.
    func infixPrecedence() -> Int {
        switch kinds[index] {
        case .word:
            guard let k = keywords[index] else { return 0 }
            switch k {
            case .OR: return 1
            case .AND: return 2
            case .IS, .IN, .LIKE, .GLOB, .BETWEEN, .ISNULL, .NOTNULL, .MATCH, .REGEXP: return 4
            case .NOT:
                switch peekKeyword() {
                case .IN, .LIKE, .GLOB, .BETWEEN, .NULL, .MATCH, .REGEXP: return 4
                default: return 0
                }
            case .COLLATE: return 10
            default: return 0
            }
        case .equal, .notEqual: return 4
        case .less, .lessEqual, .greater, .greaterEqual: return 5
        case .ampersand, .pipe, .shiftLeft, .shiftRight: return 6
        case .plus, .minus: return 7
        case .star, .slash, .percent: return 8
        case .concat: return 9
        default: return 0
        }
    }

    /// An expression whose infix operators all have precedence ≥ `minPrecedence`.
    ///
    /// The functions on the recursive path (this one, `unary`, `primary`,
    /// `parenthesized`, `functionCall`, …) are kept small, with no `Token`
    /// copies, because unoptimised builds give every local its own stack slot
    /// and the nesting limit must fit in a 512 KiB thread stack.
    mutating func expression(_ minPrecedence: Int) throws -> Expr {
        try enter()
        let savedHeight = height
        defer {
            height = savedHeight
            leave()
        }
        var lhs = try unary()
        while true {
            let precedence = infixPrecedence()
            if precedence == 0 || precedence < minPrecedence { break }
            height += 1
            if height > Parser.maxHeight { try failTooLarge() }
            lhs = try infix(lhs, precedence)
        }
        return lhs
    }

    @inline(never)
    func failTooLarge() throws -> Never {
        throw syntaxError("expression tree is too large (maximum depth \(Parser.maxHeight))")
    }

    /// Throws a syntax error at the current token (kept out of line to keep callers' frames small).
    @inline(never)
    func fail(_ message: String) throws -> Never {
        throw syntaxError(message)
    }

    /// The arithmetic/comparison operator of a token kind.
    private static func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .ampersand: return .bitAnd
        case .pipe: return .bitOr
        case .shiftLeft: return .shiftLeft
        case .shiftRight: return .shiftRight
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .remainder
        case .concat: return .concat
        default: return nil
        }
    }

    /// Parses the operator at the current token and its right side.
    private mutating func infix(_ lhs: Expr, _ precedence: Int) throws -> Expr {
        guard let op = Parser.binaryOperator(kinds[index]) else {
            return try keywordInfix(lhs)
        }
        advance()
        return .binary(op, lhs, try expression(precedence + 1))
    }

    /// The keyword operators: OR, AND, IS, IN, LIKE, GLOB, BETWEEN, ISNULL, NOTNULL, NOT …, COLLATE.
    private mutating func keywordInfix(_ lhs: Expr) throws -> Expr {
        var k = keywords[index]!
        advance()
        var negated = false
        if k == .NOT {
            negated = true
            k = keywords[index]!
            advance()
        }
        switch k {
        case .OR:
            return .binary(.or, lhs, try expression(2))
        case .AND:
            return .binary(.and, lhs, try expression(3))
        case .COLLATE:
            return .collate(lhs, name: try collationName())
        case .ISNULL:
            return .isNull(lhs, negated: false)
        case .NOTNULL, .NULL: // NOTNULL, NOT NULL
            return .isNull(lhs, negated: true)
        case .IS:
            return try isTail(lhs)
        case .BETWEEN:
            return try betweenTail(lhs, negated: negated)
        case .LIKE, .GLOB:
            return try likeTail(lhs, negated: negated, glob: k == .GLOB)
        case .IN:
            return try inTail(lhs, negated: negated)
        default: // MATCH, REGEXP
            index -= 1
            try fail("the \(k.rawValue) operator is not supported")
        }
    }

    /// After `x IS`: `[NOT] [DISTINCT FROM] y`.
    private mutating func isTail(_ lhs: Expr) throws -> Expr {
        var not = accept(.NOT)
        if accept(.DISTINCT) {
            try expect(.FROM)
            not.toggle()
        }
        let rhs = try expression(5)
        if case .literal(.null) = rhs { return .isNull(lhs, negated: not) }
        return .binary(not ? .isNot : .is, lhs, rhs)
    }

    /// After `x [NOT] BETWEEN`: `low AND high`.
    private mutating func betweenTail(_ lhs: Expr, negated: Bool) throws -> Expr {
        let low = try expression(4)
        try expect(.AND)
        let high = try expression(5)
        return .between(lhs, low: low, high: high, negated: negated)
    }

    /// After `x [NOT] LIKE|GLOB`: `pattern [ESCAPE e]`.
    private mutating func likeTail(_ lhs: Expr, negated: Bool, glob: Bool) throws -> Expr {
        let pattern = try expression(5)
        var escape: Expr?
        if accept(.ESCAPE) { escape = try expression(5) }
        return .like(lhs, pattern: pattern, escape: escape, negated: negated, glob: glob)
    }

    /// A collation name after COLLATE: an identifier or a string.
    mutating func collationName() throws -> String {
        if kind == .string {
            let name = currentText
            advance()
            return name
        }
        return try identifier("a collation name")
    }

    /// After `x [NOT] IN`: `(list)`, `()`, `(SELECT …)` or a table name.
    private mutating func inTail(_ lhs: Expr, negated: Bool) throws -> Expr {
        if accept(.leftParen) {
            if atQueryStart { return .inSelect(lhs, try parenthesizedSelectTail(), negated: negated) }
            if accept(.rightParen) { return .inList(lhs, [], negated: negated) }
            let list = try expressionList()
            try expect(.rightParen, "\")\"")
            return .inList(lhs, list, negated: negated)
        }
        return .inSelect(lhs, try tableAsSelect(), negated: negated)
    }

    /// `x IN table` as `SELECT * FROM table`.
    private mutating func tableAsSelect() throws -> Select {
        let position = currentPosition
        let table = try qualifiedName("a table name or \"(\"")
        let body = SelectBody(columns: [.all], from: .table(name: table, alias: nil, position: position))
        return Select(first: .select(body))
    }

    /// After a `(` that starts a query: `SELECT … )`.
    mutating func parenthesizedSelectTail() throws -> Select {
        let select = try self.select()
        try expect(.rightParen, "\")\"")
        return select
    }

    /// `expr, expr, …`
    mutating func expressionList() throws -> [Expr] {
        var list: [Expr] = []
        repeat {
            list.append(try expression())
        } while accept(.comma)
        return list
    }

    /// Prefix operators, then a primary expression.
    mutating func unary() throws -> Expr {
        switch kinds[index] {
        case .minus:
            return try negation()
        case .plus, .tilde:
            return try prefixOperator()
        case .word where keywords[index] == .NOT:
            return try notOperator()
        default:
            return try primary()
        }
    }

    /// `- operand`; `-<number>` folds into a negative literal.
    private mutating func negation() throws -> Expr {
        advance()
        if let folded = negatedLiteral() { return folded }
        try enter()
        defer { leave() }
        return .unary(.negate, try unary())
    }

    /// `+ operand` / `~ operand`.
    private mutating func prefixOperator() throws -> Expr {
        let op: UnaryOperator = kinds[index] == .plus ? .plus : .bitNot
        advance()
        try enter()
        defer { leave() }
        return .unary(op, try unary())
    }

    /// `NOT operand` (a level-4 operand); `NOT EXISTS (…)` becomes a negated EXISTS.
    private mutating func notOperator() throws -> Expr {
        advance()
        let directExists = check(.EXISTS)
        let operand = try expression(4)
        if directExists, let negatedExists = Parser.negatedExists(operand) { return negatedExists }
        return .unary(.not, operand)
    }

    private static func negatedExists(_ e: Expr) -> Expr? {
        if case .exists(let select, negated: false) = e { return .exists(select, negated: true) }
        return nil
    }

    /// After a `-`: when a numeric literal follows, consumes it and returns
    /// the negative literal (`-9223372036854775808` is Int64.min).
    mutating func negatedLiteral() -> Expr? {
        let k = kinds[index]
        guard k == .integer || k == .real else { return nil }
        let t = tokens[index]
        advance()
        switch t.value {
        case .integer(let v):
            if v == Int64.min { return .literal(.real(-Double(v))) }
            return .literal(.integer(-v))
        case .real(let d):
            // An integer literal that overflowed: only 2^63 fits once negated.
            var digits = Substring(t.text)
            while digits.count > 1 && digits.first == "0" { digits = digits.dropFirst() }
            if digits == "9223372036854775808" { return .literal(.integer(Int64.min)) }
            return .literal(.real(-d))
        default:
            return .literal(t.value)
        }
    }

    /// Literals, names, function calls, parenthesised expressions, subqueries, CASE, CAST, EXISTS.
    mutating func primary() throws -> Expr {
        switch kinds[index] {
        case .integer, .real, .string, .blob:
            return literalToken()
        case .parameter:
            return try parameter()
        case .leftParen:
            return try parenthesized()
        case .word:
            switch keywords[index] {
            case .NULL, .TRUE, .FALSE, .CURRENT_TIME, .CURRENT_DATE, .CURRENT_TIMESTAMP:
                if let e = keywordValue() { return e }
            case .CASE:
                return try caseExpression()
            case .CAST:
                return try castExpression()
            case .EXISTS:
                return try existsExpression()
            default:
                break
            }
            return try nameOrCall()
        case .quotedIdentifier:
            return try nameOrCall()
        case .endOfInput:
            try fail("incomplete input, expected an expression")
        default:
            try fail("syntax error, expected an expression")
        }
    }

    /// The value of the current (literal) token, consumed.
    private mutating func literalToken() -> Expr {
        advance()
        return .literal(tokens[index - 1].value)
    }

    /// NULL, TRUE, FALSE, CURRENT_TIME, CURRENT_DATE, CURRENT_TIMESTAMP (nil when
    /// TRUE/FALSE are used as names: `true.x`, `true(…)`).
    private mutating func keywordValue() -> Expr? {
        let t = tokens[index]
        switch t.keyword {
        case .NULL:
            advance()
            return .literal(.null)
        case .TRUE, .FALSE:
            let next = peekKind()
            if next == .dot || next == .leftParen { return nil }
            advance()
            return .literal(.integer(t.keyword == .TRUE ? 1 : 0))
        default:
            advance()
            return .function(name: t.keyword!.rawValue, arguments: [], distinct: false, star: false,
                             position: t.position)
        }
    }

    /// `( expr )` or `( SELECT … )`.
    private mutating func parenthesized() throws -> Expr {
        advance()
        if atQueryStart { return .scalarSubquery(try parenthesizedSelectTail()) }
        let inner = try expression()
        if kind == .comma { try fail("row values are not supported") }
        try expect(.rightParen, "\")\"")
        return inner
    }

    /// `EXISTS ( SELECT … )`
    private mutating func existsExpression() throws -> Expr {
        advance()
        try expect(.leftParen, "\"(\"")
        return .exists(try parenthesizedSelectTail(), negated: false)
    }

    /// `name`, `table.name`, `schema.table.name`, or `name(arguments)`.
    private mutating func nameOrCall() throws -> Expr {
        guard atIdentifier else { try fail("syntax error, expected an expression") }
        if peekKind() == .leftParen { return try functionCall() }
        return try columnReference()
    }

    private mutating func columnReference() throws -> Expr {
        let t = tokens[index]
        advance()
        guard accept(.dot) else { return .column(table: nil, name: t.text, position: t.position) }
        let second = try identifier("a column name")
        guard accept(.dot) else { return .column(table: t.text, name: second, position: t.position) }
        try checkSchema(at: index - 4)
        let third = try identifier("a column name")
        return .column(table: second, name: third, position: t.position)
    }

    /// `name(*)`, `name()`, `name([DISTINCT|ALL] a, b, …)`.
    private mutating func functionCall() throws -> Expr {
        let nameIndex = index
        advance() // name
        advance() // (
        var star = false
        var distinct = false
        var arguments: [Expr] = []
        if accept(.star) {
            star = true
        } else if kind != .rightParen {
            distinct = try functionQuantifier()
            arguments = try expressionList()
        }
        try functionCallEnd()
        return .function(name: tokens[nameIndex].text, arguments: arguments, distinct: distinct, star: star,
                         position: tokens[nameIndex].position)
    }

    private mutating func functionQuantifier() throws -> Bool {
        if accept(.DISTINCT) { return true }
        _ = accept(.ALL)
        return false
    }

    private mutating func functionCallEnd() throws {
        if check(.ORDER) { try fail("ORDER BY in function arguments is not supported") }
        try expect(.rightParen, "\")\"")
        if atWord("FILTER") || atWord("OVER") { try fail("window functions and FILTER are not supported") }
    }

    /// `CASE [base] WHEN c THEN r … [ELSE e] END`
    private mutating func caseExpression() throws -> Expr {
        advance() // CASE
        var base: Expr?
        if !check(.WHEN) { base = try expression() }
        var whens: [WhenClause] = []
        while accept(.WHEN) {
            let condition = try expression()
            try expect(.THEN)
            let result = try expression()
            whens.append(WhenClause(condition: condition, result: result))
        }
        if whens.isEmpty { throw syntaxError("expected WHEN") }
        var otherwise: Expr?
        if accept(.ELSE) { otherwise = try expression() }
        try expect(.END)
        return .caseWhen(base: base, whens: whens, otherwise: otherwise)
    }

    /// `CAST(x AS type)`
    private mutating func castExpression() throws -> Expr {
        advance() // CAST
        try expect(.leftParen, "\"(\"")
        let value = try expression()
        try expect(.AS)
        let typeName = try self.typeName()
        if typeName.isEmpty { throw syntaxError("expected a type name") }
        try expect(.rightParen, "\")\"")
        return .cast(value, typeName: typeName)
    }

    /// A type name: words, optionally followed by `(n)` or `(n, m)`; returned
    /// as written (empty when there is none).
    mutating func typeName() throws -> String {
        let start = currentStart
        var words = 0
        while isTypeWord(current) {
            advance()
            words += 1
        }
        if words == 0 { return "" }
        if accept(.leftParen) {
            try signedNumber()
            if accept(.comma) { try signedNumber() }
            try expect(.rightParen, "\")\"")
        }
        return sourceText(from: start, to: previousEnd)
    }

    private func isTypeWord(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.keyword.map { !$0.isReserved && $0 != .GENERATED } ?? true
        case .quotedIdentifier, .string: return true
        default: return false
        }
    }

    private mutating func signedNumber() throws {
        if !accept(.plus) { _ = accept(.minus) }
        if kind == .integer || kind == .real { advance(); return }
        throw syntaxError("expected a number")
    }
}
