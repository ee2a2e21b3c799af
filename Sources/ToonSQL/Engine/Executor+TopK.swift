import ToonCore

extension Executor {
    /// ORDER BY … LIMIT over one table read by a scan or a rowid range,
    /// without materialising the table: rows stream from storage, only the
    /// columns the WHERE terms and ORDER BY keys read are decoded, and a row
    /// is decoded in full only when it enters the `wanted` best so far.
    /// Returns the best rows in order (stable: equal keys keep rowid order),
    /// or nil when the query does not have that shape.
    func streamedTopK(_ core: CorePlan, ordering: [OrderKey], wanted: Int, parent: Frame?) throws -> [[SQLValue]]? {
        guard core.sources.count == 1, let s = core.sources.first, s.hashKeys.isEmpty, s.on == nil,
              case .table(let table, let path) = s.kind else { return nil }
        let f = Frame(row: [], parent: parent)
        var lo: Int64?, hi: Int64?
        var exact = false
        switch path {
        case .scan: break
        case .rowidRange(let lower, let upper):
            guard let bounds = try rowidBounds(lower, upper, f) else { return nil }
            (lo, hi) = bounds
            exact = true
        default: return nil
        }
        let terms = core.conjuncts.indices.filter { !(exact && s.exactTerms.contains($0)) }.map { core.conjuncts[$0].expr }
        let needed = Self.columnsRead(by: terms + core.orderExpressions, source: s)
        guard wanted > 0 else { return [] }
        let less = Self.keysLess(ordering)
        let store = TableStore(txn: txn, catalog: catalog)
        var best: [(row: [SQLValue], keys: [SQLValue])] = []
        best.reserveCapacity(wanted + 1)
        var keys: [SQLValue] = []
        // The k-th best keys, once there are k rows: a row must beat them to enter.
        var worst: [SQLValue]?
        // Keys that are plain columns (the usual case) are read from the row without evaluating expressions.
        let orderExpressions = core.orderExpressions
        let keySlots: [Int]? = orderExpressions.allSatisfy {
            if case .column(0, _) = $0 { return true } else { return false }
        } ? orderExpressions.map { if case .column(_, let i) = $0 { return i } else { return 0 } } : nil
        f.row.reserveCapacity(s.width)
        try store.scanEntries(table, from: lo, through: hi) { rowid, bytes in
            try store.decode(table, bytes, rowid: rowid, into: &f.row, needed: needed)
            for t in terms where try eval(t, f).truth != true { return }
            keys.removeAll(keepingCapacity: true)
            if let keySlots {
                for i in keySlots { keys.append(f.row[i]) }
            } else {
                for e in orderExpressions { keys.append(try eval(e, f)) }
            }
            if let worst, !less(keys, worst) { return }
            let row = needed == nil ? f.row : try store.decode(table, bytes, rowid: rowid)
            // After every equal row, so equal rows keep their scan order.
            var low = 0, high = best.count
            while low < high {
                let mid = (low + high) / 2
                if less(keys, best[mid].keys) { high = mid } else { low = mid + 1 }
            }
            best.insert((row, keys), at: low)
            if best.count > wanted { best.removeLast() }
            if best.count == wanted { worst = best[wanted - 1].keys }
        }
        return best.map(\.row)
    }
}
