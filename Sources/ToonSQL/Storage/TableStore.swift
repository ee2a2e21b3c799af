import ToonCore
internal import ToonStorage

/// Reads and writes a table's rows and index entries in the key space:
/// rows at `\0s/<table>/<rowid>`, index entries at
/// `\0i/<table>/<index>/<encoded values><rowid>` with an empty value.
struct TableStore {
    let txn: StorageTransaction
    let catalog: Catalog

    /// A stored row decoded: the table's columns (padded with defaults for
    /// columns added later), then the rowid.
    func decode(_ table: TableSchema, _ bytes: UnsafeRawBufferPointer, rowid: Int64) throws -> [SQLValue] {
        var values: [SQLValue] = []
        // Room for the rowid appended.
        values.reserveCapacity(table.columns.count + 1)
        try decode(table, bytes, rowid: rowid, into: &values, needed: nil)
        return values
    }

    /// Decodes a stored row into `values`, reusing its storage; columns whose
    /// `needed` flag is false may read as NULL (see ``RecordCodec``).
    func decode(_ table: TableSchema, _ bytes: UnsafeRawBufferPointer, rowid: Int64,
                into values: inout [SQLValue], needed: [Bool]?) throws {
        try RecordCodec.decode(bytes, table: table.name, into: &values, needed: needed)
        if values.count < table.columns.count {
            values += table.columns[values.count...].map { c in
                if case .value(let v) = c.defaultValue { return v }
                return .null
            }
        }
        values.append(.integer(rowid))
    }

    func row(_ table: TableSchema, rowid: Int64) throws -> [SQLValue]? {
        guard let bytes = try txn.get(KeyEncoding.rowPrefix(table.name) + KeyEncoding.rowid(rowid)) else { return nil }
        return try bytes.withUnsafeBytes { try decode(table, $0, rowid: rowid) }
    }

