import ToonCore

extension Transaction: KeyValueTransaction {}

extension Database: KeyValueConnection {
    /// Always ``ConnectionKind/embedded``.
    public var connectionKind: ConnectionKind { .embedded }

    /// Entries whose key starts with `prefix`, collected into an array; at most `limit` (nil: all).
    public func scanPrefix(_ prefix: some ByteConvertible, limit: Int?) throws -> [KeyValue] {
        if let limit, limit < 0 {
            throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)")
        }
        let cursor = try scanPrefix(prefix)
        var out: [KeyValue] = []
        while limit.map({ out.count < $0 }) ?? true, let entry = try cursor.next() { out.append(entry) }
        return out
    }

    /// True: the embedded database runs snapshot-isolated transactions.
    public var supportsTransactions: Bool { true }

    /// Runs `body` in a transaction (see ``transaction(_:)``).
    public func withTransaction<T>(_ body: (any KeyValueTransaction) throws -> T) throws -> T {
        try transaction { txn in try body(txn) }
    }

    /// ``stats()`` as name–value pairs.
    public func connectionStats() throws -> [(name: String, value: String)] {
        stats().fields.map { (name: $0.0, value: $0.1) }
    }
}
