import ToonCore
import ToonDB

extension IpcClient: KeyValueConnection {
    /// Always ``ConnectionKind/ipc``.
    public var connectionKind: ConnectionKind { .ipc }

    /// Entries whose key starts with `prefix` (UTF-8 text: the protocol's
    /// SCAN carries a string), at most `limit` (nil: all). The server sends
    /// the whole scan; the limit is applied here.
    public func scanPrefix(_ prefix: some ByteConvertible, limit: Int?) throws -> [KeyValue] {
        if let limit, limit < 0 {
            throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)")
        }
        let bytes = prefix.toonBytes
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ToonDBError(.invalidArgument, "the IPC protocol scans by a UTF-8 prefix; this prefix of \(bytes.count) bytes is not UTF-8")
        }
        let all = try scan(text)
        return Array(all.prefix(limit ?? all.count))
    }

    /// False: the protocol's BEGIN/COMMIT do not cover data calls (PROTOCOL.md §4.4).
    public var supportsTransactions: Bool { false }

    /// Throws `invalidArgument`: over IPC every write commits on its own.
    public func withTransaction<T>(_ body: (any KeyValueTransaction) throws -> T) throws -> T {
        throw transactionsUnsupported("the IPC protocol's transactions do not cover data calls, so each write would commit on its own (PROTOCOL.md §4.4)")
    }

    /// The server's counters (``stats()``), sorted by name.
    public func connectionStats() throws -> [(name: String, value: String)] {
        try stats().sorted { $0.key < $1.key }.map { (name: $0.key, value: String($0.value)) }
    }
}
