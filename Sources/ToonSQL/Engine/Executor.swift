import ToonCore
internal import ToonStorage

/// Runs planned queries on a storage transaction.
final class Executor {
    let txn: StorageTransaction
    let catalog: Catalog
    /// The lowest address of this thread's stack, for the recursion guard.
    let stackLow: UInt
    /// The values bound to the statement's parameters (index 0 is `?1`).
    let parameters: [SQLValue]
    /// The rows of subqueries that do not read enclosing rows, computed once
    /// per execution (plans are shared by executions with other parameters).
    var subqueryResults: [ObjectIdentifier: [[SQLValue]]] = [:]
    /// Those rows' first column as a set, for IN.
    var subquerySets: [ObjectIdentifier: (values: Set<SQLValue>, hasNull: Bool)] = [:]

    init(txn: StorageTransaction, catalog: Catalog, parameters: [SQLValue] = []) {
        self.txn = txn
        self.catalog = catalog
        self.parameters = parameters
        stackLow = StackGuard.lowestAddressCached() ?? 0
    }

    /// The rows of a query, in order, after LIMIT and OFFSET.
    func run(_ plan: SelectPlan, parent: Frame?, limitHint: Int? = nil) throws -> [[SQLValue]] {
        let bounds = try limitAndOffset(plan, parent: parent)
        var limit = bounds.limit
        let offset = bounds.offset
        if let hint = limitHint, plan.ordering.isEmpty, plan.cores.count == 1, offset == 0 {
            limit = limit < 0 ? Int64(hint) : min(limit, Int64(hint))
        }
        var rows: [(values: [SQLValue], keys: [SQLValue])]
        let core = plan.cores[0]
        if plan.cores.count == 1, !plan.ordering.isEmpty, limit >= 0, core.values == nil, !core.isAggregate, !core.distinct {
            // ORDER BY … LIMIT k on plain rows: pick the first k by their keys, then project only those.
            let wanted = Int(min(limit + offset, Int64(Int.max / 2)))
            let f = Frame(row: [], parent: parent)
            var chosen: [[SQLValue]]
            if let streamed = try streamedTopK(core, ordering: plan.ordering, wanted: wanted, parent: parent) {
                chosen = streamed
            } else {
                let joined = try join(core, parent: parent, stopAfter: nil)
                var keyed: [(row: Int, keys: [SQLValue])] = []
                keyed.reserveCapacity(joined.count)
                for (n, r) in joined.enumerated() {
                    f.row = r
                    keyed.append((n, try core.orderExpressions.map { try eval($0, f) }))
                }
                let less = Self.keysLess(plan.ordering)
                chosen = Self.firstInOrder(keyed, min(wanted, keyed.count)) { less($0.keys, $1.keys) }.map { joined[$0.row] }
            }
            var out: [[SQLValue]] = []
            for row in chosen.dropFirst(Int(min(offset, Int64(chosen.count)))) {
                f.row = row
                out.append(try core.results.map { try eval($0, f) })
            }
            return out
        }
        if plan.cores.count == 1 {
            let stopAfter = plan.ordering.isEmpty && limit >= 0 ? Int(limit + offset) : nil
            rows = try runCore(core, parent: parent, stopAfter: stopAfter)
        } else {
            var values = try runCore(plan.cores[0], parent: parent, stopAfter: nil).map(\.values)
            for (op, core) in zip(plan.operators, plan.cores.dropFirst()) {
                let next = try runCore(core, parent: parent, stopAfter: nil).map(\.values)
                values = Self.combine(op, values, next)
            }
            rows = values.map { v in (v, plan.ordering.map { v[$0.outputColumn!] }) }
        }
        if !plan.ordering.isEmpty {
            let keysLess = Self.keysLess(plan.ordering)
            let less: ((values: [SQLValue], keys: [SQLValue]), (values: [SQLValue], keys: [SQLValue])) -> Bool = {
                keysLess($0.keys, $1.keys)
            }
            let wanted = limit >= 0 ? Int(min(limit + offset, Int64(rows.count))) : rows.count
            rows = wanted < rows.count / 2 ? Self.firstInOrder(rows, wanted, by: less) : Self.stableSort(rows, by: less)
        }
        var out = rows.map(\.values)
        if offset > 0 { out = Array(out.dropFirst(Int(min(offset, Int64(out.count))))) }
        if limit >= 0 && Int64(out.count) > limit { out = Array(out.prefix(Int(limit))) }
        return out
    }

    /// A query's LIMIT (negative: none) and OFFSET (at least 0).
    func limitAndOffset(_ plan: SelectPlan, parent: Frame?) throws -> (limit: Int64, offset: Int64) {
        let empty = Frame(row: [], parent: parent)
        let limit = try plan.limit.map { try eval($0, empty).integerValue ?? 0 } ?? -1
        let offset = max(0, try plan.offset.map { try eval($0, empty).integerValue ?? 0 } ?? 0)
        return (limit, offset)
    }

    /// Which of a table source's columns `expressions` read, for decoding
    /// only those; nil (all of them) when a subquery reads the row.
    static func columnsRead(by expressions: [BoundExpr], source s: SourcePlan) -> [Bool]? {
        if expressions.contains(where: \.containsCorrelatedSubquery) { return nil }
        var needed = Array(repeating: false, count: s.width)
        for e in expressions { e.visitColumns { d, i in if d == 0 { needed[i - s.offset] = true } } }
        return needed
    }

