import Foundation
import Testing
import ToonCore
@testable import ToonSQL

// MARK: - Helpers

/// Renders an expression fully parenthesised, for precedence checks.
private func render(_ e: Expr) -> String {
    switch e {
    case .literal(let v):
        if case .text(let s) = v { return "'\(s)'" }
        return v.description
    case .parameter(let number, _):
        return "?\(number)"
    case .column(let table, let name, _):
        return table.map { "\($0).\(name)" } ?? name
    case .unary(let op, let x):
        return "(\(op.rawValue) \(render(x)))"
    case .binary(let op, let l, let r):
        return "(\(render(l)) \(op.rawValue) \(render(r)))"
    case .isNull(let x, let negated):
        return "(\(render(x)) \(negated ? "NOTNULL" : "ISNULL"))"
    case .between(let x, let low, let high, let negated):
        return "(\(render(x)) \(negated ? "NOT " : "")BETWEEN \(render(low)) AND \(render(high)))"
    case .inList(let x, let list, let negated):
        return "(\(render(x)) \(negated ? "NOT " : "")IN [\(list.map(render).joined(separator: ", "))])"
    case .inSelect(let x, _, let negated):
        return "(\(render(x)) \(negated ? "NOT " : "")IN <select>)"
    case .like(let x, let pattern, let escape, let negated, let glob):
        let esc = escape.map { " ESCAPE \(render($0))" } ?? ""
        return "(\(render(x)) \(negated ? "NOT " : "")\(glob ? "GLOB" : "LIKE") \(render(pattern))\(esc))"
    case .caseWhen(let base, let whens, let otherwise):
        var s = "(CASE"
        if let base { s += " \(render(base))" }
        for w in whens { s += " WHEN \(render(w.condition)) THEN \(render(w.result))" }
        if let otherwise { s += " ELSE \(render(otherwise))" }
        return s + " END)"
    case .cast(let x, let typeName):
        return "CAST(\(render(x)) AS \(typeName))"
    case .function(let name, let arguments, let distinct, let star, _):
        if star { return "\(name)(*)" }
        return "\(name)(\(distinct ? "DISTINCT " : "")\(arguments.map(render).joined(separator: ", ")))"
    case .scalarSubquery:
        return "<subquery>"
    case .exists(_, let negated):
        return negated ? "NOT EXISTS <select>" : "EXISTS <select>"
    case .collate(let x, let name):
        return "(\(render(x)) COLLATE \(name))"
    }
}

private func parsed(_ sql: String) throws -> String {
    render(try SQLParser.parseExpression(sql))
}

private func select(_ sql: String) throws -> Select {
    guard case .select(let s) = try SQLParser.parseStatement(sql) else {
        throw ToonDBError(.sqlSyntax, "not a select")
    }
    return s
}

private func body(_ sql: String) throws -> SelectBody {
    guard case .select(let b) = try select(sql).first else { throw ToonDBError(.sqlSyntax, "not a select core") }
    return b
}

/// The message of the syntax error `sql` raises (nil when it parses).
private func syntaxError(_ sql: String) -> String? {
    do {
        _ = try SQLParser.parse(sql)
        return nil
    } catch let error as ToonDBError {
        #expect(error.code == .sqlSyntax)
        return error.message
    } catch {
        Issue.record("unexpected error type: \(error)")
        return "\(error)"
    }
}

/// Runs `body` on a new thread with a small stack (as the test runners' threads
/// have: 512 KiB, times the sanitizer's frame growth in a sanitizer build), so
/// unbounded recursion would crash the process.
private func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 512 * 1024 * Int(StackGuard.frameScale)
        thread.start()
    }
}

// MARK: - Lexer

