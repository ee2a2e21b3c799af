import Foundation
internal import GRPCCore
import ToonCore

extension EtcdClient {
    /// Reads `key`, or every key in [key, rangeEnd) (`rangeEnd` `[0]`: every
    /// key ≥ key), at `revision` (0: the newest), in key order, at most
    /// `limit` keys (0: no limit). `keysOnly` leaves values empty;
    /// `countOnly` returns only the count. Reads are linearizable.
    package func range(_ key: [UInt8], rangeEnd: [UInt8]? = nil, revision: Int64 = 0, limit: Int64 = 0,
                       keysOnly: Bool = false, countOnly: Bool = false) throws -> EtcdRangeResult {
        guard revision >= 0, limit >= 0 else {
            throw ToonDBError(.invalidArgument, "an etcd range needs a revision and a limit ≥ 0, not \(revision) and \(limit)")
        }
        let message = Etcdserverpb_RangeRequest.make(key: key, rangeEnd: rangeEnd, revision: revision, limit: limit,
                                                     keysOnly: keysOnly, countOnly: countOnly)
        return try call("Range", idempotent: true) { c, options, metadata in
            let response = try await Etcdserverpb_KV.Client(wrapping: c.client)
                .range(message, metadata: metadata, options: options)
            return EtcdRangeResult(response)
        }
    }

    /// Writes `value` at `key` (attached to `lease`, 0: none); returns the revision of the write.
    @discardableResult
    package func put(_ key: [UInt8], _ value: [UInt8], lease: Int64 = 0) throws -> Int64 {
        let request = Etcdserverpb_PutRequest.make(key: key, value: value, lease: lease)
        return try call("Put", idempotent: true) { c, options, metadata in
            try await Etcdserverpb_KV.Client(wrapping: c.client).put(request, metadata: metadata, options: options).header.revision
        }
    }

    /// Deletes `key`, or every key in [key, rangeEnd); returns how many keys
    /// were deleted and the store's revision afterwards.
    @discardableResult
    package func deleteRange(_ key: [UInt8], rangeEnd: [UInt8]? = nil) throws -> (deleted: Int64, revision: Int64) {
        let request = Etcdserverpb_DeleteRangeRequest.make(key: key, rangeEnd: rangeEnd)
        return try call("DeleteRange", idempotent: true) { c, options, metadata in
            let response = try await Etcdserverpb_KV.Client(wrapping: c.client)
                .deleteRange(request, metadata: metadata, options: options)
            return (response.deleted, response.header.revision)
        }
    }

    /// One atomic transaction: when every compare holds, the `success` ops run,
    /// else the `failure` ops; all at one new revision (when they write).
    /// Not retried on another endpoint when its outcome is unknown: that is
    /// `unavailable`, and the caller reads back to find out.
    package func txn(_ compares: [EtcdCompare], success: [EtcdOp], failure: [EtcdOp] = []) throws -> EtcdTxnResult {
        var request = Etcdserverpb_TxnRequest()
        request.compare = compares.map(Etcdserverpb_Compare.init)
        request.success = success.map(Etcdserverpb_RequestOp.init)
        request.failure = failure.map(Etcdserverpb_RequestOp.init)
        let message = request
        return try call("Txn", idempotent: false) { c, options, metadata in
            let response = try await Etcdserverpb_KV.Client(wrapping: c.client).txn(message, metadata: metadata, options: options)
            return EtcdTxnResult(succeeded: response.succeeded, revision: response.header.revision,
                                 results: response.responses.map(EtcdOpResult.init))
        }
    }
}

extension EtcdKeyValue {
    init(_ kv: Mvccpb_KeyValue) {
        self.init(key: [UInt8](kv.key), value: [UInt8](kv.value), createRevision: kv.createRevision,
                  modRevision: kv.modRevision, version: kv.version, lease: kv.lease)
    }
}

extension EtcdRangeResult {
    init(_ r: Etcdserverpb_RangeResponse) {
        self.init(kvs: r.kvs.map(EtcdKeyValue.init), more: r.more, count: r.count, revision: r.header.revision)
    }
}

extension EtcdOpResult {
    init(_ r: Etcdserverpb_ResponseOp) {
        switch r.response {
        case .responseRange(let range): self = .range(EtcdRangeResult(range))
        case .responseDeleteRange(let delete): self = .delete(deleted: delete.deleted)
        case .responsePut, .none: self = .put
        }
    }
}

extension Etcdserverpb_PutRequest {
    static func make(key: [UInt8], value: [UInt8], lease: Int64) -> Self {
        var r = Self()
        r.key = Data(key)
        r.value = Data(value)
        r.lease = lease
        return r
    }
}

extension Etcdserverpb_RangeRequest {
    static func make(key: [UInt8], rangeEnd: [UInt8]?, revision: Int64, limit: Int64,
                     keysOnly: Bool, countOnly: Bool = false) -> Self {
        var r = Self()
        r.key = Data(key)
        if let rangeEnd { r.rangeEnd = Data(rangeEnd) }
        r.revision = revision
        r.limit = limit
        r.keysOnly = keysOnly
        r.countOnly = countOnly
        return r
    }
}

extension Etcdserverpb_DeleteRangeRequest {
    static func make(key: [UInt8], rangeEnd: [UInt8]?) -> Self {
        var r = Self()
        r.key = Data(key)
        if let rangeEnd { r.rangeEnd = Data(rangeEnd) }
        return r
    }
}

extension Etcdserverpb_RequestOp {
    init(_ op: EtcdOp) {
        self.init()
        switch op {
        case .put(let key, let value, let lease):
            request = .requestPut(.make(key: key, value: value, lease: lease))
        case .delete(let key, let rangeEnd):
            request = .requestDeleteRange(.make(key: key, rangeEnd: rangeEnd))
        case .range(let key, let rangeEnd, let limit, let revision, let keysOnly):
            request = .requestRange(.make(key: key, rangeEnd: rangeEnd, revision: revision, limit: limit, keysOnly: keysOnly))
        }
    }
}

extension Etcdserverpb_Compare {
    init(_ compare: EtcdCompare) {
        self.init()
        key = Data(compare.key)
        if let rangeEnd = compare.rangeEnd { self.rangeEnd = Data(rangeEnd) }
        switch compare.relation {
        case .equal: result = .equal
        case .notEqual: result = .notEqual
        case .greater: result = .greater
        case .less: result = .less
        }
        switch compare.target {
        case .version(let v): target = .version; targetUnion = .version(v)
        case .createRevision(let r): target = .create; targetUnion = .createRevision(r)
        case .modRevision(let r): target = .mod; targetUnion = .modRevision(r)
        case .value(let v): target = .value; targetUnion = .value(Data(v))
        }
    }
}
