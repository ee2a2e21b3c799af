import ToonCore

/// Binds expressions against a scope: resolves names, picks comparison
/// affinities and collations, plans subqueries, and (in aggregate queries)
/// turns aggregate calls into slots.
struct Binder {
    let planner: Planner
    let scope: Scope
    /// Aggregate calls found while binding, when aggregates are allowed here.
    var aggregates: AggregateCollector?

    /// An aggregate call to compute per group.
    struct AggregateCall {
        var function: AggregateFunction
        var arguments: [BoundExpr]
        var distinct: Bool
    }

    final class AggregateCollector {
        var calls: [AggregateCall] = []
    }

    func bind(_ e: Expr) throws -> BoundExpr {
        try StackGuard.check(lowest: planner.stackLow, "the expression")
        switch e {
        case .literal(let v):
            return .literal(v)
        case .parameter(let number, _):
            return .parameter(index: number - 1)
        case .column(let table, let name, let position):
            if let r = try scope.resolve(table: table, name: name, position: position) {
                return .column(depth: r.depth, index: r.slot)
            }
            if table == nil, let aliased = scope.aliases[name.lowercased()] {
                return try bind(aliased)
            }
            let full = table.map { "\($0).\(name)" } ?? name
            throw ToonDBError(.sqlSemantic, "no such column: \(full) at \(position)")
        case .unary(let op, let a):
            return .unary(op, try bind(a))
        case .binary(let op, let a, let b):
            let ba = try bind(a), bb = try bind(b)
            let (affinity, collation) = comparison(a, ba, b, bb)
            return .binary(op, ba, bb, affinity: affinity, collation: collation)
        case .isNull(let a, let negated):
            return .isNull(try bind(a), negated: negated)
        case .between(let x, let lo, let hi, let negated):
            let bx = try bind(x), blo = try bind(lo), bhi = try bind(hi)
            let (a1, c1) = comparison(x, bx, lo, blo)
            let (a2, c2) = comparison(x, bx, hi, bhi)
            let both = BoundExpr.binary(.and, .binary(.greaterEqual, bx, blo, affinity: a1, collation: c1),
                                        .binary(.lessEqual, bx, bhi, affinity: a2, collation: c2),
                                        affinity: .none, collation: .binary)
            return negated ? .unary(.not, both) : both
        case .inList(let x, let list, let negated):
            let bx = try bind(x)
            let a = affinityOf(x, bound: bx)
            let affinity: ComparisonAffinity = a.map { $0.isNumeric ? .right(.numeric) : ($0 == .text ? .right(.text) : .none) } ?? .none
            return .inList(bx, try list.map(bind), negated: negated, affinity: affinity, collation: collationOf(x))
        case .inSelect(let x, let select, let negated):
            let sub = try planner.subquery(select, in: scope)
            if sub.plan.columnNames.count != 1 {
                throw ToonDBError(.sqlSemantic, "sub-select returns \(sub.plan.columnNames.count) columns - expected 1")
            }
            let bx = try bind(x)
            return .inSelect(bx, sub, negated: negated,
                             affinity: comparison(affinityOf(x, bound: bx), sub.plan.columnAffinities.first ?? nil),
                             collation: collationOf(x))
        case .like(let x, let pattern, let escape, let negated, let glob):
            return .like(try bind(x), try bind(pattern), escape: try escape.map(bind), negated: negated, glob: glob)
        case .caseWhen(let base, let whens, let otherwise):
            let bbase = try base.map(bind)
            return .caseWhen(base: bbase,
                             whens: try whens.map { w in
                                 let bc = try bind(w.condition)
                                 var affinity = ComparisonAffinity.none
                                 if let base, let bbase { affinity = comparison(base, bbase, w.condition, bc).0 }
                                 return (bc, try bind(w.result), affinity)
                             },
                             otherwise: try otherwise.map(bind), collation: base.map(collationOf) ?? .binary)
        case .cast(let x, let typeName):
            return .cast(try bind(x), typeName: typeName)
        case .function(let name, let arguments, let distinct, let star, let position):
            let n = name.lowercased()
            if let function = AggregateFunction(rawValue: n), !((function == .min || function == .max) && arguments.count != 1) {
                guard let aggregates else {
                    throw ToonDBError(.sqlSemantic, "misuse of aggregate function \(name)() at \(position)")
                }
                if distinct && arguments.count != 1 {
                    throw ToonDBError(.sqlSemantic, "DISTINCT aggregates must have exactly one argument at \(position)")
                }
                if function == .count && !star && arguments.count != 1 || (function != .count && arguments.isEmpty) {
                    throw ToonDBError(.sqlSemantic, "wrong number of arguments to function \(name)() at \(position)")
                }
                // Arguments are bound without aggregates: no nesting.
                let inner = Binder(planner: planner, scope: scope, aggregates: nil)
                let args = try arguments.map(inner.bind)
                aggregates.calls.append(AggregateCall(function: function, arguments: star ? [] : args, distinct: distinct))
                return .aggregate(index: aggregates.calls.count - 1)
            }
            guard let function = ScalarFunction(rawValue: n) else {
                throw ToonDBError(.sqlSemantic, "no such function: \(name) at \(position)")
            }
            return .function(function, arguments: try arguments.map(bind))
        case .scalarSubquery(let select):
            let sub = try planner.subquery(select, in: scope)
            if sub.plan.columnNames.count != 1 {
                throw ToonDBError(.sqlSemantic, "sub-select returns \(sub.plan.columnNames.count) columns - expected 1")
            }
            return .scalarSubquery(sub)
        case .exists(let select, let negated):
            return .exists(try planner.subquery(select, in: scope), negated: negated)
        case .collate(let x, _):
            return try bind(x)
        }
    }