    /// ORDER BY's comparison of two rows' keys.
    static func keysLess(_ keys: [OrderKey]) -> ([SQLValue], [SQLValue]) -> Bool {
        { a, b in
            for (i, k) in keys.enumerated() {
                let x = a[i], y = b[i]
                if x.isNull != y.isNull { return x.isNull == k.nullsFirst }
                let c = SQLValue.compare(x, y, collation: k.collation)
                if c != 0 { return k.descending ? c > 0 : c < 0 }
            }
            return false
        }
    }

    /// The first `k` items in stable sorted order, without sorting the rest
    /// (ORDER BY … LIMIT k): a sorted buffer of at most `k` items.
    private static func firstInOrder<T>(_ items: [T], _ k: Int, by less: (T, T) -> Bool) -> [T] {
        guard k > 0 else { return [] }
        var best: [T] = []
        best.reserveCapacity(k + 1)
        for item in items {
            if best.count == k, !less(item, best[k - 1]) { continue }
            // After every equal item, so equal items keep their input order.
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if less(item, best[mid]) { hi = mid } else { lo = mid + 1 }
            }
            best.insert(item, at: lo)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    private static func stableSort<T>(_ items: [T], by less: (T, T) throws -> Bool) rethrows -> [T] {
        let indexed = Array(items.enumerated())
        return try indexed.sorted { a, b in
            if try less(a.element, b.element) { return true }
            if try less(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// UNION, UNION ALL, INTERSECT, EXCEPT (all but UNION ALL remove duplicates).
    private static func combine(_ op: CompoundOperator, _ a: [[SQLValue]], _ b: [[SQLValue]]) -> [[SQLValue]] {
        switch op {
        case .unionAll:
            return a + b
        case .union:
            return distinct(a + b)
        case .intersect:
            let right = Set(b.map(ValueRow.init))
            return distinct(a).filter { right.contains(ValueRow($0)) }
        case .except:
            let right = Set(b.map(ValueRow.init))
            return distinct(a).filter { !right.contains(ValueRow($0)) }
        }
    }

    private static func distinct(_ rows: [[SQLValue]]) -> [[SQLValue]] {
        var seen = Set<ValueRow>()
        return rows.filter { seen.insert(ValueRow($0)).inserted }
    }

    /// One core's rows with their ORDER BY keys.
    private func runCore(_ core: CorePlan, parent: Frame?, stopAfter: Int?) throws -> [(values: [SQLValue], keys: [SQLValue])] {
        if let values = core.values {
            let f = Frame(row: [], parent: parent)
            return try values.map { row in (try row.map { try eval($0, f) }, []) }
        }
        let joined = try join(core, parent: parent, stopAfter: core.isAggregate || core.distinct ? nil : stopAfter)
        var out: [(values: [SQLValue], keys: [SQLValue])] = []
        if core.isAggregate {
            for (rep, results) in try aggregate(core, joined, parent: parent) {
                let f = Frame(row: rep, aggregates: results, parent: parent)
                if let having = core.having, try eval(having, f).truth != true { continue }
                out.append((try core.results.map { try eval($0, f) }, try core.orderExpressions.map { try eval($0, f) }))
            }
        } else {
            out.reserveCapacity(joined.count)
            let f = Frame(row: [], parent: parent)
            for r in joined {
                f.row = r
                out.append((try core.results.map { try eval($0, f) }, try core.orderExpressions.map { try eval($0, f) }))
            }
        }
        if core.distinct {
            var seen = Set<ValueRow>()
            out = out.filter { seen.insert(ValueRow($0.values)).inserted }
        }
        return out
    }

    /// One group's representative row and aggregate states, updated in place.
    private final class Group {
        var rep: [SQLValue]
        var states: [AggregateState]

        init(rep: [SQLValue], states: [AggregateState]) {
            self.rep = rep
            self.states = states
        }
    }

    /// Groups rows and computes each group's aggregates; returns a
    /// representative row per group with the results.
    private func aggregate(_ core: CorePlan, _ rows: [[SQLValue]], parent: Frame?) throws -> [([SQLValue], [SQLValue])] {
        var order: [Group] = []
        var groups: [ValueRow: Group] = [:]
        let fresh = core.aggregates.map { AggregateState(function: $0.function, distinct: $0.distinct) }
        // Bare columns come from the row that set the min or max when that is the only aggregate.
        let repFromBest = core.aggregates.count == 1 && [.min, .max].contains(core.aggregates[0].function)
        if core.groupBy.isEmpty {
            let g = Group(rep: Array(repeating: .null, count: core.scope.width), states: fresh)
            order = [g]
            groups[ValueRow([])] = g
        }
        let f = Frame(row: [], parent: parent)
        var args: [SQLValue] = []
        let interrupt = txn.interrupt
        for r in rows {
            try interrupt?.check()
            f.row = r
            let key = ValueRow(try core.groupBy.map { try eval($0, f) })
            let g: Group
            if let existing = groups[key] {
                g = existing
            } else {
                g = Group(rep: r, states: fresh)
                groups[key] = g
                order.append(g)
            }
            for (i, call) in core.aggregates.enumerated() {
                args.removeAll(keepingCapacity: true)
                for a in call.arguments { args.append(try eval(a, f)) }
                if g.states[i].add(args) && repFromBest { g.rep = r }
            }
            if !repFromBest { g.rep = r }
        }
        return try order.map { g in (g.rep, try g.states.map { try $0.result() }) }
    }
}
