import ToonCore
import ToonSQL
/// The differential test's generator: from a seed, a random schema, rows and
/// a stream of statements (queries and data changes), all in the SQL that
/// toondb-sql(7) documents, so that ToonDB and SQLite must agree on every result.
///
/// Everything here is deterministic in the seed: the same seed always yields
/// the same SQL text, on every platform and Swift version (no use of the
/// standard library's random algorithms).

/// SplitMix64 (ToonCore's), seeded as the generator always was so that a seed's SQL stays the same.
struct DiffRandom {
    private var base: SplitMix64

    init(seed: UInt64) { base = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func next() -> UInt64 { base.next() }

    /// A uniform integer in `range` (modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, int(0...i))
        }
        return a
    }
}

enum DiffType: String {
    case integer = "INTEGER", real = "REAL", text = "TEXT"
}

struct DiffColumn {
    var name: String
    var type: DiffType
    var primaryKey = false
    var unique = false
}

struct DiffTable {
    var name: String
    var columns: [DiffColumn]
    var primaryKey: DiffColumn? { columns.first { $0.primaryKey } }
}

/// A table (or derived table) visible in a FROM clause, under its alias.
struct DiffSource {
    var alias: String
    var columns: [(name: String, type: DiffType)]
    /// A subquery in FROM: its columns may hold both 1 and 1.0.
    var derived = false
}

/// How a query's rows may be compared.
struct DiffOrdering {
    /// Output column indexes (0-based) the rows are sorted by, in order.
    var keys: [Int]
    /// The keys cover every output column, so the row sequence is determined.
    var total: Bool
    /// LIMIT/OFFSET present (only ever with a total order).
    var limited: Bool
}

/// One generated statement and what the runner must compare after it.
struct DiffStatement {
    enum Kind {
        /// A query: compare the rows.
        case query
        /// A data change: compare rowsAffected and then every table's contents.
        case change
    }

    var sql: String
    var kind: Kind
    /// For queries: the ORDER BY over output positions, when there is one.
    var ordering: DiffOrdering?
    /// The query removes duplicates or groups (DISTINCT, GROUP BY, aggregates,
    /// UNION, INTERSECT, EXCEPT): which of several equal values (1 vs 1.0)
    /// represents a group is then unspecified.
    var collapses: Bool
    /// The values bound to the statement's parameters (index 0 is `?1`).
    var arguments: [SQLValue] = []
}

final class DifferentialGenerator {
    private var rng: DiffRandom
    /// Chooses which literals become bound parameters and what they bind,
    /// from a stream of its own, so the rest of a seed's SQL stays as it was.
    private var binder: DiffRandom
    /// The values bound so far in the statement being made; nil while the
    /// setup is made (it binds nothing).
    private var arguments: [SQLValue]?
    private(set) var tables: [DiffTable] = []
    private var subqueryCounter = 0

    /// Features to leave out, to sort mismatches into classes (the test reads
    /// them from DIFF_AVOID, comma-separated): "rowid" (automatic INTEGER
    /// PRIMARY KEY values), "abs", "substr" (non-positive lengths), "sum"
    /// (sum → total), "insub" (IN (SELECT …)), "derived" (subqueries in
    /// FROM), "casebase" (CASE x WHEN …), "faulty" (statements that must
    /// fail), "params" (bound parameters).
    private let avoid: Set<String>

    init(seed: UInt64, avoid: Set<String> = []) {
        rng = DiffRandom(seed: seed)
        binder = DiffRandom(seed: seed ^ 0xB0_0D_BA_11)
        self.avoid = avoid
    }

    // MARK: - Schema and rows

