import Foundation
internal import GRPCCore
import ToonCore
import ToonDB

extension GRPCConnection: KeyValueConnection {
    var kv: Sochdb_V1_KvService.Client<Transport> { .init(wrapping: client) }

    /// Always ``ConnectionKind/grpc``.
    public var connectionKind: ConnectionKind { .grpc }

    /// Stores `value` under `key` (KvService.Put, default namespace).
    public func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws {
        var r = Sochdb_V1_KvPutRequest()
        r.key = Data(key.toonBytes)
        r.value = Data(value.toonBytes)
        let request = r
        try blocking("Put") { c in _ = try await c.kv.put(request, options: c.options) }
    }

    /// The value of `key`, or nil (KvService.Get).
    public func get(_ key: some ByteConvertible) throws -> [UInt8]? {
        var r = Sochdb_V1_KvGetRequest()
        r.key = Data(key.toonBytes)
        let request = r
        let response = try blocking("Get") { c in try await c.kv.get(request, options: c.options) }
        return response.found ? Array(response.value) : nil
    }

    /// The value of `key` as UTF-8 text, or nil.
    public func getString(_ key: some ByteConvertible) throws -> String? {
        try get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes `key` (KvService.Delete); a missing key is not an error.
    public func delete(_ key: some ByteConvertible) throws {
        var r = Sochdb_V1_KvDeleteRequest()
        r.key = Data(key.toonBytes)
        let request = r
        try blocking("Delete") { c in _ = try await c.kv.delete(request, options: c.options) }
    }

    /// Stores `value` at a key path: the same key ``Database/putPath(_:_:)`` uses.
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try put(try KeyPathRules.normalize(path), value)
    }

    /// The value at a key path, or nil.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try get(try KeyPathRules.normalize(path))
    }

    /// Entries whose key starts with `prefix`, in key order (KvService.Scan), at most `limit`.
    public func scanPrefix(_ prefix: some ByteConvertible, limit: Int?) throws -> [KeyValue] {
        if let limit, limit < 0 {
            throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)")
        }
        var r = Sochdb_V1_KvScanRequest()
        r.prefix = Data(prefix.toonBytes)
        if let limit {
            if limit == 0 { return [] }
            r.limit = UInt32(clamping: limit)
        }
        let request = r
        return try blocking("Scan") { c in
            try await c.kv.scan(request, options: c.options) { response in
                var out: [KeyValue] = []
                for try await entry in response.messages { out.append((Array(entry.key), Array(entry.value))) }
                return out
            }
        }
    }

    /// False: the KvService has no transactions.
    public var supportsTransactions: Bool { false }

    /// Throws `invalidArgument`: the gRPC KvService has no transactions.
    public func withTransaction<T>(_ body: (any KeyValueTransaction) throws -> T) throws -> T {
        throw transactionsUnsupported("the gRPC KvService has no transactions; each Put commits on its own")
    }

    /// Throws `invalidArgument`: the server has no checkpoint call (its
    /// writes are durable when acknowledged, and it checkpoints when it stops).
    public func checkpoint() throws {
        throw ToonDBError(.invalidArgument, "toondb-grpc-server has no checkpoint call",
                          remediation: "its writes are already durable when acknowledged; it checkpoints when it stops (SIGTERM)")
    }

    /// The server's address, version and indexes (HealthCheck).
    public func connectionStats() throws -> [(name: String, value: String)] {
        let h = try blocking("HealthCheck") { c in try await c.health() }
        return [("address", "\(host):\(port)"), ("version", h.version),
                ("status", "\(h.status)"), ("indexes", h.indexes.joined(separator: ","))]
    }

    /// Runs one call synchronously on the connection's executor.
    func blocking<T: Sendable>(_ method: String, _ body: @escaping @Sendable (GRPCConnection) async throws -> T) throws -> T {
        try executor.runBlocking { [self] in try await call(method) { try await body(self) } }
    }
}
