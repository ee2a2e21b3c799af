import Foundation
public import GRPCCore
import ToonCore
import ToonDB

/// The `sochdb.v1.KvService` of `Proto/toondb.proto` over a ``Database``:
/// an empty `namespace` is the database's default key space, any other
/// names a ToonDB namespace (created by the first write to it; reading a
/// namespace that does not exist finds nothing). Keys expire never, so a
/// non-zero `ttl_seconds` is `INVALID_ARGUMENT` rather than silently ignored.
/// `BatchPut` checks every entry first, then writes them atomically in the
/// default key space and one after another in a named namespace.
public struct KeyValueService: Sochdb_V1_KvService.SimpleServiceProtocol {
    /// The database served.
    public let database: Database

    /// Serves `database`'s key-value data.
    public init(database: Database) {
        self.database = database
    }

    /// Where a request's keys live.
    enum Area {
        case root(Database)
        case namespace(Namespace)
        case missing

        func put(_ k: [UInt8], _ v: [UInt8]) throws {
            switch self {
            case .root(let db): try db.put(k, v)
            case .namespace(let ns): try ns.put(k, v)
            case .missing: preconditionFailure("writes create the namespace")
            }
        }

        func get(_ k: [UInt8]) throws -> [UInt8]? {
            switch self {
            case .root(let db): try db.get(k)
            case .namespace(let ns): try ns.get(k)
            case .missing: nil
            }
        }

        func delete(_ k: [UInt8]) throws {
            switch self {
            case .root(let db): try db.delete(k)
            case .namespace(let ns): try ns.delete(k)
            case .missing: break
            }
        }

        func scan(_ prefix: [UInt8]) throws -> ScanCursor? {
            switch self {
            case .root(let db): try db.scanPrefix(prefix)
            case .namespace(let ns): try ns.scanPrefix(prefix)
            case .missing: nil
            }
        }
    }

    func area(_ name: String, creating: Bool) throws -> Area {
        if name.isEmpty { return .root(database) }
        if creating { return .namespace(try database.namespaceCreatingIfMissing(name)) }
        do {
            return .namespace(try database.namespace(name))
        } catch let e as ToonDBError where e.code == .notFound {
            return .missing
        }
    }

    static func checkTTL(_ ttl: UInt64) throws {
        if ttl != 0 {
            throw RPCError(code: .invalidArgument,
                           message: "ttl_seconds \(ttl): ToonDB keys do not expire; send 0 and delete the key when it is no longer wanted")
        }
    }

    public func get(request: Sochdb_V1_KvGetRequest, context: ServerContext) async throws -> Sochdb_V1_KvGetResponse {
        var response = Sochdb_V1_KvGetResponse()
        if let v = try RPCError.mapping({ try area(request.namespace, creating: false).get(Array(request.key)) }) {
            response.value = v.data
            response.found = true
        }
        return response
    }

    public func put(request: Sochdb_V1_KvPutRequest, context: ServerContext) async throws -> Sochdb_V1_KvPutResponse {
        try Self.checkTTL(request.ttlSeconds)
        try RPCError.mapping { try area(request.namespace, creating: true).put(Array(request.key), Array(request.value)) }
        var response = Sochdb_V1_KvPutResponse()
        response.success = true
        return response
    }

    public func delete(request: Sochdb_V1_KvDeleteRequest, context: ServerContext) async throws -> Sochdb_V1_KvDeleteResponse {
        try RPCError.mapping { try area(request.namespace, creating: false).delete(Array(request.key)) }
        var response = Sochdb_V1_KvDeleteResponse()
        response.success = true
        return response
    }

    public func scan(request: Sochdb_V1_KvScanRequest, response: RPCWriter<Sochdb_V1_KvScanResponse>,
                     context: ServerContext) async throws {
        guard let cursor = try RPCError.mapping({ try area(request.namespace, creating: false).scan(Array(request.prefix)) })
        else { return }
        let limit = request.limit == 0 ? Int.max : Int(request.limit)
        var sent = 0
        while sent < limit, let (k, v) = try RPCError.mapping({ try cursor.next() }) {
            var entry = Sochdb_V1_KvScanResponse()
            entry.key = k.data
            entry.value = v.data
            try await response.write(entry)
            sent += 1
        }
    }

    public func batchGet(request: Sochdb_V1_KvBatchGetRequest, context: ServerContext) async throws
        -> Sochdb_V1_KvBatchGetResponse {
        let target = try RPCError.mapping { try self.area(request.namespace, creating: false) }
        var response = Sochdb_V1_KvBatchGetResponse()
        for key in request.keys {
            var entry = Sochdb_V1_KvEntry()
            entry.key = key
            if let v = try RPCError.mapping({ try target.get(Array(key)) }) {
                entry.value = v.data
                entry.found = true
            }
            response.entries.append(entry)
        }
        return response
    }

    public func batchPut(request: Sochdb_V1_KvBatchPutRequest, context: ServerContext) async throws
        -> Sochdb_V1_KvBatchPutResponse {
        for e in request.entries { try Self.checkTTL(e.ttlSeconds) }
        try RPCError.mapping {
            for e in request.entries {
                try KeyRules.checkKey(Array(e.key))
                try KeyRules.checkValue(Array(e.value))
            }
            if request.namespace.isEmpty {
                try database.writeBatch(request.entries.map { (key: Array($0.key), value: Array($0.value)) })
            } else {
                // A namespace has no batch write: the entries (all checked above) are written in turn.
                let ns = try database.namespaceCreatingIfMissing(request.namespace)
                for e in request.entries { try ns.put(Array(e.key), Array(e.value)) }
            }
        }
        var response = Sochdb_V1_KvBatchPutResponse()
        response.successCount = UInt32(request.entries.count)
        return response
    }
}

extension Array where Element == UInt8 {
    var data: Data { Data(self) }
}