    /// CREATE TABLE, INSERT and CREATE INDEX statements, in order.
    func setup() -> [String] {
        var out: [String] = []
        let tableCount = rng.int(2...3)
        var indexCounter = 0
        for t in 1...tableCount {
            var columns: [DiffColumn] = []
            if rng.chance(50) {
                columns.append(DiffColumn(name: "k", type: .integer, primaryKey: true))
            }
            let names = ["a", "b", "c", "d", "e"]
            let count = rng.int(2...4)
            for i in 0..<count {
                var c = DiffColumn(name: names[i], type: rng.pick([.integer, .integer, .real, .text, .text]))
                c.unique = rng.chance(8)
                columns.append(c)
            }
            // Make sure each table has a numeric and a text column most of the time.
            if !columns.contains(where: { $0.type == .text && !$0.primaryKey }) && rng.chance(70) {
                columns.append(DiffColumn(name: names[count], type: .text))
            }
            let table = DiffTable(name: "t\(t)", columns: columns)
            tables.append(table)
            let defs = columns.map { c -> String in
                var d = "\(c.name) \(c.type.rawValue)"
                if c.primaryKey { d += " PRIMARY KEY" }
                if c.unique { d += " UNIQUE" }
                return d
            }
            out.append("CREATE TABLE \(table.name)(\(defs.joined(separator: ", ")))")

            var indexed: [String] = []
            let early = rng.chance(50)
            func index() {
                let plain = table.columns.filter { !$0.primaryKey }
                let col = rng.pick(plain)
                indexCounter += 1
                let unique = rng.chance(20) ? "UNIQUE " : ""
                var cols = col.name
                if rng.chance(30), let other = plain.filter({ $0.name != col.name }).first { cols += ", " + other.name }
                indexed.append("CREATE \(unique)INDEX i\(indexCounter) ON \(table.name)(\(cols))")
            }
            if rng.chance(60) { index() }
            if early { out += indexed; indexed = [] }

            let rows = rng.int(10...40)
            var nextKey = rng.int(-5...5)
            var r = 0
            while r < rows {
                // Mostly one row per INSERT; sometimes a multi-row VALUES.
                let n = rng.chance(15) ? min(rng.int(2...4), rows - r) : 1
                var tuples: [String] = []
                for _ in 0..<n {
                    var vals: [String] = []
                    for c in columns {
                        if c.primaryKey {
                            if !avoid.contains("rowid") && rng.chance(15) {
                                vals.append("NULL")
                            } else {
                                nextKey += rng.int(1...3)
                                vals.append(String(nextKey))
                            }
                        } else {
                            vals.append(value(for: c.type))
                        }
                    }
                    tuples.append("(" + vals.joined(separator: ", ") + ")")
                }
                let colList = rng.chance(50) ? "" : "(" + columns.map(\.name).joined(separator: ", ") + ")"
                out.append("INSERT INTO \(table.name)\(colList) VALUES " + tuples.joined(separator: ", "))
                r += n
            }
            out += indexed
        }
        return out
    }

    /// A literal for a row of a column of `type`: NULLs, negatives,
    /// duplicates, and text that looks numeric.
    private func value(for type: DiffType) -> String {
        if rng.chance(15) { return "NULL" }
        switch type {
        case .integer:
            if rng.chance(10) { return rng.pick(["'12'", "' 3'", "'-7'", "'1e2'", "'abc'", "''", "'0x10'", "'2.5'", "'4 '"]) }
            if rng.chance(5) { return rng.pick(["1000", "-1000", "123456", "2.0", "7.5"]) }
            return String(rng.int(-6...12))
        case .real:
            if rng.chance(10) { return rng.pick(["'12'", "' 3'", "'1.5'", "'x'", "'-0.25'", "''"]) }
            if rng.chance(15) { return String(rng.int(-5...9)) }
            return realLiteral()
        case .text:
            if rng.chance(15) { return rng.pick(["12", "-3", "0", "2.5"]) }
            return rng.pick(["'abc'", "'ABC'", "'Abc'", "'a_c'", "'a%c'", "''", "'12'", "' 3'", "'3'", "'-1'",
                             "'1.0'", "'b'", "'zz'", "'hello world'", "'x'", "'12abc'", "'B'", "'abc'", "'b'"])
        }
    }

    /// Reals that are sums of powers of two, so that sums are exact in any order.
    private func realLiteral() -> String {
        let quarters = rng.int(-60...80)
        let v = Double(quarters) / 4
        var s = String(v)
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }

    // MARK: - Statements

    /// The next statement; some of its literals are parameters `?NNN`, with
    /// the values to bind.
    func statement() -> DiffStatement {
        arguments = []
        defer { arguments = nil }
        var s = unboundStatement()
        s.arguments = Array(arguments!.prefix(Self.largestParameter(in: s.sql)))
        return s
    }