    /// The affinity an expression carries: a column's, a CAST's, else none.
    func affinityOf(_ e: Expr, bound: BoundExpr) -> Affinity? {
        switch e {
        case .column(let t, let n, let p):
            if let r = try? scope.resolve(table: t, name: n, position: p) { return r.affinity }
            if t == nil, let aliased = scope.aliases[n.lowercased()] { return affinityOf(aliased, bound: bound) }
            return nil
        case .cast(_, let type): return Affinity(declaredType: type)
        case .collate(let x, _): return affinityOf(x, bound: bound)
        case .scalarSubquery:
            // A scalar subquery carries the affinity of its result column (from the plan already bound).
            if case .scalarSubquery(let sub) = bound { return sub.plan.columnAffinities.first ?? nil }
            return nil
        default: return nil
        }
    }

    /// The collation an expression carries: an explicit COLLATE, else its column's.
    func collationOf(_ e: Expr) -> Collation {
        explicitCollation(e) ?? columnCollation(e) ?? .binary
    }

    private func explicitCollation(_ e: Expr) -> Collation? {
        if case .collate(_, let name) = e { return Collation(name: name) ?? .binary }
        return nil
    }

    private func columnCollation(_ e: Expr) -> Collation? {
        if case .column(let t, let n, let p) = e, let r = try? scope.resolve(table: t, name: n, position: p) {
            return r.collation == .binary ? nil : r.collation
        }
        return nil
    }

    /// SQLite's comparison rules: numeric affinity wins over text or none;
    /// text wins over none. Collation: explicit, then the left column's, then the right's.
    func comparison(_ a: Expr, _ ba: BoundExpr, _ b: Expr, _ bb: BoundExpr) -> (ComparisonAffinity, Collation) {
        let collation = explicitCollation(a) ?? explicitCollation(b) ?? columnCollation(a) ?? columnCollation(b) ?? .binary
        return (comparison(affinityOf(a, bound: ba), affinityOf(b, bound: bb)), collation)
    }

    /// The comparison affinity for operands carrying affinities `x` and `y`.
    func comparison(_ x: Affinity?, _ y: Affinity?) -> ComparisonAffinity {
        let xn = x?.isNumeric ?? false, yn = y?.isNumeric ?? false
        let xNone = x == nil || x == .blob, yNone = y == nil || y == .blob
        var affinity = ComparisonAffinity.none
        if xn && !yn { affinity = .right(.numeric) }
        else if yn && !xn { affinity = .left(.numeric) }
        else if x == .text && yNone { affinity = .right(.text) }
        else if y == .text && xNone { affinity = .left(.text) }
        return affinity
    }
}