@Suite struct ParserTests {
    @Test func lexerTokens() throws {
        let tokens = try Lexer.tokenize(Array("SeLeCt \"a b\" [c] `d``e` 'it''s' X'0A1b' 0x1F 12 1.5 .5 1e10 1.5E-3 -- c\n /* x */ <> != == <= >= << >> || ~".utf8))
        let kinds = tokens.map(\.kind)
        #expect(kinds == [.word, .quotedIdentifier, .quotedIdentifier, .quotedIdentifier, .string, .blob,
                          .integer, .integer, .real, .real, .real, .real, .notEqual, .notEqual, .equal,
                          .lessEqual, .greaterEqual, .shiftLeft, .shiftRight, .concat, .tilde, .endOfInput])
        #expect(tokens[0].keyword == .SELECT)
        #expect(tokens[1].text == "a b")
        #expect(tokens[2].text == "c")
        #expect(tokens[3].text == "d`e")
        #expect(tokens[4].value == .text("it's"))
        #expect(tokens[5].value == .blob([0x0A, 0x1B]))
        #expect(tokens[6].value == .integer(31))
        #expect(tokens[7].value == .integer(12))
        #expect(tokens[8].value == .real(1.5))
        #expect(tokens[9].value == .real(0.5))
        #expect(tokens[10].value == .real(1e10))
        #expect(tokens[11].value == .real(1.5e-3))
        #expect(tokens[12].line == 2 && tokens[12].column == 10)
    }

    @Test func integerLiterals() throws {
        #expect(try SQLParser.parseExpression("9223372036854775807") == .integer(Int64.max))
        #expect(try SQLParser.parseExpression("9223372036854775808") == .real(9223372036854775808.0))
        #expect(try SQLParser.parseExpression("-9223372036854775808") == .integer(Int64.min))
        #expect(try SQLParser.parseExpression("-9223372036854775809") == .real(-9223372036854775809.0))
        #expect(try SQLParser.parseExpression("-5") == .integer(-5))
        #expect(try SQLParser.parseExpression("- 2.5") == .real(-2.5))
        #expect(try SQLParser.parseExpression("0xFFFFFFFFFFFFFFFF") == .integer(-1))
        #expect(try parsed("-(5)") == "(- 5)")
        #expect(try parsed("- - 5") == "(- -5)")
        #expect(try parsed("-x") == "(- x)")
        #expect(try parsed("TRUE + FALSE") == "(1 + 0)")
        #expect(syntaxError("SELECT 0x10000000000000000") != nil)
        #expect(syntaxError("SELECT 12abc") != nil)
    }

    @Test func positionsCountCharacters() throws {
        let tokens = try Lexer.tokenize(Array("'é' x\n  y".utf8))
        #expect(tokens[1].column == 5)
        #expect(tokens[2].line == 2 && tokens[2].column == 3)
    }

    // MARK: - Expressions

    @Test func precedence() throws {
        let cases: [(String, String)] = [
            ("1 + 2 * 3", "(1 + (2 * 3))"),
            ("1 * 2 + 3", "((1 * 2) + 3)"),
            ("1 - 2 - 3", "((1 - 2) - 3)"),
            ("a || b * c", "((a || b) * c)"),
            ("a OR b AND c", "(a OR (b AND c))"),
            ("a AND b OR c", "((a AND b) OR c)"),
            ("NOT a AND b", "((NOT a) AND b)"),
            ("NOT a = b", "(NOT (a = b))"),
            ("a = b < c", "(a = (b < c))"),
            ("a < b = c", "((a < b) = c)"),
            ("a & b + c", "(a & (b + c))"),
            ("a << 1 < 5", "((a << 1) < 5)"),
            ("a == b", "(a = b)"),
            ("a != b", "(a <> b)"),
            ("a <> b", "(a <> b)"),
            ("-a * b", "((- a) * b)"),
            ("~a + b", "((~ a) + b)"),
            ("- - a", "(- (- a))"),
            ("a IS b", "(a IS b)"),
            ("a IS NOT b", "(a IS NOT b)"),
            ("a IS NULL", "(a ISNULL)"),
            ("a IS NOT NULL", "(a NOTNULL)"),
            ("a ISNULL", "(a ISNULL)"),
            ("a NOTNULL", "(a NOTNULL)"),
            ("a NOT NULL", "(a NOTNULL)"),
            ("a IS NOT DISTINCT FROM b", "(a IS b)"),
            ("a = 1 IS NULL", "((a = 1) ISNULL)"),
            ("a BETWEEN 1 AND 2 AND b", "((a BETWEEN 1 AND 2) AND b)"),
            ("a NOT BETWEEN 1 + 1 AND 2 * 3 OR c", "((a NOT BETWEEN (1 + 1) AND (2 * 3)) OR c)"),
            ("a BETWEEN b AND c = d", "((a BETWEEN b AND c) = d)"),
            ("a IN (1, 2) AND b", "((a IN [1, 2]) AND b)"),
            ("a NOT IN (1)", "(a NOT IN [1])"),
            ("a IN ()", "(a IN [])"),
            ("a IN (SELECT 1)", "(a IN <select>)"),
            ("a NOT IN t1", "(a NOT IN <select>)"),
            ("a LIKE 'x%' ESCAPE '!'", "(a LIKE 'x%' ESCAPE '!')"),
            ("a NOT GLOB 'x*'", "(a NOT GLOB 'x*')"),
            ("NOT EXISTS (SELECT 1)", "NOT EXISTS <select>"),
            ("EXISTS (SELECT 1)", "EXISTS <select>"),
            ("NOT NOT a", "(NOT (NOT a))"),
            ("a = NOT b", "(a = (NOT b))"),
            ("a + NOT b AND c", "((a + (NOT b)) AND c)"),
            ("(SELECT 1) + 1", "(<subquery> + 1)"),
            ("(1 + 2) * 3", "((1 + 2) * 3)"),
            ("a COLLATE nocase = b", "((a COLLATE nocase) = b)"),
            ("a || b COLLATE binary", "(a || (b COLLATE binary))"),
            ("t.a + main.t.b", "(t.a + t.b)"),
            ("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END", "(CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END)"),
            ("CASE a + 1 WHEN 1 THEN 'x' END", "(CASE (a + 1) WHEN 1 THEN 'x' END)"),
            ("CAST(a AS VARCHAR(10))", "CAST(a AS VARCHAR(10))"),
            ("CAST(a AS DECIMAL (10, 2))", "CAST(a AS DECIMAL (10, 2))"),
            ("cast(a as unsigned big int)", "CAST(a AS unsigned big int)"),
            ("count(*)", "count(*)"),
            ("count(DISTINCT x)", "count(DISTINCT x)"),
            ("coalesce(a, b, NULL)", "coalesce(a, b, NULL)"),
            ("random()", "random()"),
            ("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()"),
            ("current_date || current_time", "(CURRENT_DATE() || CURRENT_TIME())"),
            ("x'00' || 'a'", "(x'00' || 'a')"),
            ("\"select\" + [from]", "(select + from)"),
            ("a + + b", "(a + (+ b))"),
            ("- a - - b", "((- a) - (- b))"),
            ("col1 * + - 52", "(col1 * (+ -52))"),
        ]
        for (sql, expected) in cases {
            #expect(try parsed(sql) == expected, "\(sql)")
        }
    }

    @Test func expressionErrors() {
        for sql in ["1 +", "(1", "f(1,", "CASE END", "CAST(1)", "a BETWEEN 1", "a IN (1,", "a IS", "(1, 2)",
                    "a NOT", "1 2", "a REGEXP 'x'", "count(*) OVER ()"] {
            #expect(throws: ToonDBError.self, "\(sql)") { try SQLParser.parseExpression(sql) }
        }
    }

    // MARK: - SELECT

    @Test func selectParts() throws {
        let b = try body("SELECT DISTINCT *, t.*, a + 1 AS x, b y, c 'z', (a)  , count(*) FROM t1 AS t, t2 u WHERE a > 1 GROUP BY a, b HAVING count(*) > 1")
        #expect(b.distinct)
        #expect(b.columns.count == 7)
        guard case .all = b.columns[0], case .allOf("t") = b.columns[1],
              case .expr(_, "x", "a + 1") = b.columns[2], case .expr(_, "y", "b") = b.columns[3],
              case .expr(_, "z", "c") = b.columns[4], case .expr(_, nil, "(a)") = b.columns[5],
              case .expr(_, nil, "count(*)") = b.columns[6] else {
            Issue.record("columns: \(b.columns)")
            return
        }
        guard case .join(let left, .cross, let right, nil, []) = b.from,
              case .table("t1", "t", _) = left, case .table("t2", "u", _) = right else {
            Issue.record("from: \(String(describing: b.from))")
            return
        }
        #expect(b.whereClause != nil && b.groupBy.count == 2 && b.having != nil)
        #expect(try !body("SELECT ALL a FROM t").distinct)
    }

    @Test func resultColumnText() throws {
        let b = try body("SELECT  a+b*2 ,\n  CASE WHEN x THEN 'y' END  AS k, - col1 FROM t")
        guard case .expr(_, nil, "a+b*2") = b.columns[0], case .expr(_, "k", "CASE WHEN x THEN 'y' END") = b.columns[1],
              case .expr(_, nil, "- col1") = b.columns[2] else {
            Issue.record("\(b.columns)")
            return
        }
    }

    @Test func joins() throws {
        let b = try body("SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (x, y) INNER JOIN d ON 1 CROSS JOIN e LEFT JOIN f ON 1, g")
        // Left-associative: ((((((a ⋈ b) ⟕ c) ⋈ d) × e) ⟕ f) × g)
        var kinds: [JoinKind] = []
        var item = b.from
        while case .join(let left, let kind, _, _, _)? = item {
            kinds.append(kind)
            item = left
        }
        #expect(kinds == [.cross, .left, .cross, .inner, .left, .inner])
        var cJoin = b.from
        for _ in 0..<4 {
            if case .join(let l, _, _, _, _)? = cJoin { cJoin = l }
        }
        guard case .join(_, .left, _, nil, let using)? = cJoin else { Issue.record("using"); return }
        #expect(using == ["x", "y"])
        let sub = try body("SELECT * FROM (SELECT 1 AS x) AS s, (SELECT 2) t2 WHERE s.x = 1")
        guard case .join(.subquery(_, "s"), .cross, .subquery(_, "t2"), nil, _)? = sub.from else {
            Issue.record("\(String(describing: sub.from))")
            return
        }
        let paren = try body("SELECT * FROM (a JOIN b ON 1)")
        guard case .join(.table("a", nil, _), .inner, .table("b", nil, _), _, _)? = paren.from else {
            Issue.record("parenthesised join")
            return
        }
        #expect(syntaxError("SELECT * FROM a NATURAL JOIN b")?.contains("NATURAL") == true)
        #expect(syntaxError("SELECT * FROM a RIGHT JOIN b ON 1")?.contains("RIGHT") == true)
    }

    @Test func compoundOrderLimit() throws {
        let s = try select("SELECT a FROM t UNION SELECT b FROM u UNION ALL VALUES (1), (2) INTERSECT SELECT 3 EXCEPT SELECT 4 ORDER BY 1 DESC NULLS FIRST, a ASC, b NULLS LAST LIMIT 5 OFFSET 2")
        #expect(s.compounds.map(\.0) == [.union, .unionAll, .intersect, .except])
        guard case .values(let rows) = s.compounds[1].1 else { Issue.record("values"); return }
        #expect(rows.count == 2)
        #expect(s.orderBy.map(\.descending) == [true, false, false])
        #expect(s.orderBy.map(\.nullsFirst) == [true, nil, false])
        #expect(s.limit == .integer(5) && s.offset == .integer(2))
        let s2 = try select("SELECT 1 LIMIT 3, 10")
        #expect(s2.offset == .integer(3) && s2.limit == .integer(10))
        let s3 = try select("SELECT 1 LIMIT 7")
        #expect(s3.limit == .integer(7) && s3.offset == nil)
        let v = try select("VALUES (1, 'a'), (2, 'b')")
        guard case .values(let vrows) = v.first else { Issue.record("values core"); return }
        #expect(vrows.count == 2 && vrows[0].count == 2)
    }

    // MARK: - Statements

    @Test func dml() throws {
        guard case .insert(let i) = try SQLParser.parseStatement("INSERT INTO main.t1(e, c) VALUES(1, 2), (3, 4);") else {
            Issue.record("insert"); return
        }
        #expect(i.table == "t1" && i.columns == ["e", "c"] && i.orConflict == .abort)
        guard case .values(let rows) = i.source?.first else { Issue.record("values"); return }
        #expect(rows.count == 2)
        guard case .insert(let r) = try SQLParser.parseStatement("REPLACE INTO t VALUES (1)") else { Issue.record(); return }
        #expect(r.orConflict == .replace && r.columns == nil)
        guard case .insert(let o) = try SQLParser.parseStatement("INSERT OR IGNORE INTO t SELECT * FROM u") else { Issue.record(); return }
        #expect(o.orConflict == .ignore)
        guard case .insert(let d) = try SQLParser.parseStatement("INSERT INTO t DEFAULT VALUES") else { Issue.record(); return }
        #expect(d.source == nil)
        for (word, resolution) in [("ROLLBACK", ConflictResolution.rollback), ("ABORT", .abort), ("FAIL", .fail), ("REPLACE", .replace)] {
            guard case .insert(let x) = try SQLParser.parseStatement("INSERT OR \(word) INTO t VALUES (1)") else { Issue.record(); return }
            #expect(x.orConflict == resolution)
        }
        guard case .update(let u) = try SQLParser.parseStatement("UPDATE OR REPLACE t SET a = 1, b = b + 1 WHERE c IS NULL") else {
            Issue.record("update"); return
        }
        #expect(u.table == "t" && u.assignments.map(\.column) == ["a", "b"] && u.whereClause != nil && u.orConflict == .replace)
        guard case .delete(let del) = try SQLParser.parseStatement("DELETE FROM t WHERE a = 1") else { Issue.record(); return }
        #expect(del.table == "t" && del.whereClause != nil)
        guard case .delete(let all) = try SQLParser.parseStatement("DELETE FROM t") else { Issue.record(); return }
        #expect(all.whereClause == nil)
    }

    @Test func createTable() throws {
        let sql = """
            CREATE TABLE IF NOT EXISTS t1(
              id INTEGER PRIMARY KEY DESC AUTOINCREMENT,
              name VARCHAR(40) NOT NULL COLLATE NOCASE UNIQUE,
              price DECIMAL(10, 2) DEFAULT -1.5 CHECK (price > -100),
              u unsigned big int DEFAULT (1 + 2) NULL,
              s TEXT DEFAULT 'x' REFERENCES other(id) ON DELETE CASCADE,
              k DEFAULT abc,
              n DEFAULT NULL,
              CONSTRAINT pk PRIMARY KEY (id, name),
              UNIQUE (name, price),
              CHECK (id > 0),
              FOREIGN KEY (u) REFERENCES other (id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
            )
            """
        guard case .createTable(let t) = try SQLParser.parseStatement(sql) else { Issue.record(); return }
        #expect(t.name == "t1" && t.ifNotExists)
        #expect(t.columns.map(\.name) == ["id", "name", "price", "u", "s", "k", "n"])
        #expect(t.columns.map(\.typeName) == ["INTEGER", "VARCHAR(40)", "DECIMAL(10, 2)", "unsigned big int", "TEXT", "", ""])
        #expect(t.columns[0].primaryKey && t.columns[0].primaryKeyDescending && t.columns[0].autoincrement)
        #expect(t.columns[1].notNull && t.columns[1].unique && t.columns[1].collation == "NOCASE")
        #expect(t.columns[2].defaultValue.map(render) == "-1.5")
        #expect(t.columns[3].defaultValue.map(render) == "(1 + 2)" && !t.columns[3].notNull)
        #expect(t.columns[4].defaultValue.map(render) == "'x'")
        #expect(t.columns[5].defaultValue.map(render) == "'abc'")
        #expect(t.columns[6].defaultValue.map(render) == "NULL")
        #expect(t.primaryKey == ["id", "name"])
        #expect(t.uniqueConstraints == [["name", "price"]])

        guard case .createTable(let a) = try SQLParser.parseStatement("CREATE TEMP TABLE t2 AS SELECT * FROM t1") else { Issue.record(); return }
        #expect(a.asSelect != nil && a.columns.isEmpty)
        #expect(syntaxError("CREATE TABLE t(a, PRIMARY KEY(a), PRIMARY KEY(a))") != nil)
    }

    @Test func ddl() throws {
        guard case .dropTable("t", true) = try SQLParser.parseStatement("DROP TABLE IF EXISTS t") else { Issue.record(); return }
        guard case .dropTable("t", false) = try SQLParser.parseStatement("drop table main.t") else { Issue.record(); return }
        guard case .createIndex(let i) = try SQLParser.parseStatement("CREATE UNIQUE INDEX IF NOT EXISTS i1 ON t1 (a COLLATE nocase DESC, b ASC, c)") else {
            Issue.record(); return
        }
        #expect(i.name == "i1" && i.table == "t1" && i.unique && i.ifNotExists)
        #expect(i.columns.map(\.name) == ["a", "b", "c"] && i.columns.map(\.descending) == [true, false, false])
        #expect(syntaxError("CREATE INDEX i ON t (a + 1)")?.contains("expressions") == true)
        guard case .dropIndex("i1", true) = try SQLParser.parseStatement("DROP INDEX IF EXISTS i1") else { Issue.record(); return }
        guard case .createView("v", true, let cols, _) = try SQLParser.parseStatement("CREATE TEMPORARY VIEW IF NOT EXISTS v(x, y) AS SELECT 1, 2") else {
            Issue.record(); return
        }
        #expect(cols == ["x", "y"])
        guard case .createView("v2", false, [], _) = try SQLParser.parseStatement("CREATE VIEW v2 AS SELECT 1") else { Issue.record(); return }
        guard case .dropView("v", false) = try SQLParser.parseStatement("DROP VIEW v") else { Issue.record(); return }
        guard case .dropTrigger("tr", true) = try SQLParser.parseStatement("DROP TRIGGER IF EXISTS tr") else { Issue.record(); return }
        guard case .alterTable(.addColumn("t", let c)) = try SQLParser.parseStatement("ALTER TABLE t ADD COLUMN z TEXT DEFAULT 'q'") else {
            Issue.record(); return
        }
        #expect(c.name == "z" && c.typeName == "TEXT")
        guard case .alterTable(.addColumn("t", _)) = try SQLParser.parseStatement("ALTER TABLE t ADD z") else { Issue.record(); return }
        guard case .alterTable(.renameTable("t", "u")) = try SQLParser.parseStatement("ALTER TABLE t RENAME TO u") else { Issue.record(); return }
        guard case .alterTable(.renameColumn("t", "a", "b")) = try SQLParser.parseStatement("ALTER TABLE t RENAME COLUMN a TO b") else { Issue.record(); return }
        guard case .alterTable(.renameColumn("t", "a", "b")) = try SQLParser.parseStatement("ALTER TABLE t RENAME a TO b") else { Issue.record(); return }
        guard case .reindex(nil) = try SQLParser.parseStatement("REINDEX") else { Issue.record(); return }
        guard case .reindex("t1i1") = try SQLParser.parseStatement("REINDEX t1i1") else { Issue.record(); return }
    }

    @Test func triggers() throws {
        let sql = """
            CREATE TEMP TRIGGER IF NOT EXISTS tr AFTER UPDATE OF a, b ON t1 FOR EACH ROW WHEN new.a > 1
            BEGIN
              INSERT INTO log VALUES (old.a, new.a);
              DELETE FROM t2 WHERE x = old.a;
              UPDATE t3 SET y = 1;
              SELECT 1;
            END
            """
        guard case .createTrigger(let t) = try SQLParser.parseStatement(sql) else { Issue.record(); return }
        #expect(t.name == "tr" && t.ifNotExists && t.timing == .after && t.event == .update)
        #expect(t.updateColumns == ["a", "b"] && t.table == "t1" && t.when != nil && t.body.count == 4)
        guard case .createTrigger(let d) = try SQLParser.parseStatement("CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END;") else {
            Issue.record(); return
        }
        #expect(d.timing == .before && d.event == .update && d.when == nil && !d.ifNotExists)
        guard case .createTrigger(let i) = try SQLParser.parseStatement("CREATE TRIGGER x INSTEAD OF DELETE ON v BEGIN SELECT 1; END") else {
            Issue.record(); return
        }
        #expect(i.timing == .insteadOf && i.event == .delete)
        #expect(syntaxError("CREATE TRIGGER x INSERT ON t BEGIN SELECT 1 END") != nil)
        #expect(syntaxError("CREATE TRIGGER x INSERT ON t BEGIN END") != nil)
    }

    @Test func transactionsAndExplain() throws {
        for sql in ["BEGIN", "BEGIN TRANSACTION", "BEGIN DEFERRED", "BEGIN IMMEDIATE TRANSACTION", "BEGIN EXCLUSIVE"] {
            guard case .begin = try SQLParser.parseStatement(sql) else { Issue.record("\(sql)"); return }
        }
        for sql in ["COMMIT", "COMMIT TRANSACTION", "END", "END TRANSACTION"] {
            guard case .commit = try SQLParser.parseStatement(sql) else { Issue.record("\(sql)"); return }
        }
        for sql in ["ROLLBACK", "ROLLBACK TRANSACTION"] {
            guard case .rollback = try SQLParser.parseStatement(sql) else { Issue.record("\(sql)"); return }
        }
        guard case .explain(.select) = try SQLParser.parseStatement("EXPLAIN SELECT 1") else { Issue.record(); return }
        guard case .explain(.delete) = try SQLParser.parseStatement("EXPLAIN QUERY PLAN DELETE FROM t") else { Issue.record(); return }
    }

    @Test func scripts() throws {
        #expect(try SQLParser.parse("").isEmpty)
        #expect(try SQLParser.parse(" ;; -- nothing\n ; ").isEmpty)
        #expect(try SQLParser.parse("SELECT 1; SELECT 2").count == 2)
        #expect(try SQLParser.parse(";SELECT 1;;SELECT 2;").count == 2)
        #expect(throws: ToonDBError.self) { try SQLParser.parseStatement("SELECT 1; SELECT 2") }
        #expect(throws: ToonDBError.self) { try SQLParser.parseStatement("") }
        #expect(throws: ToonDBError.self) { try SQLParser.parse("SELECT 1 SELECT 2") }
        // Only the main and temp schemas exist.
        #expect(syntaxError("SELECT main.t.a FROM main.t") == nil)
        #expect(syntaxError("SELECT * FROM temp.t") == nil)
        #expect(syntaxError("SELECT * FROM aux.t")?.contains("unknown database aux") == true)
        #expect(syntaxError("SELECT aux.t.a FROM t")?.contains("unknown database aux") == true)
        // Keywords that are not reserved work as names.
        #expect(try body("SELECT key, replace(a, 'x', 'y'), first FROM action").columns.count == 3)
    }

    // MARK: - Errors

    @Test func errorPositions() {
        #expect(syntaxError("SELECT a,\n    FROM t")?.contains("near \"FROM\" at line 2, column 5") == true)
        #expect(syntaxError("SELECT * FROM t WHERE")?.contains("near \"end of input\"") == true)
        #expect(syntaxError("SELEC 1")?.contains("near \"SELEC\" at line 1, column 1") == true)
        #expect(syntaxError("SELECT 'abc")?.contains("unterminated string") == true)
        #expect(syntaxError("SELECT 1 /* never closed")?.contains("unterminated comment") == true)
        #expect(syntaxError("SELECT \"abc")?.contains("unterminated quoted identifier") == true)
        #expect(syntaxError("SELECT [abc")?.contains("unterminated quoted identifier") == true)
        #expect(syntaxError("SELECT X'abc'")?.contains("malformed blob") == true)
        #expect(syntaxError("SELECT 1\n  ? 2")?.contains("line 2, column 3") == true)
        #expect(syntaxError("SELECT #")?.contains("unrecognized token") == true)
        #expect(syntaxError("WITH x AS (SELECT 1) SELECT * FROM x")?.contains("WITH") == true)
    }

    // MARK: - Robustness

    @Test func randomBytesNeverCrash() async {
        let outcome = await onSmallStack { () -> Int in
            var generator = SystemRandomNumberGenerator()
            var parsedCount = 0
            let alphabet = Array("SELECT FROM WHERE ( ) ( ( NOT - + * , ; ' \" [ ] ` x 1 0x .5 e AND OR IN CASE END /* -- \n".utf8)
            for round in 0..<2_000 {
                let length = Int.random(in: 0..<200, using: &generator)
                var bytes: [UInt8] = []
                for _ in 0..<length {
                    bytes.append(round % 2 == 0 ? UInt8.random(in: 0...255, using: &generator)
                                              : alphabet.randomElement(using: &generator)!)
                }
                let sql = String(decoding: bytes, as: UTF8.self)
                do {
                    _ = try SQLParser.parse(sql)
                    parsedCount += 1
                } catch let error as ToonDBError {
                    if error.code != .sqlSyntax { return -1 }
                } catch {
                    return -1
                }
            }
            return parsedCount
        }
        #expect(outcome >= 0)
    }

    @Test func hugeStatement() throws {
        // About 1 MB: a long IN list and a long chain of additions.
        var sql = "SELECT * FROM t WHERE a IN ("
        sql += (0..<100_000).map(String.init).joined(separator: ",")
        sql += ") AND b = 'x" + String(repeating: "y", count: 400_000) + "'"
        #expect(sql.utf8.count > 900_000)
        let b = try body(sql)
        #expect(b.whereClause != nil)
        // A left-deep chain longer than the height limit is refused, not crashed on.
        let chain = "SELECT " + Array(repeating: "1", count: 200_000).joined(separator: "+")
        #expect(syntaxError(chain)?.contains("too large") == true)
        // Compound SELECTs and joins are limited as in SQLite.
        let compound = Array(repeating: "SELECT 1", count: 501).joined(separator: " UNION ALL ")
        #expect(syntaxError(compound)?.contains("too many terms") == true)
        #expect(try select(Array(repeating: "SELECT 1", count: 500).joined(separator: " UNION ")).compounds.count == 499)
        let join = "SELECT * FROM " + (0..<65).map { "t\($0)" }.joined(separator: ", ")
        #expect(syntaxError(join)?.contains("too many tables") == true)
        // But long chains within the limit work.
        let ok = "SELECT " + Array(repeating: "c", count: 400).joined(separator: " OR ")
        #expect(syntaxError(ok) == nil)
    }

    @Test func deepNestingOnSmallStack() async {
        let messages = await onSmallStack { () -> [String] in
            let n = 100_000
            let inputs = [
                "SELECT " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
                "SELECT " + String(repeating: "NOT ", count: n) + "1",
                "SELECT " + String(repeating: "- ", count: n) + "1",
                "SELECT " + String(repeating: "(SELECT ", count: n) + "1" + String(repeating: ")", count: n),
                "SELECT * FROM " + String(repeating: "(", count: n) + "t" + String(repeating: ")", count: n),
                "SELECT " + String(repeating: "CASE WHEN 1 THEN ", count: n) + "1" + String(repeating: " END", count: n),
                "SELECT " + String(repeating: "f(", count: n) + "1" + String(repeating: ")", count: n),
                "SELECT 1 IN " + String(repeating: "(1 IN ", count: n),
                "CREATE TRIGGER t INSERT ON t BEGIN " + String(repeating: "SELECT (", count: n),
            ]
            return inputs.map { sql in
                do {
                    _ = try SQLParser.parse(sql)
                    return "parsed"
                } catch {
                    return "\(error)"
                }
            }
        }
        for message in messages {
            #expect(message.contains("too deeply nested"), "\(message.prefix(200))")
        }
        // Nesting within the limit parses.
        let fine = await onSmallStack { () -> Bool in
            let n = 100
            let sql = "SELECT " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
                + " + " + String(repeating: "NOT ", count: n) + "1"
                + " FROM t WHERE x IN " + String(repeating: "(SELECT ", count: 30) + "1" + String(repeating: ")", count: 30)
            return (try? SQLParser.parse(sql)) != nil
        }
        #expect(fine)
    }

    // MARK: - Conformance files

    @Test(.enabled(if: Conformance.directory != nil))
    func conformanceCoreFilesParse() throws {
        let files = try Conformance.files(matching: { path in
            let name = (path as NSString).lastPathComponent
            return (!path.contains("/") && name.hasPrefix("select")) || path.hasPrefix("evidence/")
        })
        #expect(files.count == 17)
        var total = 0
        var failures: [String] = []
        for file in files {
            for record in try Conformance.records(file) {
                total += 1
                do {
                    _ = try SQLParser.parse(record.sql)
                } catch {
                    if !record.expectsError {
                        failures.append("\(file.lastPathComponent):\(record.line): \(error)\n  \(record.sql.prefix(300))")
                    }
                }
            }
        }
        #expect(total > 10_000)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test(.enabled(if: Conformance.directory != nil))
    func conformanceParseRates() throws {
        var report: [String] = []
        var allFailures: [String] = []
        for group in ["", "evidence/", "index/", "random/"] {
            let files = try Conformance.files(matching: { path in
                group.isEmpty ? !path.contains("/") : path.hasPrefix(group)
            })
            var total = 0, parsed = 0, okTotal = 0, okParsed = 0
            for file in files {
                for record in try Conformance.records(file) {
                    total += 1
                    if !record.expectsError { okTotal += 1 }
                    do {
                        _ = try SQLParser.parse(record.sql)
                        parsed += 1
                        if !record.expectsError { okParsed += 1 }
                    } catch {
                        if !record.expectsError {
                            allFailures.append("\(file.lastPathComponent):\(record.line): \(error)")
                        }
                    }
                }
            }
            report.append("\(group.isEmpty ? "select1-5" : group): \(parsed)/\(total) parse; "
                          + "\(okParsed)/\(okTotal) of the records expected to succeed")
        }
        print("conformance parse rates:\n  " + report.joined(separator: "\n  "))
        #expect(allFailures.isEmpty, "\(allFailures.count) failures:\n\(allFailures.prefix(20).joined(separator: "\n"))")
    }
}