    /// The largest `NNN` of the parameters `?NNN` in `sql` (values drawn for
    /// literals the generator then left out are not bound).
    static func largestParameter(in sql: String) -> Int {
        var largest = 0
        var rest = Substring(sql)
        while let mark = rest.firstIndex(of: "?") {
            rest = rest[rest.index(after: mark)...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            largest = max(largest, Int(digits) ?? 0)
        }
        return largest
    }

    /// `literal` as it is, or (while a statement is made) a parameter
    /// `?NNN` bound to the same value or to another: NULL, a number, text
    /// that looks numeric or not, a blob.
    private func maybeParameter(_ literal: String) -> String {
        guard arguments != nil, !avoid.contains("params"), binder.chance(25) else { return literal }
        let value: SQLValue
        if binder.chance(70) {
            value = Self.value(ofLiteral: literal)
        } else {
            let integer = Int64(binder.int(-3...10)), quarters = Double(binder.int(-20...40)) / 4
            value = binder.pick([.null, .integer(integer), .real(quarters), .text("12"), .text(" 3"), .text("abc"),
                                 .text(""), .text("1e2"), .text("B"), .blob([0x61, 0x62, 0x63]), .blob([]), .blob([0x31, 0x32])])
        }
        arguments!.append(value)
        return "?\(arguments!.count)"
    }

    /// The value of a literal this generator writes: NULL, 'text', an integer or a real.
    static func value(ofLiteral literal: String) -> SQLValue {
        if literal == "NULL" { return .null }
        if literal.hasPrefix("'") { return .text(String(literal.dropFirst().dropLast())) }
        if let i = Int64(literal) { return .integer(i) }
        return .real(Double(literal)!)
    }

    private func unboundStatement() -> DiffStatement {
        let roll = rng.int(0...99)
        if roll < 4 && !avoid.contains("faulty") { return faulty() }
        if roll < 14 { return change() }
        if roll < 35 { return aggregateQuery() }
        if roll < 50 { return compoundQuery() }
        return simpleQuery()
    }

    // MARK: Queries

    private func simpleQuery() -> DiffStatement {
        let (from, sources, smallJoin) = fromClause()
        let n = rng.int(1...4)
        let depth = smallJoin ? 2 : 1
        var items: [String] = []
        for i in 0..<n {
            var e = expr(sources, outer: [], depth: depth, subqueries: smallJoin)
            if rng.chance(20) { e += " AS r\(i)" }
            items.append(e)
        }
        let distinct = rng.chance(20)
        var sql = "SELECT " + (distinct ? "DISTINCT " : "") + items.joined(separator: ", ") + " FROM " + from
        if rng.chance(75) { sql += " WHERE " + cond(sources, outer: [], depth: 2, subqueries: smallJoin) }
        let (orderSQL, ordering) = orderBy(columns: n, aliases: items)
        sql += orderSQL
        return DiffStatement(sql: sql, kind: .query, ordering: ordering, collapses: distinct)
    }

    private func aggregateQuery() -> DiffStatement {
        let (from, sources, smallJoin) = fromClause()
        var keys: [String] = []
        let keyCount = rng.pick([0, 1, 1, 1, 2])
        for _ in 0..<keyCount { keys.append(groupKey(sources)) }
        var items: [String] = []
        for k in keys where rng.chance(85) { items.append(k) }
        let aggCount = rng.int(1...3)
        for _ in 0..<aggCount { items.append(aggregateExpr(sources, keys: keys, subqueries: smallJoin)) }
        items = rng.shuffled(items)
        var sql = "SELECT " + items.joined(separator: ", ") + " FROM " + from
        if rng.chance(60) { sql += " WHERE " + cond(sources, outer: [], depth: 2, subqueries: smallJoin) }
        if !keys.isEmpty {
            sql += " GROUP BY " + keys.joined(separator: ", ")
            if rng.chance(40) { sql += " HAVING " + havingCond(sources, keys: keys) }
        }
        let (orderSQL, ordering) = orderBy(columns: items.count, aliases: items)
        sql += orderSQL
        return DiffStatement(sql: sql, kind: .query, ordering: ordering, collapses: true)
    }

    private func compoundQuery() -> DiffStatement {
        let n = rng.int(1...2)
        let parts = rng.chance(20) ? 3 : 2
        var sql = ""
        var collapses = false
        for p in 0..<parts {
            if p > 0 {
                let op = rng.pick(["UNION", "UNION ALL", "UNION ALL", "INTERSECT", "EXCEPT"])
                if op != "UNION ALL" { collapses = true }
                sql += " " + op + " "
            }
            sql += compoundCore(columns: n, collapses: &collapses)
        }
        let (orderSQL, ordering) = orderBy(columns: n, aliases: nil)
        sql += orderSQL
        return DiffStatement(sql: sql, kind: .query, ordering: ordering, collapses: collapses)
    }

    private func compoundCore(columns n: Int, collapses: inout Bool) -> String {
        let table = rng.pick(tables)
        let source = self.source(table, alias: nextAlias())
        if rng.chance(25) {
            // An aggregate core.
            let key = groupKey([source])
            var items = [key]
            while items.count < n { items.append(aggregateExpr([source], keys: [key], subqueries: true)) }
            items = Array(items.prefix(n))
            collapses = true
            var sql = "SELECT " + items.joined(separator: ", ") + " FROM \(table.name) AS \(source.alias)"
            if rng.chance(40) { sql += " WHERE " + cond([source], outer: [], depth: 1, subqueries: true) }
            return sql + " GROUP BY " + key
        }
        var items: [String] = []
        for _ in 0..<n { items.append(expr([source], outer: [], depth: 1, subqueries: true)) }
        let distinct = rng.chance(15)
        if distinct { collapses = true }
        var sql = "SELECT " + (distinct ? "DISTINCT " : "") + items.joined(separator: ", ") + " FROM \(table.name) AS \(source.alias)"
        if rng.chance(70) { sql += " WHERE " + cond([source], outer: [], depth: 2, subqueries: true) }
        return sql
    }

    /// ORDER BY over output positions (sometimes aliases); LIMIT/OFFSET only
    /// when the keys cover every column (a total order on the rows).
    private func orderBy(columns n: Int, aliases items: [String]?) -> (String, DiffOrdering?) {
        guard rng.chance(45) else { return ("", nil) }
        let all = Array(0..<n)
        let keys: [Int]
        if rng.chance(60) {
            keys = rng.shuffled(all)
        } else {
            keys = Array(rng.shuffled(all).prefix(rng.int(1...n)))
        }
        let total = keys.count == n
        let terms = keys.map { k -> String in
            var term = String(k + 1)
            if let items, items[k].hasSuffix(" AS r\(k)"), rng.chance(50) { term = "r\(k)" }
            switch rng.int(0...2) {
            case 0: term += " DESC"
            case 1: term += " ASC"
            default: break
            }
            return term
        }
        var sql = " ORDER BY " + terms.joined(separator: ", ")
        var limited = false
        if total && rng.chance(50) {
            limited = true
            sql += " LIMIT \(rng.int(0...8))"
            if rng.chance(50) { sql += " OFFSET \(rng.int(0...5))" }
        }
        return (sql, DiffOrdering(keys: keys, total: total, limited: limited))
    }

    // MARK: FROM

    private func nextAlias() -> String {
        subqueryCounter += 1
        return "s\(subqueryCounter)"
    }

    private func source(_ table: DiffTable, alias: String) -> DiffSource {
        DiffSource(alias: alias, columns: table.columns.map { ($0.name, $0.type) })
    }

    /// A FROM clause: one table, a derived table, or a join of two (rarely
    /// three). The flag says whether it is small enough for subqueries in
    /// every row.
    private func fromClause() -> (String, [DiffSource], Bool) {
        let roll = rng.int(0...99)
        if roll < 35 {
            let t = rng.pick(tables)
            let s = source(t, alias: "o1")
            return ("\(t.name) AS o1", [s], true)
        }
        if roll < 45 && !avoid.contains("derived") {
            // A subquery in FROM.
            let t = rng.pick(tables)
            let inner = source(t, alias: nextAlias())
            let n = rng.int(1...3)
            var cols: [(name: String, type: DiffType)] = []
            var items: [String] = []
            for i in 0..<n {
                items.append(expr([inner], outer: [], depth: 1, subqueries: false) + " AS v\(i)")
                cols.append(("v\(i)", .real))
            }
            var sql = "(SELECT " + (rng.chance(25) ? "DISTINCT " : "") + items.joined(separator: ", ")
                + " FROM \(t.name) AS \(inner.alias)"
            if rng.chance(60) { sql += " WHERE " + cond([inner], outer: [], depth: 1, subqueries: false) }
            sql += ") AS o1"
            let s = DiffSource(alias: "o1", columns: cols, derived: true)
            if rng.chance(40) {
                let t2 = rng.pick(tables)
                let s2 = source(t2, alias: "o2")
                return (sql + " JOIN \(t2.name) AS o2 ON " + joinCond(s, s2), [s, s2], false)
            }
            return (sql, [s], true)
        }
        let t1 = rng.pick(tables), t2 = rng.pick(tables)
        let s1 = source(t1, alias: "o1"), s2 = source(t2, alias: "o2")
        var sql: String
        switch rng.int(0...2) {
        case 0: sql = "\(t1.name) AS o1 JOIN \(t2.name) AS o2 ON " + joinCond(s1, s2)
        case 1: sql = "\(t1.name) AS o1 LEFT JOIN \(t2.name) AS o2 ON " + joinCond(s1, s2)
        default:
            // A comma join; the WHERE clause of the query may or may not relate them.
            sql = "\(t1.name) AS o1, \(t2.name) AS o2"
        }
        var sources = [s1, s2]
        if rng.chance(12) {
            let t3 = rng.pick(tables)
            let s3 = source(t3, alias: "o3")
            let kind = rng.chance(50) ? "LEFT JOIN" : "JOIN"
            sql += " \(kind) \(t3.name) AS o3 ON " + joinCond(rng.pick([s1, s2]), s3)
            sources.append(s3)
        }
        return (sql, sources, false)
    }

    private func joinCond(_ a: DiffSource, _ b: DiffSource) -> String {
        let ca = "\(a.alias).\(rng.pick(a.columns).name)"
        let cb = "\(b.alias).\(rng.pick(b.columns).name)"
        var c = "\(ca) \(rng.pick(["=", "=", "=", "<", ">=", "<>"])) \(cb)"
        if rng.chance(25) { c += " AND " + cond([a, b], outer: [], depth: 1, subqueries: false) }
        if rng.chance(10) { c += " OR " + cond([a, b], outer: [], depth: 1, subqueries: false) }
        return c
    }

    // MARK: Expressions

    private func column(_ sources: [DiffSource]) -> String {
        precondition(!sources.isEmpty, "no source to take a column from")
        let s = rng.pick(sources)
        return "\(s.alias).\(rng.pick(s.columns).name)"
    }

    private func literal() -> String {
        let text: String
        switch rng.int(0...9) {
        case 0...3: text = String(rng.int(-3...10))
        case 4: text = rng.pick(["0", "-1", "100", "1000"])
        case 5, 6: text = realLiteral()
        case 7, 8: text = rng.pick(["'abc'", "'12'", "' 3'", "'a'", "''", "'B'", "'1.0'", "'x'"])
        default: text = "NULL"
        }
        return maybeParameter(text)
    }

    /// A value expression over `sources` (with `outer` visible for correlation).
    func expr(_ sources: [DiffSource], outer: [DiffSource], depth: Int, subqueries: Bool) -> String {
        if sources.isEmpty { return expr(outer, outer: [], depth: depth, subqueries: subqueries) }
        let visible = sources + outer
        if depth <= 0 || rng.chance(35) {
            if rng.chance(75) {
                // Prefer the innermost sources; sometimes the outer ones (correlation).
                return column(outer.isEmpty || rng.chance(75) ? sources : outer)
            }
            return literal()
        }
        let d = depth - 1
        func sub() -> String { expr(sources, outer: outer, depth: d, subqueries: subqueries) }
        switch rng.int(0...15) {
        case 0, 1, 2:
            return "(\(sub()) \(rng.pick(["+", "-", "*", "/", "%", "+", "-", "*"])) \(sub()))"
        case 3:
            return "(\(sub()) \(rng.pick(["/", "%"])) \(rng.pick(["0", "0.0", "2", "-3", "2.5"])))"
        case 4:
            return "-\(column(visible))"
        case 5:
            return "(\(sub()) || \(sub()))"
        case 6:
            if rng.chance(50) || avoid.contains("casebase") {
                return "CASE WHEN \(cond(sources, outer: outer, depth: d, subqueries: subqueries)) THEN \(sub()) ELSE \(sub()) END"
            }
            var s = "CASE \(sub())"
            for _ in 0..<rng.int(1...2) { s += " WHEN \(literal()) THEN \(sub())" }
            if rng.chance(60) { s += " ELSE \(sub())" }
            return s + " END"
        case 7:
            return "CAST(\(sub()) AS \(rng.pick(["INTEGER", "REAL", "TEXT", "NUMERIC"])))"
        case 8:
            if rng.chance(60) {
                return "coalesce(\(sub()), \(sub())\(rng.chance(30) ? ", " + literal() : ""))"
            }
            return "nullif(\(sub()), \(sub()))"
        case 9:
            switch rng.int(0...5) {
            case 0: return avoid.contains("abs") ? sub() : "abs(\(sub()))"
            case 1: return "length(\(sub()))"
            case 2: return "\(rng.pick(["lower", "upper"]))(\(sub()))"
            case 3:
                let length = avoid.contains("substr") ? rng.int(1...3) : rng.int(-1...3)
                return "substr(\(sub()), \(rng.int(-3...4))\(rng.chance(60) ? ", \(length)" : ""))"
            case 4: return "round(\(sub())\(rng.chance(40) ? ", \(rng.int(0...2))" : ""))"
            default: return avoid.contains("abs") ? column(visible) : "abs(\(column(visible)))"
            }
        case 10:
            if subqueries { return scalarSubquery(outer: visible) }
            return column(visible)
        case 11:
            // A comparison used as a value (0, 1 or NULL).
            return "(\(cond(sources, outer: outer, depth: d, subqueries: subqueries)))"
        default:
            return column(outer.isEmpty || rng.chance(80) ? sources : outer)
        }
    }

    /// The table a subquery reads: inside a data change, never the table
    /// being changed.
    ///
    /// Known engine difference (kept out on purpose, as SQLite's answer
    /// depends on its scan order): SQLite evaluates a subquery on the target
    /// table row by row while updating, so it sees the rows it already
    /// changed; ToonDB evaluates against the statement's starting state.
    ///   CREATE TABLE u(k INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
    ///   INSERT INTO u VALUES (1, 1, 0), (2, 2, 0), (3, 3, 0);
    ///   UPDATE u SET b = 1 WHERE EXISTS (SELECT 1 FROM u AS s WHERE s.b < u.a AND s.b = 0 AND s.k <> u.k);
    ///   SELECT * FROM u;  -- SQLite (1,1,1) (2,2,1) (3,3,0); ToonDB (1,1,1) (2,2,1) (3,3,1)
    private var changing: String?

    private func subqueryTable() -> DiffTable {
        let candidates = tables.filter { $0.name != changing }
        return rng.pick(candidates.isEmpty ? tables : candidates)
    }

    /// A scalar subquery that yields at most one row: an aggregate, or a
    /// lookup by INTEGER PRIMARY KEY.
    private func scalarSubquery(outer: [DiffSource]) -> String {
        let t = subqueryTable()
        let s = source(t, alias: nextAlias())
        if let pk = t.primaryKey, rng.chance(30) {
            let col = rng.pick(t.columns).name
            return "(SELECT \(s.alias).\(col) FROM \(t.name) AS \(s.alias) WHERE \(s.alias).\(pk.name) = \(expr([], outer: outer, depth: 1, subqueries: false)))"
        }
        let agg = rng.pick(["count(*)", "max(#)", "min(#)", avoid.contains("sum") ? "total(#)" : "sum(#)", "count(#)", "avg(#)", "total(#)"])
            .replacingOccurrences(of: "#", with: column([s]))
        var sql = "(SELECT \(agg) FROM \(t.name) AS \(s.alias)"
        if rng.chance(80) {
            // Usually correlated with the enclosing query.
            let inner = "\(s.alias).\(rng.pick(s.columns).name)"
            let outerCol = outer.isEmpty ? literal() : column(outer)
            sql += " WHERE \(inner) \(rng.pick(["=", "<", ">", "<>", "<="])) \(outerCol)"
        }
        return sql + ")"
    }

    /// A condition (WHERE, ON, CASE WHEN).
    func cond(_ sources: [DiffSource], outer: [DiffSource], depth: Int, subqueries: Bool) -> String {
        let visible = sources + outer
        let d = max(depth - 1, 0)
        func e() -> String { expr(sources, outer: outer, depth: d, subqueries: subqueries && depth > 0) }
        let roll = rng.int(0...19)
        if depth > 0 && roll < 5 {
            let a = cond(sources, outer: outer, depth: d, subqueries: subqueries)
            switch roll {
            case 0, 1: return "(\(a) AND \(cond(sources, outer: outer, depth: d, subqueries: subqueries)))"
            case 2, 3: return "(\(a) OR \(cond(sources, outer: outer, depth: d, subqueries: subqueries)))"
            default: return "NOT (\(a))"
            }
        }
        switch roll {
        case 5, 6, 7, 8:
            return "\(e()) \(rng.pick(["=", "<>", "!=", "<", "<=", ">", ">=", "=="])) \(e())"
        case 9:
            return "\(column(visible)) \(rng.pick(["=", "<", ">", "<>"])) \(literal())"
        case 10:
            return "\(e()) IS \(rng.chance(50) ? "NOT " : "")NULL"
        case 11:
            return "\(e()) \(rng.chance(25) ? "NOT " : "")BETWEEN \(e()) AND \(e())"
        case 12:
            let list = (0..<rng.int(1...4)).map { _ in literal() }.joined(separator: ", ")
            return "\(e()) \(rng.chance(25) ? "NOT " : "")IN (\(list))"
        case 13:
            let pattern = rng.pick(["'a%'", "'%b%'", "'_'", "'__'", "'1%'", "'%3'", "'A_C'", "'%'", "''", "' %'",
                                    "'%c'", "'a\\%'", "'%.%'", "'-%'", "'ab_'"])
            // SQLite 3.40.1 gets `rowid LIKE 'a%'` in a LEFT JOIN's ON clause
            // wrong (it drops the unmatched left rows; ToonDB is right):
            //   CREATE TABLE t1(k INTEGER PRIMARY KEY, a TEXT); INSERT INTO t1 VALUES (0, NULL), (9, 'Abc');
            //   SELECT count(*) FROM t1 AS o1 LEFT JOIN t1 AS o2 ON o2.k LIKE 'a%';  -- SQLite 0, correct 2
            // so an INTEGER PRIMARY KEY is matched as text instead.
            var lhs = e()
            if lhs.hasSuffix(".k") { lhs = "(\(lhs) || '')" }
            return "\(lhs) \(rng.chance(25) ? "NOT " : "")LIKE \(pattern)"
        case 14, 15:
            if subqueries && depth > 0 && !avoid.contains("insub") {
                let t = subqueryTable()
                let s = source(t, alias: nextAlias())
                var sub = "SELECT \(column([s])) FROM \(t.name) AS \(s.alias)"
                if rng.chance(60) { sub += " WHERE " + cond([s], outer: visible, depth: 1, subqueries: false) }
                return "\(e()) \(rng.chance(25) ? "NOT " : "")IN (\(sub))"
            }
            return "\(e()) IS NOT NULL"
        case 16, 17:
            if subqueries && depth > 0 {
                let t = subqueryTable()
                let s = source(t, alias: nextAlias())
                let inner = "\(s.alias).\(rng.pick(s.columns).name)"
                var sub = "SELECT 1 FROM \(t.name) AS \(s.alias) WHERE \(inner) \(rng.pick(["=", "<", ">", "<>"])) \(column(visible))"
                if rng.chance(40) { sub += " AND " + cond([s], outer: visible, depth: 0, subqueries: false) }
                return "\(rng.chance(30) ? "NOT " : "")EXISTS (\(sub))"
            }
            return "\(column(visible)) IS NULL"
        case 18:
            // A bare value as a condition (truthiness of numbers and text).
            return e()
        default:
            return "\(column(visible)) \(rng.pick(["=", "<", ">=", "<>"])) \(column(visible))"
        }
    }

    // MARK: Aggregates

    /// GROUP BY keys whose groups cannot mix integer n and real n.0, so the
    /// value representing the group is determined and may be shown as text.
    private var textSafeKeys: Set<String> = []

    private func groupKey(_ sources: [DiffSource]) -> String {
        let s = rng.pick(sources)
        let c = "\(s.alias).\(rng.pick(s.columns).name)"
        switch rng.int(0...9) {
        case 0: return "(\(c) % 3)"
        case 1: textSafeKeys.insert("lower(\(c))"); return "lower(\(c))"
        case 2: textSafeKeys.insert("(\(c) IS NULL)"); return "(\(c) IS NULL)"
        case 3: textSafeKeys.insert("length(\(c))"); return "length(\(c))"
        default:
            if !s.derived { textSafeKeys.insert(c) }
            return c
        }
    }

    private func aggregateCall(_ sources: [DiffSource], subqueries: Bool) -> String {
        let sum = avoid.contains("sum") ? "total" : "sum"
        let arg = rng.chance(70) ? column(sources) : expr(sources, outer: [], depth: 1, subqueries: subqueries)
        switch rng.int(0...10) {
        case 0: return "count(*)"
        case 1: return "count(\(arg))"
        case 2: return "count(DISTINCT \(arg))"
        case 3: return "\(sum)(\(arg))"
        case 4: return "avg(\(arg))"
        case 5: return "min(\(arg))"
        case 6: return "max(\(arg))"
        case 7: return "total(\(arg))"
        // group_concat's order is unspecified: only its length is compared.
        case 8: return "length(group_concat(\(arg)))"
        case 9: return "length(group_concat(DISTINCT \(arg)))"
        default: return "\(sum)(\(arg))"
        }
    }

    private func aggregateExpr(_ sources: [DiffSource], keys: [String], subqueries: Bool) -> String {
        let a = aggregateCall(sources, subqueries: subqueries)
        switch rng.int(0...9) {
        case 0: return "(\(a) + \(rng.pick(["1", "0.5", "-2"])))"
        case 1: return "(\(a) \(rng.pick(["-", "*", "/"])) \(aggregateCall(sources, subqueries: subqueries)))"
        case 2: return "CASE WHEN \(a) > \(rng.int(0...3)) THEN 'many' ELSE 'few' END"
        case 3: return "coalesce(\(a), \(literal()))"
        case 4:
            // Only keys whose representative value is determined (GROUP BY
            // (x % 3) may stand for 1 or 1.0, and text shows the difference).
            if let k = keys.first(where: textSafeKeys.contains) { return "(\(k) || '-' || \(a))" }
            return a
        default: return a
        }
    }

    private func havingCond(_ sources: [DiffSource], keys: [String]) -> String {
        let a = aggregateCall(sources, subqueries: false)
        switch rng.int(0...5) {
        case 0: return "count(*) > \(rng.int(0...3))"
        case 1: return "\(a) IS NOT NULL"
        case 2: return "\(a) \(rng.pick(["<", ">", "=", "<>"])) \(literal())"
        case 3: return "(\(a) > \(literal()) OR \(rng.pick(keys)) IS NULL)"
        case 4: return "NOT (\(a) \(rng.pick(["<", ">"])) \(aggregateCall(sources, subqueries: false)))"
        default: return "\(rng.pick(keys)) \(rng.pick(["<>", ">", "IS NOT"])) \(literal())"
        }
    }

    // MARK: Errors

    /// A statement both engines must refuse.
    private func faulty() -> DiffStatement {
        let t = rng.pick(tables), u = rng.pick(tables)
        let c = rng.pick(t.columns.filter { !$0.primaryKey }).name
        let query: [String] = [
            "SELECT o1.zz FROM \(t.name) AS o1",
            "SELECT * FROM nosuch",
            "SELECT count(*) FROM \(t.name) AS o1 WHERE count(*) > 1",
            "SELECT sum(sum(o1.\(c))) FROM \(t.name) AS o1",
            "SELECT o1.a FROM \(t.name) AS o1 UNION SELECT o2.a, o2.b FROM \(u.name) AS o2",
            "SELECT a FROM \(t.name), \(u.name)",
            "SELECT o1.a FROM \(t.name) AS o1 ORDER BY \(rng.int(2...9))",
            "SELECT o1.a FROM \(t.name) AS o1 GROUP BY \(rng.int(2...9))",
            "SELECT (SELECT o2.a, o2.b FROM \(u.name) AS o2) FROM \(t.name) AS o1",
            "SELECT o1.a FROM \(t.name) AS o1 WHERE o1.a IN (SELECT o2.a, o2.b FROM \(u.name) AS o2)",
            "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)",
            "SELECT o1.a FROM \(t.name) AS o1 HAVING o1.a > 1 GROUP BY o1.a",
            "SELECT nosuchfunction(o1.a) FROM \(t.name) AS o1",
            "SELECT abs(o1.a, 1) FROM \(t.name) AS o1",
            "SELECT o1.a FROM \(t.name) AS o1 JOIN \(u.name) AS o1 ON 1",
        ]
        let change: [String] = [
            "INSERT INTO \(t.name)(\(c)) VALUES (1, 2)",
            "INSERT INTO \(t.name)(zz) VALUES (1)",
            "UPDATE \(t.name) SET zz = 1",
            "DELETE FROM \(t.name) WHERE zz = 1",
            "INSERT INTO \(t.name) SELECT 1",
            "UPDATE \(t.name) SET \(c) = (SELECT 1, 2)",
        ]
        if rng.chance(70) {
            return DiffStatement(sql: rng.pick(query), kind: .query, ordering: nil, collapses: false)
        }
        return DiffStatement(sql: rng.pick(change), kind: .change, ordering: nil, collapses: false)
    }

    // MARK: Data changes

    private func change() -> DiffStatement {
        let t = rng.pick(tables)
        changing = t.name
        defer { changing = nil }
        let s = source(t, alias: t.name)
        let plain = t.columns.filter { !$0.primaryKey }
        var sql: String
        var roll = rng.int(0...9)
        if (6...8).contains(roll) && avoid.contains("rowid") && t.primaryKey != nil { roll = 0 }
        switch roll {
        case 0, 1, 2, 3:
            var sets: [String] = []
            for c in rng.shuffled(plain).prefix(rng.int(1...2)) {
                sets.append("\(c.name) = " + expr([s], outer: [], depth: 2, subqueries: true))
            }
            if let pk = t.primaryKey, rng.chance(8) {
                sets.append("\(pk.name) = \(pk.name) + \(rng.pick(["100", "1", "-1"]))")
            }
            sql = "UPDATE \(t.name) SET " + sets.joined(separator: ", ")
            if rng.chance(85) { sql += " WHERE " + cond([s], outer: [], depth: 2, subqueries: true) }
        case 4, 5:
            sql = "DELETE FROM \(t.name) WHERE " + cond([s], outer: [], depth: 2, subqueries: true)
        case 6, 7, 8:
            // INSERT … SELECT, in a total order so rowid assignment is determined.
            var cols = rng.shuffled(plain).prefix(rng.int(1...plain.count)).map(\.name)
            if let pk = t.primaryKey, rng.chance(15) { cols.append(pk.name) }
            let from = rng.pick(tables)
            let fs = source(from, alias: nextAlias())
            let items = cols.map { _ in expr([fs], outer: [], depth: 1, subqueries: false) }
            sql = "INSERT INTO \(t.name)(\(cols.joined(separator: ", "))) SELECT " + items.joined(separator: ", ")
                + " FROM \(from.name) AS \(fs.alias)"
            if rng.chance(60) { sql += " WHERE " + cond([fs], outer: [], depth: 1, subqueries: false) }
            sql += " ORDER BY " + (1...items.count).map(String.init).joined(separator: ", ") + " LIMIT \(rng.int(1...6))"
        default:
            let vals = t.columns.map { c -> String in
                c.primaryKey ? (rng.chance(50) && !avoid.contains("rowid") ? "NULL" : String(rng.int(-10...60)))
                    : maybeParameter(value(for: c.type))
            }
            sql = "INSERT INTO \(t.name) VALUES (" + vals.joined(separator: ", ") + ")"
        }
        return DiffStatement(sql: sql, kind: .change, ordering: nil, collapses: false)
    }
}
