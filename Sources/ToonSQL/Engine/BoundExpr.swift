/// An expression with its names resolved: columns are slots in a frame
/// (`depth` frames up for correlated references), aggregates are slots of
/// the group's results, subqueries are plans.
indirect enum BoundExpr {
    case literal(SQLValue)
    /// A bound parameter: index 0 is `?1`.
    case parameter(index: Int)
    case column(depth: Int, index: Int)
    case unary(UnaryOperator, BoundExpr)
    /// A comparison or other binary operator; `affinity` is applied to both
    /// sides before comparing (SQLite's comparison affinity rules).
    case binary(BinaryOperator, BoundExpr, BoundExpr, affinity: ComparisonAffinity, collation: Collation)
    case isNull(BoundExpr, negated: Bool)
    case inList(BoundExpr, [BoundExpr], negated: Bool, affinity: ComparisonAffinity, collation: Collation)
    case inSelect(BoundExpr, SubqueryPlan, negated: Bool, affinity: ComparisonAffinity, collation: Collation)
    case like(BoundExpr, BoundExpr, escape: BoundExpr?, negated: Bool, glob: Bool)
    /// With a base, each WHEN carries the affinity comparing it with the base.
    case caseWhen(base: BoundExpr?, whens: [(BoundExpr, BoundExpr, ComparisonAffinity)], otherwise: BoundExpr?, collation: Collation)
    case cast(BoundExpr, typeName: String)
    /// A value converted by an affinity (index lookups apply the comparison's affinity first).
    case withAffinity(BoundExpr, Affinity)
    case function(ScalarFunction, arguments: [BoundExpr])
    case aggregate(index: Int)
    case scalarSubquery(SubqueryPlan)
    case exists(SubqueryPlan, negated: Bool)

    /// Whether the expression reads a column of the current frame (depth 0).
    var readsCurrentRow: Bool {
        var found = false
        visitColumns { d, _ in if d == 0 { found = true } }
        return found || containsCorrelatedSubquery
    }

    /// Whether a subquery inside depends on the frames around it.
    var containsCorrelatedSubquery: Bool {
        var found = false
        visit { e in
            switch e {
            case .inSelect(_, let p, _, _, _), .scalarSubquery(let p), .exists(let p, _): if p.correlated { found = true }
            default: break
            }
        }
        return found
    }

    /// Calls `body` with every column slot read directly (not inside subqueries).
    func visitColumns(_ body: (Int, Int) -> Void) {
        visit { e in if case .column(let d, let i) = e { body(d, i) } }
    }

    /// Visits this expression and its sub-expressions (not subquery plans).
    func visit(_ body: (BoundExpr) -> Void) {
        body(self)
        switch self {
        case .literal, .parameter, .column, .aggregate, .scalarSubquery, .exists: break
        case .unary(_, let a), .isNull(let a, _), .cast(let a, _), .inSelect(let a, _, _, _, _), .withAffinity(let a, _):
            a.visit(body)
        case .binary(_, let a, let b, _, _): a.visit(body); b.visit(body)
        case .inList(let a, let l, _, _, _): a.visit(body); l.forEach { $0.visit(body) }
        case .like(let a, let b, let c, _, _): a.visit(body); b.visit(body); c?.visit(body)
        case .caseWhen(let b, let w, let o, _):
            b?.visit(body)
            for (x, y, _) in w { x.visit(body); y.visit(body) }
            o?.visit(body)
        case .function(_, let args): args.forEach { $0.visit(body) }
        }
    }
}

/// Which affinity a comparison applies to its operands.
enum ComparisonAffinity {
    case none
    /// Apply to the left operand only, or the right only.
    case left(Affinity), right(Affinity)
}

/// The values an expression is evaluated against: the current row, the
/// group's aggregate results, and the frames of enclosing queries.
final class Frame {
    /// The current row; loops over rows reuse one frame and replace it.
    var row: [SQLValue]
    let aggregates: [SQLValue]
    let parent: Frame?

    init(row: [SQLValue], aggregates: [SQLValue] = [], parent: Frame?) {
        self.row = row
        self.aggregates = aggregates
        self.parent = parent
    }

    func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.parent! }
        return f
    }
}

/// A subquery: its plan and whether it reads enclosing rows (when it does
/// not, an executor computes it once: ``Executor/subqueryRows(_:_:limit:)``).
final class SubqueryPlan {
    let plan: SelectPlan
    var correlated = false

    init(plan: SelectPlan) { self.plan = plan }
}