    /// Rows with rowids in `[from, through]` (nil: unbounded), in rowid order.
    func scan(_ table: TableSchema, from: Int64? = nil, through: Int64? = nil) throws -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        try scanEntries(table, from: from, through: through) { rowid, v in out.append(try decode(table, v, rowid: rowid)) }
        return out
    }

    /// Calls `body` with the rowid and the stored bytes of each row with a
    /// rowid in `[from, through]`, in rowid order; the bytes are borrowed
    /// for the duration of the call.
    func scanEntries(_ table: TableSchema, from: Int64?, through: Int64?,
                     _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard let it = try rowEntries(table, from: from, through: through) else { return }
        let interrupt = txn.interrupt
        while try it.nextEntry({ k, v in
            try interrupt?.check()
            try body(KeyEncoding.rowid(suffixOf: k), v)
        }) {}
    }

    /// A cursor over the entries of rows with rowids in `[from, through]`
    /// (nil: unbounded), in rowid order; nil when the range is empty.
    func rowEntries(_ table: TableSchema, from: Int64?, through: Int64?) throws -> TransactionIterator? {
        let prefix = KeyEncoding.rowPrefix(table.name)
        if let from, let through, from > through { return nil }
        let lower = prefix + (from.map(KeyEncoding.rowid) ?? [])
        let upper = through.map { $0 == Int64.max ? prefix.prefixSuccessor! : prefix + KeyEncoding.rowid($0 + 1) } ?? prefix.prefixSuccessor!
        return try txn.iterator(lower: lower, upper: upper)
    }

    /// The encoded key of a row's entry in an index (without the rowid when `withRowid` is false).
    func indexKey(_ index: IndexSchema, _ row: [SQLValue], rowid: Int64?) -> [UInt8] {
        var key = KeyEncoding.indexPrefix(index.table, index.name)
        for (c, desc) in zip(index.columns, index.descending) { KeyEncoding.append(row[c], descending: desc, to: &key) }
        if let rowid { key += KeyEncoding.rowid(rowid) }
        return key
    }

    /// Rowids whose first indexed column equals `value`.
    func indexLookup(_ index: IndexSchema, equal value: SQLValue) throws -> [Int64] {
        var prefix = KeyEncoding.indexPrefix(index.table, index.name)
        KeyEncoding.append(value, descending: index.descending[0], to: &prefix)
        return try rowids(from: prefix, to: prefix.prefixSuccessor)
    }

    /// Rowids whose first indexed column lies within the bounds (ascending indexes).
    func indexRange(_ index: IndexSchema, lower: (SQLValue, Bool)?, upper: (SQLValue, Bool)?) throws -> [Int64] {
        let prefix = KeyEncoding.indexPrefix(index.table, index.name)
        var from = prefix, to = prefix.prefixSuccessor
        if let (v, inclusive) = lower {
            var k = prefix
            KeyEncoding.append(v, descending: false, to: &k)
            from = inclusive ? k : (k.prefixSuccessor ?? k)
        } else {
            from = prefix + [KeyEncoding.tagNull + 1]
        }
        if let (v, inclusive) = upper {
            var k = prefix
            KeyEncoding.append(v, descending: false, to: &k)
            to = inclusive ? k.prefixSuccessor : k
        }
        return try rowids(from: from, to: to)
    }

    private func rowids(from: [UInt8], to: [UInt8]?) throws -> [Int64] {
        let it = try txn.iterator(lower: from, upper: to)
        var out: [Int64] = []
        while let (k, _) = try it.next() {
            try txn.interrupt?.check()
            out.append(KeyEncoding.rowid(suffixOf: k))
        }
        return out
    }

    /// The rowids of rows other than `rowid` whose values clash with `row` in
    /// a unique index. The range read is guarded: a concurrent transaction
    /// that gives another row the same value makes one of the two commits a
    /// `transactionConflict` (its index entry carries its own rowid, so the
    /// written keys alone would not clash).
    func uniqueConflicts(_ index: IndexSchema, _ row: [SQLValue], rowid: Int64) throws -> [Int64] {
        if index.columns.contains(where: { row[$0].isNull }) { return [] }
        let prefix = indexKey(index, row, rowid: nil)
        try txn.guardRange(lower: prefix, upper: prefix.prefixSuccessor)
        return try rowids(from: prefix, to: prefix.prefixSuccessor).filter { $0 != rowid }
    }

    /// Writes a row and its index entries (`row` holds the columns, not the rowid).
    func insert(_ table: TableSchema, _ row: [SQLValue], rowid: Int64) throws {
        try txn.put(KeyEncoding.rowPrefix(table.name) + KeyEncoding.rowid(rowid), RecordCodec.encode(row))
        for index in catalog.indexes(on: table.name) { try txn.put(indexKey(index, row, rowid: rowid), []) }
    }

    /// Removes a row and its index entries.
    func delete(_ table: TableSchema, _ row: [SQLValue], rowid: Int64) throws {
        try txn.delete(KeyEncoding.rowPrefix(table.name) + KeyEncoding.rowid(rowid))
        try forgetRowid(table, rowid)
        for index in catalog.indexes(on: table.name) { try txn.delete(indexKey(index, row, rowid: rowid)) }
    }

    private func counterKey(_ table: TableSchema) -> [UInt8] {
        KeyEncoding.catalogKey("rowid", table.name.lowercased())
    }

    /// The rowid for a new row, as SQLite picks it: one more than the largest
    /// rowid in the table (1 when empty), or with AUTOINCREMENT one more than
    /// the largest ever used. The largest is kept under a catalog key; a
    /// delete of that row clears the key and the next insert looks it up.
    func nextRowid(_ table: TableSchema) throws -> Int64 {
        let last: Int64
        if let b = try txn.get(counterKey(table)) {
            last = b.withUnsafeBytes { Int64(bitPattern: Varint.fixed64($0, 0)) }
        } else if let max = try largestRowid(table) {
            last = max
            try storeCounter(table, max)
        } else {
            return 1
        }
        if last == Int64.max {
            throw ToonDBError(.constraintViolation, "table \(table.name) has used every rowid")
        }
        return last + 1
    }

    /// Records that `rowid` is in use, so later automatic rowids come after it.
    func noteRowid(_ table: TableSchema, _ rowid: Int64) throws {
        if let b = try txn.get(counterKey(table)) {
            if rowid > b.withUnsafeBytes({ Int64(bitPattern: Varint.fixed64($0, 0)) }) { try storeCounter(table, rowid) }
        } else if let max = try largestRowid(table) {
            try storeCounter(table, Swift.max(max, rowid))
        }
    }

    /// Forgets the largest rowid when that row goes (not with AUTOINCREMENT, which never reuses).
    func forgetRowid(_ table: TableSchema, _ rowid: Int64) throws {
        guard !table.autoincrement, let b = try txn.get(counterKey(table)),
              b.withUnsafeBytes({ Int64(bitPattern: Varint.fixed64($0, 0)) }) == rowid else { return }
        try txn.delete(counterKey(table))
    }

    private func storeCounter(_ table: TableSchema, _ rowid: Int64) throws {
        var v: [UInt8] = []
        Varint.appendFixed64(UInt64(bitPattern: rowid), to: &v)
        try txn.put(counterKey(table), v)
    }

    /// The largest rowid in the table, by binary search over seeks; nil when empty.
    private func largestRowid(_ table: TableSchema) throws -> Int64? {
        let prefix = KeyEncoding.rowPrefix(table.name)
        func exists(atLeast r: Int64) throws -> Bool {
            try txn.iterator(lower: prefix + KeyEncoding.rowid(r), upper: prefix.prefixSuccessor).next() != nil
        }
        guard try exists(atLeast: Int64.min) else { return nil }
        var lo = Int64.min, hi = Int64.max
        while lo < hi {
            // The upper middle, computed without overflow over the whole Int64 range.
            let distance = UInt64(bitPattern: hi &- lo)
            let mid = lo &+ Int64(bitPattern: distance / 2 + (distance & 1))
            if try exists(atLeast: mid) { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Deletes every key under a prefix.
    func deleteRange(_ prefix: [UInt8]) throws {
        let it = try txn.iterator(lower: prefix, upper: prefix.prefixSuccessor)
        var keys: [[UInt8]] = []
        while let (k, _) = try it.next() { keys.append(k) }
        for k in keys { try txn.delete(k) }
    }
}
