import Synchronization
import ToonCore

/// A statement parsed once and, for a SELECT, planned once per schema: the
/// plan is kept with the generation of the catalog it was made from and made
/// again when the schema has changed since (``Catalog/generation``). Shared by
/// every thread of a handle through its statement cache; a plan is never
/// changed once made, and each execution keeps its own state in an
/// ``Executor``.
package final class CompiledStatement: Sendable {
    package let parsed: ParsedStatement
    private let planned = Mutex<PlannedSelect?>(nil)

    package init(_ parsed: ParsedStatement) {
        self.parsed = parsed
    }

    /// The SELECT's plan for `catalog`, made now unless the kept one was made
    /// from the same catalog.
    func selectPlan(_ select: Select, _ catalog: Catalog) throws -> SelectPlan {
        if let kept = planned.withLock({ $0 }), kept.generation == catalog.generation { return kept.plan }
        let made = PlannedSelect(generation: catalog.generation, plan: try Planner(catalog: catalog).plan(select))
        planned.withLock { $0 = made }
        return made.plan
    }
}

/// A plan and the catalog generation it was made from. Plans are not
/// changed after planning, so one may be read by several executions at once.
private final class PlannedSelect: @unchecked Sendable {
    let generation: UInt64
    let plan: SelectPlan

    init(generation: UInt64, plan: SelectPlan) {
        self.generation = generation
        self.plan = plan
    }
}
