import ToonCore

/// Evaluates bound expressions against a frame.
extension Executor {
    func eval(_ e: BoundExpr, _ f: Frame) throws -> SQLValue {
        switch e {
        case .literal(let v):
            return v
        case .parameter(let index):
            return index < parameters.count ? parameters[index] : .null
        case .column(let depth, let index):
            let row = depth == 0 ? f.row : f.ancestor(depth).row
            return index < row.count ? row[index] : .null
        case .aggregate(let index):
            return index < f.aggregates.count ? f.aggregates[index] : .null
        default:
            try StackGuard.check(lowest: stackLow, "the expression")
            return try evalCompound(e, f)
        }
    }

    /// Everything but literals, columns and aggregates (which need no stack check).
    private func evalCompound(_ e: BoundExpr, _ f: Frame) throws -> SQLValue {
        switch e {
        case .literal, .parameter, .column, .aggregate:
            return try eval(e, f)
        case .unary(let op, let a):
            let v = try eval(a, f)
            switch op {
            case .negate: return Operators.negate(v)
            case .plus: return v
            case .not: return v.truth.map { .integer($0 ? 0 : 1) } ?? .null
            case .bitNot: return v.integerValue.map { .integer(~$0) } ?? .null
            }
        case .binary(let op, let a, let b, let affinity, let collation):
            switch op {
            case .and:
                let x = try eval(a, f).truth
                if x == false { return .integer(0) }
                let y = try eval(b, f).truth
                if y == false { return .integer(0) }
                return x == nil || y == nil ? .null : .integer(1)
            case .or:
                let x = try eval(a, f).truth
                if x == true { return .integer(1) }
                let y = try eval(b, f).truth
                if y == true { return .integer(1) }
                return x == nil || y == nil ? .null : .integer(0)
            default:
                var x = try eval(a, f), y = try eval(b, f)
                switch op {
                case .add, .subtract, .multiply, .divide, .remainder:
                    return Operators.arithmetic(op, x, y)
                case .concat:
                    return Operators.concat(x, y)
                case .bitAnd, .bitOr, .shiftLeft, .shiftRight:
                    return Operators.bitwise(op, x, y)
                default:
                    switch affinity {
                    case .none: break
                    case .left(let aff): x = aff.apply(x)
                    case .right(let aff): y = aff.apply(y)
                    }
                    return Self.compare(op, x, y, collation)
                }
            }
        case .isNull(let a, let negated):
            return .integer(try eval(a, f).isNull != negated ? 1 : 0)
        case .inList(let a, let list, let negated, let affinity, let collation):
            let x = try eval(a, f)
            if list.isEmpty { return .integer(negated ? 1 : 0) }
            if x.isNull { return .null }
            var sawNull = false
            for item in list {
                var y = try eval(item, f)
                if case .right(let aff) = affinity { y = aff.apply(y) }
                if y.isNull { sawNull = true; continue }
                if SQLValue.compare(x, y, collation: collation) == 0 { return .integer(negated ? 0 : 1) }
            }
            return sawNull ? .null : .integer(negated ? 1 : 0)
        case .inSelect(let a, let sub, let negated, let affinity, let collation):
            var x = try eval(a, f)
            let rows = try subqueryRows(sub, f)
            if rows.isEmpty { return .integer(negated ? 1 : 0) }
            if x.isNull { return .null }
            if case .left(let aff) = affinity { x = aff.apply(x) }
            var rightAffinity: Affinity?
            if case .right(let aff) = affinity { rightAffinity = aff }
            var sawNull = false
            if collation == .binary {
                let set = try subquerySet(sub, f, rightAffinity)
                if set.values.contains(x.groupingKey) { return .integer(negated ? 0 : 1) }
                sawNull = set.hasNull
            } else {
                for r in rows {
                    if r[0].isNull { sawNull = true; continue }
                    let y = rightAffinity.map { $0.apply(r[0]) } ?? r[0]
                    if SQLValue.compare(x, y, collation: collation) == 0 { return .integer(negated ? 0 : 1) }
                }
            }
            return sawNull ? .null : .integer(negated ? 1 : 0)
        case .like(let a, let p, let escape, let negated, let glob):
            let x = try eval(a, f), y = try eval(p, f)
            if x.isNull || y.isNull { return .null }
            var esc: Character?
            if let escape {
                let e = try eval(escape, f)
                if e.isNull { return .null }
                let s = e.textValue
                guard s.count == 1 else { throw ToonDBError(.sqlSemantic, "ESCAPE expression must be a single character") }
                esc = s.first
            }
            let m = glob ? Operators.glob(x.textValue, y.textValue) : Operators.like(x.textValue, y.textValue, escape: esc)
            return .integer(m != negated ? 1 : 0)
        case .caseWhen(let base, let whens, let otherwise, let collation):
            if let base {
                let b = try eval(base, f)
                for (w, r, affinity) in whens {
                    var x = b, v = try eval(w, f)
                    switch affinity {
                    case .none: break
                    case .left(let a): x = a.apply(x)
                    case .right(let a): v = a.apply(v)
                    }
                    if !x.isNull && !v.isNull && SQLValue.compare(x, v, collation: collation) == 0 { return try eval(r, f) }
                }
            } else {
                for (w, r, _) in whens where try eval(w, f).truth == true { return try eval(r, f) }
            }
            return try otherwise.map { try eval($0, f) } ?? .null
        case .cast(let a, let type):
            return try eval(a, f).cast(to: type)
        case .withAffinity(let a, let affinity):
            return affinity.apply(try eval(a, f))
        case .function(let function, let args):
            return try ScalarFunctions.call(function, try args.map { try eval($0, f) })
        case .scalarSubquery(let sub):
            return try subqueryRows(sub, f, limit: 1).first?.first ?? .null
        case .exists(let sub, let negated):
            return .integer(try subqueryRows(sub, f, limit: 1).isEmpty == negated ? 1 : 0)
        }
    }

