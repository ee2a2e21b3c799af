import ToonCore

/// Turns a parsed SELECT into a plan: sources and their access paths,
/// bound expressions, aggregates, ordering. One planner serves one statement.
final class Planner {
    let catalog: Catalog
    /// Views being expanded, to refuse a view that reads itself.
    private var expanding: Set<String> = []
    /// The lowest address of this thread's stack, for the recursion guard.
    let stackLow = StackGuard.lowestAddressCached() ?? 0

    init(catalog: Catalog) { self.catalog = catalog }

    func subquery(_ select: Select, in scope: Scope) throws -> SubqueryPlan {
        let inner = Scope(parent: scope)
        let sub = SubqueryPlan(plan: try plan(select, scope: inner))
        sub.correlated = inner.correlated || sub.plan.cores.contains { $0.scope.correlated }
        return sub
    }

    /// Plans a query whose first core binds in `scope` (its parent is the enclosing query).
    func plan(_ select: Select, scope firstScope: Scope? = nil, outer: Scope? = nil) throws -> SelectPlan {
        try StackGuard.check(lowest: stackLow, "the query")
        let p = SelectPlan()
        let first = try core(select.first, scope: firstScope ?? Scope(parent: outer))
        p.cores = [first.plan]
        p.columnNames = first.columnNames
        p.columnAffinities = select.compounds.isEmpty ? first.affinities : Array(repeating: nil, count: first.columnNames.count)
        for (op, c) in select.compounds {
            let planned = try core(c, scope: Scope(parent: first.plan.scope.parent))
            if planned.plan.results.count != first.plan.results.count {
                throw ToonDBError(.sqlSemantic, "SELECTs to the left and right of \(op.rawValue) do not have the same number of result columns")
            }
            p.cores.append(planned.plan)
            p.operators.append(op)
        }
        let core0 = p.cores[0]
        for term in select.orderBy {
            var key = OrderKey(outputColumn: nil, descending: term.descending,
                               nullsFirst: term.nullsFirst ?? !term.descending, collation: .binary)
            let binder = Binder(planner: self, scope: core0.scope, aggregates: nil)
            key.collation = binder.collationOf(term.expr)
            if let column = try outputColumn(term.expr, names: p.columnNames, count: core0.results.count) {
                key.outputColumn = column
                if case .collate = term.expr {} else if p.cores.count == 1 {
                    key.collation = first.collations[column]
                }
            } else if p.cores.count > 1 {
                throw ToonDBError(.sqlSemantic, "ORDER BY term does not match any column in the result set")
            }
            if p.cores.count == 1 {
                let collector = core0.isAggregate ? Binder.AggregateCollector() : nil
                collector?.calls = core0.aggregates
                let expr: BoundExpr
                if let column = key.outputColumn {
                    expr = core0.results[column]
                } else {
                    expr = try Binder(planner: self, scope: core0.scope, aggregates: collector).bind(term.expr)
                }
                if let collector { core0.aggregates = collector.calls }
                core0.orderExpressions.append(expr)
            }
            p.ordering.append(key)
        }
        let limitScope = Scope(parent: firstScope?.parent ?? outer)
        p.limit = try select.limit.map { try Binder(planner: self, scope: limitScope, aggregates: nil).bind($0) }
        p.offset = try select.offset.map { try Binder(planner: self, scope: limitScope, aggregates: nil).bind($0) }
        return p
    }

    /// An ORDER BY term that names an output column: a number, or an alias / column name.
    private func outputColumn(_ e: Expr, names: [String], count: Int) throws -> Int? {
        switch e {
        case .literal(.integer(let k)):
            guard k >= 1 && k <= count else {
                throw ToonDBError(.sqlSemantic, "ORDER BY term out of range - should be between 1 and \(count)")
            }
            return Int(k - 1)
        case .column(nil, let name, _):
            return names.firstIndex { $0.caseInsensitiveEquals(name) }
        case .collate(let x, _):
            return try outputColumn(x, names: names, count: count)
        default:
            return nil
        }
    }

    struct PlannedCore {
        var plan: CorePlan
        var columnNames: [String]
        var collations: [Collation]
        var affinities: [Affinity?]
    }

    private func core(_ c: SelectCore, scope: Scope) throws -> PlannedCore {
        let plan = CorePlan(scope: scope)
        switch c {
        case .values(let rows):
            let binder = Binder(planner: self, scope: scope, aggregates: nil)
            plan.values = try rows.map { try $0.map(binder.bind) }
            let width = rows.first?.count ?? 0
            if rows.contains(where: { $0.count != width }) {
                throw ToonDBError(.sqlSemantic, "all VALUES must have the same number of terms")
            }
            plan.results = (0..<width).map { .column(depth: 0, index: $0) }
            return PlannedCore(plan: plan, columnNames: (0..<width).map { "column\($0 + 1)" },
                               collations: Array(repeating: .binary, count: width),
                               affinities: Array(repeating: nil, count: width))
        case .select(let body):
            return try selectCore(body, plan: plan, scope: scope)
        }
    }

