import ToonCore
package import ToonStorage

/// One SQL index as `Database.verify()` found it: each row of its table has
/// exactly its entry in the index, and the index holds nothing else.
public struct SQLIndexVerification: Sendable, Equatable {
    /// The indexed table and the index's name.
    public var table: String, index: String
    /// Entries checked, one per row.
    public var entries: Int
}

extension SQLEngine {
    /// Checks every index of every table as `txn` sees them: every row
    /// decodes and has the entry its values give in each index of its
    /// table, and each index holds as many entries as the table has rows
    /// (so no other). Throws `corruption` naming the table, index and row.
    package func verifyIndexes(in txn: StorageTransaction) throws -> [SQLIndexVerification] {
        let catalog = try catalog(txn)
        let store = TableStore(txn: txn, catalog: catalog)
        var out: [SQLIndexVerification] = []
        for table in catalog.tables.values.sorted(by: { $0.name < $1.name }) {
            let indexes = catalog.indexes(on: table.name)
            if indexes.isEmpty { continue }
            func fault(_ index: IndexSchema, _ what: String) -> ToonDBError {
                ToonDBError(.corruption, "SQL index \(index.name) on table \(table.name): \(what)",
                            remediation: "rebuild it from the rows: REINDEX \(index.name)")
            }
            var rows = 0
            try store.scanEntries(table, from: nil, through: nil) { rowid, bytes in
                let row = try store.decode(table, bytes, rowid: rowid)
                for index in indexes where try txn.get(store.indexKey(index, row, rowid: rowid)) == nil {
                    throw fault(index, "row \(rowid) has no entry")
                }
                rows += 1
            }
            for index in indexes {
                let prefix = KeyEncoding.indexPrefix(index.table, index.name)
                let it = try txn.iterator(lower: prefix, upper: prefix.prefixSuccessor)
                var entries = 0
                while try it.nextEntry({ _, _ in }) { entries += 1 }
                guard entries == rows else { throw fault(index, "\(entries) entries for \(rows) rows") }
                out.append(SQLIndexVerification(table: table.name, index: index.name, entries: entries))
            }
        }
        return out
    }
}
