import Synchronization
import ToonCore

/// A statement parsed once and, for a SELECT, UPDATE or DELETE, planned once
/// per schema: the plan is kept with the generation of the catalog it was
/// made from and made again when the schema has changed since
/// (``Catalog/generation``). Shared by every thread of a handle through its
/// statement cache; a plan is never changed once made, and each execution
/// keeps its own state in an ``Executor``.
package final class CompiledStatement: Sendable {
    package let parsed: ParsedStatement
    private let planned = Mutex<KeptPlan?>(nil)

    package init(_ parsed: ParsedStatement) {
        self.parsed = parsed
    }

    /// The statement's plan for `catalog`: the kept one when it was made from
    /// the same catalog, else one `make` makes now (and is kept).
    func plan(_ catalog: Catalog, _ make: () throws -> StatementPlan) throws -> StatementPlan {
        if let kept = planned.withLock({ $0 }), kept.generation == catalog.generation { return kept.plan }
        let made = KeptPlan(generation: catalog.generation, plan: try make())
        planned.withLock { $0 = made }
        return made.plan
    }

    /// The SELECT's plan for `catalog` (see ``plan(_:_:)``).
    func selectPlan(_ select: Select, _ catalog: Catalog) throws -> SelectPlan {
        guard case .select(let plan) = try self.plan(catalog, { .select(try Planner(catalog: catalog).plan(select)) }) else {
            throw ToonDBError(.internalError, "a SELECT was kept with another kind of plan")
        }
        return plan
    }
}

/// What a statement's execution needs that depends only on the schema.
enum StatementPlan {
    case select(SelectPlan)
    /// The rows to change (``StatementRunner/rowsOf(_:where:)``) and each
    /// assigned column with its value.
    case update(SelectPlan, assignments: [(column: Int, value: BoundExpr)])
    /// The rows to delete.
    case delete(SelectPlan)
}

/// A plan and the catalog generation it was made from. Plans are not
/// changed after planning, so one may be read by several executions at once.
private final class KeptPlan: @unchecked Sendable {
    let generation: UInt64
    let plan: StatementPlan

    init(generation: UInt64, plan: StatementPlan) {
        self.generation = generation
        self.plan = plan
    }
}
