import ToonCore
import ToonIndex
package import ToonStorage

/// An ``IndexStore`` over a slice of the database's key space: every key of
/// the index is `prefix` + its own key, read and written through one storage
/// transaction. An index changed through it commits or aborts with the
/// documents that transaction writes, and one WAL makes both durable.
///
/// Searches may run in a transaction that writes nothing; they then read
/// its snapshot and conflict with nobody.
package struct StorageIndexStore: IndexStore {
    /// The transaction every read and write goes through.
    package let transaction: StorageTransaction
    /// The index's key prefix (an internal `\0…` prefix, see `ARCHITECTURE.md`, "Key space").
    package let prefix: [UInt8]

    /// A store of the keys under `prefix`, in `transaction`.
    package init(_ transaction: StorageTransaction, prefix: [UInt8]) {
        self.transaction = transaction
        self.prefix = prefix
    }

    /// A store of the keys under `prefix`, in a public transaction.
    package init(_ transaction: Transaction, prefix: [UInt8]) {
        self.init(transaction.inner, prefix: prefix)
    }

    @inline(__always)
    private func full(_ key: [UInt8]) -> [UInt8] {
        var k = prefix
        k.append(contentsOf: key)
        return k
    }

    package func get(_ key: [UInt8]) throws -> [UInt8]? {
        try transaction.get(full(key))
    }

    package func put(_ key: [UInt8], _ value: [UInt8]) throws {
        try transaction.put(full(key), value)
    }

    package func delete(_ key: [UInt8]) throws {
        try transaction.delete(full(key))
    }

    package func scan(from lower: [UInt8], to upper: [UInt8]?,
                      _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        let it = try transaction.iterator(lower: full(lower), upper: upper.map(full) ?? prefix.prefixSuccessor)
        let skip = prefix.count
        var going = true
        while going, try it.nextEntry({ k, v in going = try body(UnsafeRawBufferPointer(rebasing: k[skip...]), v) }) {}
    }
}
