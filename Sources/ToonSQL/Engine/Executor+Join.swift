import ToonCore

extension Executor {
    /// The FROM rows joined left to right, each WHERE term applied as soon as
    /// the sources it reads are present; hash joins where keys were found.
    func join(_ core: CorePlan, parent: Frame?, stopAfter: Int?) throws -> [[SQLValue]] {
        var byStep = Dictionary(grouping: core.conjuncts.indices, by: { core.conjuncts[$0].readyAfter })
        let interrupt = txn.interrupt
        let frame = Frame(row: [], parent: parent)
        func passes(_ r: [SQLValue], _ step: Int) throws -> Bool {
            guard let terms = byStep[step] else { return true }
            frame.row = r
            for t in terms where try eval(core.conjuncts[t].expr, frame).truth != true { return false }
            return true
        }
        if core.sources.isEmpty {
            return try passes([], 0) ? [[]] : []
        }
        // Rows keep the scope's layout; each step fills in one source's slots.
        var rows: [[SQLValue]] = [Array(repeating: .null, count: core.scope.width)]
        for (step, i) in core.joinOrder.enumerated() {
            let s = core.sources[i]
            let slots = s.offset..<(s.offset + s.width)
            let last = step == core.joinOrder.count - 1
            let (sourceRows, exact) = try fetch(s, parent: parent)
            if exact, !s.exactTerms.isEmpty { byStep[step] = byStep[step]?.filter { !s.exactTerms.contains($0) } }
            // Hash-join tables: keyed by one value when there is one key (the usual case), else by the list.
            var single: [SQLValue: [Int]]?
            var multiple: [[SQLValue]: [Int]]?
            if s.hashKeys.count == 1 {
                let slot = s.hashKeys[0].slot - s.offset
                var h: [SQLValue: [Int]] = [:]
                for (n, r) in sourceRows.enumerated() where !r[slot].isNull { h[r[slot].groupingKey, default: []].append(n) }
                single = h
            } else if !s.hashKeys.isEmpty {
                var h: [[SQLValue]: [Int]] = [:]
                for (n, r) in sourceRows.enumerated() {
                    let key = s.hashKeys.map { r[$0.slot - s.offset].groupingKey }
                    if key.contains(where: \.isNull) { continue }
                    h[key, default: []].append(n)
                }
                multiple = h
            }
            let allRows = Array(sourceRows.indices)
            var out: [[SQLValue]] = []
            for r in rows {
                var candidates = allRows
                if single != nil || multiple != nil {
                    frame.row = r
                    if let single {
                        let key = try eval(s.hashKeys[0].probe, frame).groupingKey
                        candidates = key.isNull ? [] : (single[key] ?? [])
                    } else if let multiple {
                        let key = try s.hashKeys.map { try eval($0.probe, frame).groupingKey }
                        candidates = key.contains(where: \.isNull) ? [] : (multiple[key] ?? [])
                    }
                }
                var matched = false
                let whole = slots.count == r.count
                for n in candidates {
                    try interrupt?.check()
                    var combined: [SQLValue]
                    if whole {
                        combined = sourceRows[n]
                    } else {
                        combined = r
                        combined.replaceSubrange(slots, with: sourceRows[n])
                    }
                    if s.join == .left {
                        if let on = s.on, try eval(on, Frame(row: combined, parent: parent)).truth != true { continue }
                        matched = true
                        out.append(combined)
                    } else if try passes(combined, step) {
                        out.append(combined)
                        if last, let stopAfter, out.count >= stopAfter { return out }
                    }
                }
                if s.join == .left && !matched { out.append(r) }
            }
            if s.join == .left { out = try out.filter { try passes($0, step) } }
            rows = out
        }
        return rows
    }

    /// A source's rows: a table's through its access path, or a subquery's.
    /// `exact` says that the rows satisfy the source's `exactTerms`.
    private func fetch(_ s: SourcePlan, parent: Frame?) throws -> (rows: [[SQLValue]], exact: Bool) {
        switch s.kind {
        case .query(let plan, _):
            return (try run(plan, parent: parent), false)
        case .table(let table, let path):
            let f = Frame(row: [], parent: parent)
            let store = TableStore(txn: txn, catalog: catalog)
            switch path {
            case .scan:
                return (try store.scan(table), false)
            case .rowidEquals(let values):
                var seen = Set<Int64>()
                var out: [[SQLValue]] = []
                for v in values {
                    guard let id = Self.exactRowid(try eval(v, f)), seen.insert(id).inserted,
                          let row = try store.row(table, rowid: id) else { continue }
                    out.append(row)
                }
                return (out, true)
            case .rowidRange(let lower, let upper):
                guard let (lo, hi) = try rowidBounds(lower, upper, f) else { return (try store.scan(table), false) }
                return (try store.scan(table, from: lo, through: hi), true)
            case .indexEquals(let index, let values):
                var seen = Set<Int64>()
                var out: [[SQLValue]] = []
                for v in values {
                    for id in try store.indexLookup(index, equal: try eval(v, f)) where seen.insert(id).inserted {
                        if let row = try store.row(table, rowid: id) { out.append(row) }
                    }
                }
                return (out, false)
            case .indexRange(let index, let lower, let upper):
                let lo = try lower.map { (try eval($0.0, f), $0.inclusive) }
                let hi = try upper.map { (try eval($0.0, f), $0.inclusive) }
                return (try store.indexRange(index, lower: lo, upper: hi).compactMap { try store.row(table, rowid: $0) }, false)
            }
        }
    }

    /// The rowids a range access path covers (nil: unbounded), or nil when a
    /// bound is not a number (the caller then scans and filters).
    func rowidBounds(_ lower: (BoundExpr, inclusive: Bool)?, _ upper: (BoundExpr, inclusive: Bool)?,
                     _ f: Frame) throws -> (Int64?, Int64?)? {
        var lo: Int64? = nil, hi: Int64? = nil
        if let (e, inclusive) = lower {
            guard let d = try eval(e, f).numericDouble, !d.isNaN else { return nil }
            lo = Self.rowidBound(d, up: true, inclusive: inclusive)
        }
        if let (e, inclusive) = upper {
            guard let d = try eval(e, f).numericDouble, !d.isNaN else { return nil }
            hi = Self.rowidBound(d, up: false, inclusive: inclusive)
        }
        return (lo, hi)
    }

    /// A rowid equal to the value, when the value is a whole number.
    static func exactRowid(_ v: SQLValue) -> Int64? {
        switch v.numericIfLooksNumeric {
        case .integer(let i): return i
        case .real(let d): return d == d.rounded() && abs(d) < 9.2e18 ? Int64(d) : nil
        default: return nil
        }
    }

    /// The tightest whole-number bound for a real bound on rowids.
    static func rowidBound(_ d: Double, up: Bool, inclusive: Bool) -> Int64 {
        if d >= 9.2e18 { return Int64.max }
        if d <= -9.2e18 { return Int64.min }
        if up {
            let c = d.rounded(.up)
            return Int64(c) + (c == d && !inclusive ? 1 : 0)
        }
        let c = d.rounded(.down)
        return Int64(c) - (c == d && !inclusive ? 1 : 0)
    }
}

extension SQLValue {
    /// Numbers as they are; text that reads wholly as a number, converted; else self.
    var numericIfLooksNumeric: SQLValue {
        if case .text(let s) = self, let n = SQLValue.parseNumber(s, whole: true) { return n }
        return self
    }

    /// The value as a Double when it is a number (NULL, text and blobs: nil).
    var numericDouble: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }
}