    private func selectCore(_ body: SelectBody, plan: CorePlan, scope: Scope) throws -> PlannedCore {
        var whereTerms: [Expr] = []
        if let from = body.from {
            for (i, item) in flatten(from).enumerated() {
                try addSource(item, index: i, plan: plan, scope: scope, whereTerms: &whereTerms)
            }
        }
        // Result columns.
        var names: [String] = []
        var collations: [Collation] = []
        var exprs: [Expr] = []
        for column in body.columns {
            switch column {
            case .all:
                if scope.sources.isEmpty { throw ToonDBError(.sqlSemantic, "no tables specified") }
                for s in scope.sources {
                    for (i, n) in s.columns.enumerated() {
                        exprs.append(.column(table: s.name, name: n, position: SourcePosition(line: 0, column: 0)))
                        names.append(n)
                        collations.append(s.collations[i])
                    }
                }
            case .allOf(let table):
                guard let s = scope.sources.first(where: { $0.name == table.lowercased() }) else {
                    throw ToonDBError(.sqlSemantic, "no such table: \(table)")
                }
                for (i, n) in s.columns.enumerated() {
                    exprs.append(.column(table: s.name, name: n, position: SourcePosition(line: 0, column: 0)))
                    names.append(n)
                    collations.append(s.collations[i])
                }
            case .expr(let e, let alias, let text):
                exprs.append(e)
                if let alias {
                    names.append(alias)
                    scope.aliases[alias.lowercased()] = e
                } else if case .column(_, let n, _) = e {
                    names.append(n)
                } else {
                    names.append(text)
                }
                collations.append(Binder(planner: self, scope: scope, aggregates: nil).collationOf(e))
            }
        }
        let collector = Binder.AggregateCollector()
        let resultBinder = Binder(planner: self, scope: scope, aggregates: collector)
        plan.results = try exprs.map(resultBinder.bind)
        plan.distinct = body.distinct
        // WHERE, with inner-join ON terms.
        let plain = Binder(planner: self, scope: scope, aggregates: nil)
        if let w = body.whereClause { whereTerms.append(w) }
        for term in whereTerms.flatMap(splitAnd) {
            // BETWEEN binds to an AND of two comparisons: split those too, so each can pick an access path.
            for bound in splitBoundAnd(try plain.bind(term)) {
                plan.conjuncts.append(Conjunct(expr: bound, sources: sourcesRead(bound, scope: scope), readyAfter: 0))
            }
        }
        plan.joinOrder = joinOrder(plan)
        let step = Dictionary(uniqueKeysWithValues: plan.joinOrder.enumerated().map { ($1, $0) })
        for i in plan.conjuncts.indices {
            plan.conjuncts[i].readyAfter = plan.conjuncts[i].sources.map { step[$0]! }.max() ?? 0
        }
        plan.groupBy = try body.groupBy.map { g in
            if case .literal(.integer(let k)) = g {
                guard k >= 1 && k <= exprs.count else {
                    throw ToonDBError(.sqlSemantic, "GROUP BY term out of range - should be between 1 and \(exprs.count)")
                }
                return try plain.bind(exprs[Int(k - 1)])
            }
            return try plain.bind(g)
        }
        plan.having = try body.having.map(resultBinder.bind)
        plan.aggregates = collector.calls
        plan.isAggregate = !plan.groupBy.isEmpty || !collector.calls.isEmpty || body.having != nil
        try chooseAccessPaths(plan)
        let affinityBinder = Binder(planner: self, scope: scope, aggregates: nil)
        return PlannedCore(plan: plan, columnNames: names, collations: collations,
                           affinities: zip(exprs, plan.results).map { affinityBinder.affinityOf($0, bound: $1) })
    }

    /// FROM as a list: comma and JOIN chains become a sequence of sources.
    private func flatten(_ item: FromItem) -> [(FromItem, JoinKind, Expr?, [String])] {
        switch item {
        case .join(let left, let kind, let right, let on, let using):
            var l = flatten(left)
            var r = flatten(right)
            r[0].1 = kind
            r[0].2 = on
            r[0].3 = using
            l += r
            return l
        default:
            return [(item, .cross, nil, [])]
        }
    }

