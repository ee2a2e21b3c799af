import ToonCore
internal import ToonStorage

/// The rows of one statement, produced as the caller asks for them.
///
/// A SELECT over one table read by a scan or a rowid range, with WHERE,
/// result columns, LIMIT and OFFSET but no ORDER BY, grouping or DISTINCT,
/// streams from storage: each call reads stored rows until one passes the
/// WHERE terms, decoding only the columns the statement reads, so memory
/// stays constant however many rows there are. Other queries are computed
/// whole on the first call.
package final class RowStream {
    /// The result's column names.
    package let columns: [String]
    private var source: Source

    private enum Source {
        case pending(SelectPlan, Executor)
        case rows(IndexingIterator<[[SQLValue]]>)
        case scan(TableScan)
        case finished
    }

    /// Rows already computed (the result of a statement other than a SELECT).
    package init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        source = .rows(rows.makeIterator())
    }

    /// The rows of `plan`, run by `executor`.
    init(plan: SelectPlan, executor: Executor) throws {
        columns = plan.columnNames
        source = try TableScan(plan, executor).map(Source.scan) ?? .pending(plan, executor)
    }

    /// The next row's values, or nil after the last.
    package func next() throws -> [SQLValue]? {
        switch source {
        case .pending(let plan, let executor):
            source = .rows(try executor.run(plan, parent: nil).makeIterator())
            return try next()
        case .rows(var rows):
            let row = rows.next()
            source = row == nil ? .finished : .rows(rows)
            return row
        case .scan(let scan):
            if let row = try scan.next() { return row }
            source = .finished
            return nil
        case .finished:
            return nil
        }
    }
}

/// A streamed SELECT over one table (see ``RowStream``).
private final class TableScan {
    private let executor: Executor
    private let table: TableSchema
    private let store: TableStore
    private let entries: TransactionIterator?
    private let terms: [BoundExpr]
    private let results: [BoundExpr]
    /// The columns the statement reads (nil: all of them).
    private let needed: [Bool]?
    private let frame = Frame(row: [], parent: nil)
    private var skip: Int64
    /// Rows still to return; negative without a LIMIT.
    private var remaining: Int64

    /// The scan for `plan`, or nil when the plan does not have that shape.
    init?(_ plan: SelectPlan, _ executor: Executor) throws {
        guard plan.cores.count == 1, plan.ordering.isEmpty, let core = plan.cores.first, core.values == nil,
              !core.isAggregate, !core.distinct, core.sources.count == 1, let s = core.sources.first,
              case .table(let table, let path) = s.kind else { return nil }
        var lo: Int64?, hi: Int64?
        var exact = false
        switch path {
        case .scan: break
        case .rowidRange(let lower, let upper):
            guard let bounds = try executor.rowidBounds(lower, upper, frame) else { return nil }
            (lo, hi) = bounds
            exact = true
        default: return nil
        }
        (remaining, skip) = try executor.limitAndOffset(plan, parent: nil)
        self.executor = executor
        self.table = table
        store = TableStore(txn: executor.txn, catalog: executor.catalog)
        entries = try store.rowEntries(table, from: lo, through: hi)
        terms = core.conjuncts.indices.filter { !(exact && s.exactTerms.contains($0)) }.map { core.conjuncts[$0].expr }
        results = core.results
        needed = Executor.columnsRead(by: terms + results, source: s)
        frame.row.reserveCapacity(s.width)
    }

    func next() throws -> [SQLValue]? {
        guard let entries else { return nil }
        let interrupt = executor.txn.interrupt
        while remaining != 0 {
            var found = false
            let more = try entries.nextEntry { key, value in
                try interrupt?.check()
                try store.decode(table, value, rowid: KeyEncoding.rowid(suffixOf: key), into: &frame.row, needed: needed)
                found = try terms.allSatisfy { try executor.eval($0, frame).truth == true }
            }
            guard more else { return nil }
            guard found else { continue }
            if skip > 0 { skip -= 1; continue }
            remaining -= 1
            return try results.map { try executor.eval($0, frame) }
        }
        return nil
    }
}
