import ToonCore

extension Planner {
    /// Picks, for every table source, how to find its rows from the WHERE
    /// terms that read only it (rowid or index, equality before range), and
    /// hash-join keys for the sources after the first.
    func chooseAccessPaths(_ plan: CorePlan) throws {
        let scope = plan.scope
        for (step, i) in plan.joinOrder.enumerated() {
            let source = scope.sources[i]
            let local = plan.conjuncts.filter { $0.readyAfter == step }.map(\.expr)
            let earlier = Set(plan.joinOrder[..<step])
            if step > 0 && plan.sources[i].join != .left {
                plan.sources[i].hashKeys = local.compactMap { hashKeyTerm($0, source: i, earlier: earlier, scope: scope) }
            }
            guard case .table(let table, _) = plan.sources[i].kind else { continue }
            var terms: [KeyTerm] = []
            for c in plan.conjuncts.indices where plan.conjuncts[c].readyAfter == step {
                if let t = keyTerm(plan.conjuncts[c].expr, source: source) {
                    terms.append(KeyTerm(column: t.column, op: t.op, values: t.values, conjunct: c))
                }
            }
            let rowidColumns = Set([table.columns.count] + (table.rowidColumn.map { [$0] } ?? []))
            let indexes = catalog.indexes(on: table.name).sorted { ($0.unique ? 0 : 1, $0.name) < ($1.unique ? 0 : 1, $1.name) }
            var path = AccessPath.scan
            if let eq = terms.first(where: { rowidColumns.contains($0.column) && $0.op == .equal }) {
                path = .rowidEquals(eq.values)
                plan.sources[i].exactTerms = [eq.conjunct]
            } else if let (index, eq) = indexes.lazy.compactMap({ idx in
                terms.first { $0.column == idx.columns[0] && $0.op == .equal }.map { (idx, $0) }
            }).first {
                path = .indexEquals(index, eq.values)
            } else if let range = rangeBounds(terms.filter { rowidColumns.contains($0.column) }) {
                path = .rowidRange(lower: range.lower, upper: range.upper)
                plan.sources[i].exactTerms = range.used
            } else if let (index, range) = indexes.lazy.filter({ !$0.descending[0] }).compactMap({ idx in
                self.rangeBounds(terms.filter { $0.column == idx.columns[0] }).map { (idx, $0) }
            }).first {
                path = .indexRange(index, lower: range.lower, upper: range.upper)
            }
            plan.sources[i].kind = .table(table, path)
            // After a LEFT JOIN's null rows are added, WHERE must still see every term.
            if plan.sources[i].join == .left { plan.sources[i].exactTerms = [] }
        }
    }

    private typealias Bound = (BoundExpr, inclusive: Bool)

    /// A WHERE term usable as a key: `column op values`, from conjunct `conjunct`.
    private struct KeyTerm {
        var column: Int
        var op: BinaryOperator
        var values: [BoundExpr]
        var conjunct: Int
    }

    /// The first lower and upper bound among the terms, and the conjuncts they came from.
    private func rangeBounds(_ terms: [KeyTerm]) -> (lower: Bound?, upper: Bound?, used: [Int])? {
        var lower: Bound?, upper: Bound?
        var used: [Int] = []
        for t in terms {
            if (t.op == .greater || t.op == .greaterEqual) && lower == nil {
                lower = (t.values[0], t.op == .greaterEqual)
                used.append(t.conjunct)
            } else if (t.op == .less || t.op == .lessEqual) && upper == nil {
                upper = (t.values[0], t.op == .lessEqual)
                used.append(t.conjunct)
            }
        }
        return lower == nil && upper == nil ? nil : (lower, upper, used)
    }

    /// `column op value` (or `column IN (values)`) where the value does not
    /// read the current row; the column is given as its index in the source
    /// (the rowid slot is `columns.count`). Values get the comparison's affinity.
    private func keyTerm(_ e: BoundExpr, source: Scope.Source) -> (column: Int, op: BinaryOperator, values: [BoundExpr])? {
        func column(_ x: BoundExpr) -> Int? {
            if case .column(0, let slot) = x, slot >= source.offset, slot < source.offset + source.width {
                return slot - source.offset
            }
            return nil
        }
        func converted(_ v: BoundExpr, _ affinity: Affinity?) -> BoundExpr {
            guard let affinity else { return v }
            return .withAffinity(v, affinity)
        }
        switch e {
        case .binary(let op, let a, let b, let affinity, .binary) where [.equal, .less, .lessEqual, .greater, .greaterEqual].contains(op):
            if let c = column(a), !b.readsCurrentRow {
                if case .left = affinity { return nil }
                if case .right(let aff) = affinity { return (c, op, [converted(b, aff)]) }
                return (c, op, [b])
            }
            if let c = column(b), !a.readsCurrentRow {
                if case .right = affinity { return nil }
                let flipped: BinaryOperator = [.less: .greater, .lessEqual: .greaterEqual, .greater: .less,
                                               .greaterEqual: .lessEqual][op] ?? op
                if case .left(let aff) = affinity { return (c, flipped, [converted(a, aff)]) }
                return (c, flipped, [a])
            }
            return nil
        case .inList(let x, let list, false, let affinity, .binary):
            guard let c = column(x), !list.isEmpty, !list.contains(where: \.readsCurrentRow) else { return nil }
            if case .right(let aff) = affinity { return (c, .equal, list.map { converted($0, aff) }) }
            return (c, .equal, list)
        default:
            return nil
        }
    }

    /// `this.col = expr over sources joined earlier` as a hash-join key.
    func hashKeyTerm(_ e: BoundExpr, source: Int, earlier: Set<Int>, scope: Scope) -> (probe: BoundExpr, slot: Int)? {
        guard case .binary(.equal, let a, let b, .none, .binary) = e, !earlier.isEmpty else { return nil }
        func own(_ x: BoundExpr) -> Int? {
            if case .column(0, let slot) = x, scope.sourceIndex(ofSlot: slot) == source { return slot }
            return nil
        }
        func readsEarlier(_ x: BoundExpr) -> Bool {
            var ok = true
            x.visit { n in
                switch n {
                case .column(0, let slot): if !earlier.contains(scope.sourceIndex(ofSlot: slot)) { ok = false }
                case .scalarSubquery, .exists, .inSelect, .aggregate: ok = false
                default: break
                }
            }
            return ok
        }
        if let slot = own(a), readsEarlier(b) { return (b, slot) }
        if let slot = own(b), readsEarlier(a) { return (a, slot) }
        return nil
    }
}