    private func addSource(_ entry: (FromItem, JoinKind, Expr?, [String]), index: Int, plan: CorePlan, scope: Scope,
                           whereTerms: inout [Expr]) throws {
        let (item, kind, on, using) = entry
        let name: String
        let sourceKind: SourcePlan.Kind
        switch item {
        case .table(let tableName, let alias, let position):
            name = alias ?? tableName
            if let table = catalog.table(tableName) {
                scope.add(name: name, columns: table.columns.map(\.name), affinities: table.columns.map(\.affinity),
                          collations: table.columns.map(\.collation), hasRowid: true)
                sourceKind = .table(table, .scan)
            } else if let view = catalog.views[tableName.lowercased()] {
                let key = tableName.lowercased()
                guard !expanding.contains(key) else { throw ToonDBError(.sqlSemantic, "view \(tableName) is circularly defined") }
                expanding.insert(key)
                defer { expanding.remove(key) }
                guard case .createView(_, _, let columns, let select) = try SQLParser.parseStatement(view.sql) else {
                    throw ToonDBError(.corruption, "view \(tableName) has a malformed definition")
                }
                let sub = try self.plan(select, outer: scope.parent)
                let names = columns.isEmpty ? sub.columnNames : columns
                scope.add(name: name, columns: names, affinities: names.indices.map { $0 < sub.columnAffinities.count ? sub.columnAffinities[$0] : nil },
                          collations: Array(repeating: .binary, count: names.count), hasRowid: false)
                sourceKind = .query(sub, correlated: false)
            } else {
                throw ToonDBError(.sqlSemantic, "no such table: \(tableName) at \(position)")
            }
        case .subquery(let select, let alias):
            let sub = try self.plan(select, outer: scope.parent)
            name = alias ?? "subquery\(index)"
            scope.add(name: name, columns: sub.columnNames, affinities: sub.columnAffinities,
                      collations: Array(repeating: .binary, count: sub.columnNames.count), hasRowid: false)
            sourceKind = .query(sub, correlated: sub.cores.contains { $0.scope.correlated })
        case .join:
            throw ToonDBError(.sqlSemantic, "nested join groups are not supported; write the joins one after another")
        }
        let source = scope.sources[index]
        var sourcePlan = SourcePlan(kind: sourceKind, name: name, join: kind, width: source.width, offset: source.offset)
        var onTerms: [Expr] = on.map { [$0] } ?? []
        for column in using {
            guard let left = scope.sources.dropLast().first(where: { $0.columns.contains { $0.caseInsensitiveEquals(column) } }) else {
                throw ToonDBError(.sqlSemantic, "cannot join using column \(column) - column not present in both tables")
            }
            let pos = SourcePosition(line: 0, column: 0)
            onTerms.append(.binary(.equal, .column(table: left.name, name: column, position: pos),
                                   .column(table: source.name, name: column, position: pos)))
        }
        if kind == .left {
            let binder = Binder(planner: self, scope: scope, aggregates: nil)
            let bound = try onTerms.flatMap(splitAnd).map(binder.bind)
            sourcePlan.on = bound.dropFirst().reduce(bound.first) { acc, e in
                .binary(.and, acc!, e, affinity: .none, collation: .binary)
            }
            sourcePlan.hashKeys = bound.compactMap { hashKeyTerm($0, source: index, earlier: Set(0..<index), scope: scope) }
        } else {
            whereTerms += onTerms
        }
        plan.sources.append(sourcePlan)
    }

    private func splitBoundAnd(_ e: BoundExpr) -> [BoundExpr] {
        if case .binary(.and, let a, let b, _, _) = e { return splitBoundAnd(a) + splitBoundAnd(b) }
        return [e]
    }

    private func splitAnd(_ e: Expr) -> [Expr] {
        if case .binary(.and, let a, let b) = e { return splitAnd(a) + splitAnd(b) }
        return [e]
    }

    /// The sources a bound term reads in the current row (all of them when it
    /// holds a subquery that reads this query's rows).
    private func sourcesRead(_ e: BoundExpr, scope: Scope) -> Set<Int> {
        if e.containsCorrelatedSubquery { return Set(scope.sources.indices) }
        var read = Set<Int>()
        e.visitColumns { d, slot in if d == 0 { read.insert(scope.sourceIndex(ofSlot: slot)) } }
        return read
    }

    /// A join order that follows equality terms from source to source, so
    /// that no step multiplies unrelated tables while a related one waits.
    /// With a LEFT JOIN the written order is kept.
    private func joinOrder(_ plan: CorePlan) -> [Int] {
        let n = plan.sources.count
        if n <= 2 || plan.sources.contains(where: { $0.join == .left }) { return Array(0..<n) }
        let links = plan.conjuncts.filter { $0.sources.count == 2 }.map(\.sources)
        var order = [0]
        var joined: Set<Int> = [0]
        while order.count < n {
            let next = (0..<n).first { i in
                !joined.contains(i) && links.contains { $0.contains(i) && !$0.isDisjoint(with: joined) }
            } ?? (0..<n).first { !joined.contains($0) }!
            order.append(next)
            joined.insert(next)
        }
        return order
    }
}