    /// A comparison's result: 1, 0, or NULL when either side is NULL.
    static func compare(_ op: BinaryOperator, _ x: SQLValue, _ y: SQLValue, _ collation: Collation) -> SQLValue {
        switch op {
        case .is: return .integer(isSame(x, y, collation) ? 1 : 0)
        case .isNot: return .integer(isSame(x, y, collation) ? 0 : 1)
        default: break
        }
        if x.isNull || y.isNull { return .null }
        let c = SQLValue.compare(x, y, collation: collation)
        let r: Bool
        switch op {
        case .equal: r = c == 0
        case .notEqual: r = c != 0
        case .less: r = c < 0
        case .lessEqual: r = c <= 0
        case .greater: r = c > 0
        case .greaterEqual: r = c >= 0
        default: r = false
        }
        return .integer(r ? 1 : 0)
    }

    private static func isSame(_ x: SQLValue, _ y: SQLValue, _ collation: Collation) -> Bool {
        if x.isNull || y.isNull { return x.isNull && y.isNull }
        return SQLValue.compare(x, y, collation: collation) == 0
    }

    /// A subquery's rows: computed once when it does not read enclosing rows.
    func subqueryRows(_ sub: SubqueryPlan, _ f: Frame, limit: Int? = nil) throws -> [[SQLValue]] {
        let key = ObjectIdentifier(sub)
        if let cached = subqueryResults[key] { return cached }
        let rows = try run(sub.plan, parent: f, limitHint: sub.correlated ? limit : nil)
        if !sub.correlated { subqueryResults[key] = rows }
        return rows
    }

    /// The subquery's first column as a set of grouping keys, after `affinity`.
    private func subquerySet(_ sub: SubqueryPlan, _ f: Frame, _ affinity: Affinity?) throws -> (values: Set<SQLValue>, hasNull: Bool) {
        let key = ObjectIdentifier(sub)
        if let cached = subquerySets[key] { return cached }
        let rows = try subqueryRows(sub, f)
        var set = Set<SQLValue>()
        var hasNull = false
        for r in rows {
            let v = affinity.map { $0.apply(r[0]) } ?? r[0]
            if v.isNull { hasNull = true } else { set.insert(v.groupingKey) }
        }
        if !sub.correlated { subquerySets[key] = (set, hasNull) }
        return (set, hasNull)
    }
}
