import Synchronization
import ToonCore
import ToonSQL

/// Table triggers written as Swift closures (README.md, "Triggers in Swift"), fired by the SQL
/// executor for INSERT, UPDATE and DELETE statements — BEFORE and AFTER each
/// row, and ON BATCH once per statement.
///
/// ```swift
/// let plugins = PluginRegistry(db)
/// try plugins.before(.insert, on: "users", name: "lowercase_email") { change in
///     var row = change.new!
///     if case .text(let e)? = row["email"] { row["email"] = .text(e.lowercased()) }
///     return row
/// }
/// ```
///
/// - A BEFORE INSERT or UPDATE trigger may return a changed row, which is
///   what is written (its affinity is applied again; nil keeps the row).
///   BEFORE triggers run after defaults and before NOT NULL and UNIQUE checks.
/// - Any trigger aborts its statement by throwing (a `ToonDBError` with the
///   code the caller should see); the statement then changes nothing, and
///   inside `BEGIN … COMMIT` the transaction stays open as after any failing statement.
/// - Several triggers on one event run in the order they were added; each
///   BEFORE trigger sees the row the previous one returned.
/// - Triggers belong to the ``Database`` handle, not to the file: every
///   `PluginRegistry(db)` of one handle shares them, and they are gone when
///   the handle is closed. Table names match case-insensitively, and a
///   trigger may be added before its table exists.
/// - Triggers run inside the statement's transaction, on the caller's
///   thread; they must not run SQL on the same database themselves.
public final class PluginRegistry: Sendable {
    /// A BEFORE trigger: returns the row to write instead, or nil to keep it.
    public typealias BeforeTrigger = @Sendable (TriggerChange) throws -> TriggerRow?
    /// An AFTER trigger.
    public typealias AfterTrigger = @Sendable (TriggerChange) throws -> Void
    /// An ON BATCH trigger.
    public typealias BatchTrigger = @Sendable (TriggerBatch) throws -> Void

    private let table: TriggerTable

    /// The trigger registry of `db`'s handle.
    public init(_ db: Database) {
        table = db.sql.rowHooks(orInstall: { TriggerTable() }) as! TriggerTable
    }

    /// Adds a trigger run before each row `event` changes in `table`.
    /// `alreadyExists` when `name` is taken, `invalidArgument` when it or `table` is empty.
    public func before(_ event: TriggerEvent, on table: String, name: String, _ body: @escaping BeforeTrigger) throws {
        try self.table.add(TriggerTable.Entry(name: name, table: table, kind: .before(event, body)))
    }

    /// Adds a trigger run after each row `event` changes in `table`.
    public func after(_ event: TriggerEvent, on table: String, name: String, _ body: @escaping AfterTrigger) throws {
        try self.table.add(TriggerTable.Entry(name: name, table: table, kind: .after(event, body)))
    }

    /// Adds a trigger run once per INSERT, UPDATE or DELETE statement on
    /// `table` (of `events` only, when given), after its last row, with the number of rows changed.
    public func onBatch(on table: String, name: String, events: Set<TriggerEvent> = Set(TriggerEvent.allCases),
                        _ body: @escaping BatchTrigger) throws {
        try self.table.add(TriggerTable.Entry(name: name, table: table, kind: .batch(events, body)))
    }

    /// Removes the trigger `name`; returns whether there was one.
    @discardableResult
    public func removeTrigger(_ name: String) -> Bool { table.remove(name) }

    /// The names of the triggers, in the order they were added.
    public var triggerNames: [String] { table.names }
}

/// The triggers of one database handle, as the SQL executor calls them.
final class TriggerTable: SQLRowHooks {
    struct Entry: Sendable {
        enum Kind: Sendable {
            case before(TriggerEvent, PluginRegistry.BeforeTrigger)
            case after(TriggerEvent, PluginRegistry.AfterTrigger)
            case batch(Set<TriggerEvent>, PluginRegistry.BatchTrigger)
        }
        var name: String
        var table: String
        var kind: Kind
    }

    private let entries = Mutex<[Entry]>([])

    func add(_ e: Entry) throws {
        guard !e.name.isEmpty, !e.table.isEmpty else {
            throw ToonDBError(.invalidArgument, "a trigger needs a name and a table (got \"\(e.name)\" on \"\(e.table)\")")
        }
        var e = e
        e.table = e.table.lowercased()
        try entries.withLock { list in
            if list.contains(where: { $0.name == e.name }) {
                throw ToonDBError(.alreadyExists, "a trigger named \"\(e.name)\" already exists",
                                  remediation: "remove it with removeTrigger(\"\(e.name)\") or choose another name")
            }
            list.append(e)
        }
    }

    func remove(_ name: String) -> Bool {
        entries.withLock { list in
            guard let i = list.firstIndex(where: { $0.name == name }) else { return false }
            list.remove(at: i)
            return true
        }
    }

    var names: [String] { entries.withLock { $0.map(\.name) } }

    private func on(_ table: String) -> [Entry] {
        let t = table.lowercased()
        return entries.withLock { $0.filter { $0.table == t } }
    }

    func watches(_ table: String) -> Bool {
        let t = table.lowercased()
        return entries.withLock { $0.contains { $0.table == t } }
    }

    func before(_ event: SQLRowEvent, table: String, columns: [String], old: [SQLValue]?, new: [SQLValue]?) throws -> [SQLValue]? {
        let e = TriggerEvent(event)
        var change = TriggerChange(table: table, event: e, old: old.map { TriggerRow(columns: columns, values: $0) },
                                   new: new.map { TriggerRow(columns: columns, values: $0) })
        var changed = false
        for entry in on(table) {
            guard case .before(let ev, let body) = entry.kind, ev == e else { continue }
            if let row = try body(change), e != .delete {
                change.new = TriggerRow(columns: columns, values: row.values)
                changed = true
            }
        }
        return changed ? change.new?.values : nil
    }

    func after(_ event: SQLRowEvent, table: String, columns: [String], old: [SQLValue]?, new: [SQLValue]?) throws {
        let e = TriggerEvent(event)
        let change = TriggerChange(table: table, event: e, old: old.map { TriggerRow(columns: columns, values: $0) },
                                   new: new.map { TriggerRow(columns: columns, values: $0) })
        for entry in on(table) {
            guard case .after(let ev, let body) = entry.kind, ev == e else { continue }
            try body(change)
        }
    }

    func batch(_ event: SQLRowEvent, table: String, rowCount: Int) throws {
        let e = TriggerEvent(event)
        for entry in on(table) {
            guard case .batch(let events, let body) = entry.kind, events.contains(e) else { continue }
            try body(TriggerBatch(table: table, event: e, rowCount: rowCount))
        }
    }
}