// MARK: - sqllogictest reader (SQL text only)

enum Conformance {
    struct Record {
        var sql: String
        var line: Int
        /// `statement error`: a parse error is acceptable.
        var expectsError: Bool
    }

    /// `../shared/conformance/sqllogictest` next to the package, if present.
    static let directory: URL? = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() } // ParserTests.swift, ToonSQLTests, Tests
        let dir = url.deletingLastPathComponent().appendingPathComponent("shared/conformance/sqllogictest")
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }()

    /// The `.test` files whose path relative to the directory satisfies `include`, sorted.
    static func files(matching include: (String) -> Bool) throws -> [URL] {
        guard let directory else { return [] }
        var result: [URL] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let here = relative.isEmpty ? directory : directory.appendingPathComponent(relative)
            for name in try FileManager.default.contentsOfDirectory(atPath: here.path) {
                let path = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    pending.append(path)
                } else if path.hasSuffix(".test") && include(path) {
                    result.append(directory.appendingPathComponent(path))
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// The SQL of each statement/query record that runs under the name `sqlite`.
    static func records(_ file: URL) throws -> [Record] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var records: [Record] = []
        // "\r\n" is one Character in Swift, so split on both.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        lines.append("")
        var i = 0
        while i < lines.count {
            // Collect one record: a run of non-blank lines, without comment lines.
            if lines[i].allSatisfy(\.isWhitespace) { i += 1; continue }
            var record: [(Substring, Int)] = []
            while i < lines.count && !lines[i].allSatisfy(\.isWhitespace) {
                if !lines[i].hasPrefix("#") { record.append((lines[i], i + 1)) }
                i += 1
            }
            var skip = false
            var k = 0
            while k < record.count {
                let words = record[k].0.split(whereSeparator: \.isWhitespace)
                guard words.count >= 2, words[0] == "skipif" || words[0] == "onlyif" else { break }
                let engine = words[1].lowercased()
                if words[0] == "skipif" && engine == "sqlite" { skip = true }
                if words[0] == "onlyif" && engine != "sqlite" { skip = true }
                k += 1
            }
            guard !skip, k < record.count else { continue }
            let head = record[k].0.split(whereSeparator: \.isWhitespace)
            guard let first = head.first, first == "statement" || first == "query" else { continue }
            var sqlLines: [Substring] = []
            for (line, _) in record[(k + 1)...] {
                if line == "----" { break }
                sqlLines.append(line)
            }
            records.append(Record(sql: sqlLines.joined(separator: "\n"), line: record[k].1,
                                  expectsError: first == "statement" && head.count > 1 && head[1] == "error"))
        }
        return records
    }
}

/// For tests: the literal value, if `e` is a literal.
private func literalValue(_ e: Expr?) -> SQLValue? {
    if case .literal(let v)? = e { return v }
    return nil
}

private func == (lhs: Expr, rhs: SQLValue) -> Bool { literalValue(lhs) == rhs }
private func == (lhs: Expr?, rhs: SQLValue) -> Bool { literalValue(lhs) == rhs }
