/// SELECT: cores, compounds, FROM, ORDER BY, LIMIT.
extension Parser {
    /// A complete query: cores joined by UNION/INTERSECT/EXCEPT, then ORDER BY and LIMIT.
    mutating func select() throws -> Select {
        try enter()
        defer { leave() }
        if check(.WITH) { throw syntaxError("WITH (common table expressions) is not supported") }
        var select = Select(first: try selectCore())
        while true {
            let op: CompoundOperator
            if accept(.UNION) {
                op = accept(.ALL) ? .unionAll : .union
            } else if accept(.INTERSECT) {
                op = .intersect
            } else if accept(.EXCEPT) {
                op = .except
            } else {
                break
            }
            if select.compounds.count + 1 >= Parser.maxCompoundTerms {
                index -= op == .unionAll ? 2 : 1
                throw syntaxError("too many terms in a compound SELECT (the limit is \(Parser.maxCompoundTerms))")
            }
            select.compounds.append((op, try selectCore()))
        }
        if accept(.ORDER) {
            try expect(.BY)
            select.orderBy = try orderingTerms()
        }
        if accept(.LIMIT) {
            let first = try expression()
            if accept(.OFFSET) {
                select.limit = first
                select.offset = try expression()
            } else if accept(.comma) {
                // SQLite: `LIMIT a, b` is offset a, limit b.
                select.offset = first
                select.limit = try expression()
            } else {
                select.limit = first
            }
        }
        return select
    }

    /// `expr [ASC|DESC] [NULLS FIRST|LAST], …`
    mutating func orderingTerms() throws -> [OrderingTerm] {
        var terms: [OrderingTerm] = []
        repeat {
            var term = OrderingTerm(expr: try expression())
            if accept(.DESC) { term.descending = true } else { _ = accept(.ASC) }
            if accept(.NULLS) {
                if accept(.FIRST) {
                    term.nullsFirst = true
                } else if accept(.LAST) {
                    term.nullsFirst = false
                } else {
                    throw syntaxError("expected FIRST or LAST")
                }
            }
            terms.append(term)
        } while accept(.comma)
        return terms
    }

    /// One `SELECT …` or `VALUES (…), (…)`.
    mutating func selectCore() throws -> SelectCore {
        if accept(.VALUES) {
            var rows: [[Expr]] = []
            repeat {
                try expect(.leftParen, "\"(\"")
                rows.append(try expressionList())
                try expect(.rightParen, "\")\"")
            } while accept(.comma)
            return .values(rows)
        }
        if !accept(.SELECT) {
            throw syntaxError(kind == .endOfInput ? "incomplete input, expected SELECT" : "syntax error, expected SELECT")
        }
        var body = SelectBody(columns: [])
        if accept(.DISTINCT) { body.distinct = true } else { _ = accept(.ALL) }
        repeat {
            body.columns.append(try resultColumn())
        } while accept(.comma)
        if accept(.FROM) { body.from = try fromClause() }
        if accept(.WHERE) { body.whereClause = try expression() }
        if accept(.GROUP) {
            try expect(.BY)
            body.groupBy = try expressionList()
        }
        if accept(.HAVING) { body.having = try expression() }
        if atWord("WINDOW") { throw syntaxError("window functions are not supported") }
        return .select(body)
    }

    /// `*`, `table.*`, or `expr [[AS] alias]`.
    private mutating func resultColumn() throws -> ResultColumn {
        if accept(.star) { return .all }
        if atIdentifier && peekKind(1) == .dot && peekKind(2) == .star {
            let table = currentText
            advance(); advance(); advance()
            return .allOf(table: table)
        }
        let start = currentStart
        let expr = try expression()
        let text = sourceText(from: start, to: previousEnd)
        return .expr(expr, alias: try optionalAlias(), text: text)
    }

    /// `[AS] alias`: an identifier or a string.
    mutating func optionalAlias() throws -> String? {
        if accept(.AS) {
            if kind == .string {
                defer { advance() }
                return currentText
            }
            return try identifier("an alias")
        }
        if atIdentifier || kind == .string {
            defer { advance() }
            return currentText
        }
        return nil
    }

    /// Tables and subqueries joined by commas and JOINs (left-associative).
    mutating func fromClause() throws -> FromItem {
        var left = try fromItem()
        var tables = 1
        while true {
            var kind: JoinKind
            let joinIndex = index
            if accept(.comma) {
                kind = .cross
            } else if accept(.JOIN) {
                kind = .inner
            } else if accept(.INNER) {
                try expect(.JOIN)
                kind = .inner
            } else if accept(.CROSS) {
                try expect(.JOIN)
                kind = .cross
            } else if accept(.LEFT) {
                _ = accept(.OUTER)
                try expect(.JOIN)
                kind = .left
            } else if check(.NATURAL) {
                throw syntaxError("NATURAL joins are not supported")
            } else if check(.RIGHT) || check(.FULL) {
                throw syntaxError("RIGHT and FULL joins are not supported")
            } else {
                break
            }
            tables += 1
            if tables > Parser.maxJoinTables {
                throw syntaxError("too many tables in a join (the limit is \(Parser.maxJoinTables))", at: tokens[joinIndex])
            }
            let right = try fromItem()
            var on: Expr?
            var using: [String] = []
            if accept(.ON) {
                on = try expression()
            } else if accept(.USING) {
                using = try nameList()
            }
            if kind == .cross && (on != nil || !using.isEmpty) { kind = .inner }
            left = .join(left: left, kind: kind, right: right, on: on, using: using)
        }
        return left
    }

    /// A table `[AS] alias`, a `(SELECT …) [AS] alias`, or a parenthesised join.
    private mutating func fromItem() throws -> FromItem {
        if kind == .leftParen {
            advance()
            if atQueryStart {
                let select = try self.select()
                try expect(.rightParen, "\")\"")
                return .subquery(select, alias: try optionalAlias())
            }
            try enter()
            defer { leave() }
            let inner = try fromClause()
            try expect(.rightParen, "\")\"")
            return inner
        }
        let position = currentPosition
        let name = try qualifiedName("a table name")
        if kind == .leftParen { throw syntaxError("table-valued functions are not supported") }
        let alias = try optionalAlias()
        if accept(.INDEXED) {
            try expect(.BY)
            _ = try identifier("an index name")
        } else if check(.NOT) && peekKeyword() == .INDEXED {
            advance(); advance()
        }
        return .table(name: name, alias: alias, position: position)
    }
}
