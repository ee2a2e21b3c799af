import ToonCore

/// One key of etcd's store as a read returns it.
package struct EtcdKeyValue: Sendable, Equatable {
    package var key: [UInt8]
    /// Empty when the read asked for keys only.
    package var value: [UInt8]
    /// The revision of the key's creation (its latest one, after a delete).
    package var createRevision: Int64
    /// The revision of the key's last change.
    package var modRevision: Int64
    /// The number of changes since the key's creation (1 after the first put).
    package var version: Int64
    /// The lease the key is attached to, 0 for none.
    package var lease: Int64

    package init(key: [UInt8], value: [UInt8], createRevision: Int64, modRevision: Int64, version: Int64,
                 lease: Int64 = 0) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
    }
}

/// What ``EtcdClient/range(_:rangeEnd:revision:limit:keysOnly:countOnly:)`` returns.
package struct EtcdRangeResult: Sendable, Equatable {
    /// The keys found, in key order (none when only counting).
    package var kvs: [EtcdKeyValue]
    /// More keys lie in the range beyond `limit`.
    package var more: Bool
    /// The number of keys in the whole range, whatever the limit.
    package var count: Int64
    /// The store's revision the read was served at (the requested one, or the newest).
    package var revision: Int64
}

/// A write or read inside a transaction.
package enum EtcdOp: Sendable, Equatable {
    case put(key: [UInt8], value: [UInt8], lease: Int64 = 0)
    /// Deletes `key`, or every key in [key, rangeEnd) when `rangeEnd` is given.
    case delete(key: [UInt8], rangeEnd: [UInt8]? = nil)
    /// Reads `key`, or [key, rangeEnd), at `revision` (0: the transaction's
    /// own), only keys when `keysOnly`.
    case range(key: [UInt8], rangeEnd: [UInt8]? = nil, limit: Int64 = 0, revision: Int64 = 0, keysOnly: Bool = false)
}

/// The result of one ``EtcdOp`` of a transaction's chosen branch.
package enum EtcdOpResult: Sendable, Equatable {
    case put
    case delete(deleted: Int64)
    case range(EtcdRangeResult)
}

/// A condition of a transaction on a key, or on every key of [key, rangeEnd).
///
/// A key that does not exist has version, create and mod revision 0, so
/// `.modRevision(key, .less, snapshot + 1)` holds for a missing key too.
package struct EtcdCompare: Sendable, Equatable {
    package enum Relation: Sendable, Equatable { case equal, notEqual, greater, less }
    package enum Target: Sendable, Equatable {
        case version(Int64)
        case createRevision(Int64)
        case modRevision(Int64)
        case value([UInt8])
    }

    package var key: [UInt8]
    /// Given: the compare must hold for every key in [key, rangeEnd) (`[0]`: every key ≥ key).
    package var rangeEnd: [UInt8]?
    package var relation: Relation
    package var target: Target

    package init(key: [UInt8], rangeEnd: [UInt8]? = nil, _ target: Target, _ relation: Relation) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.relation = relation
        self.target = target
    }

    /// The key's (or each key's in the range) mod revision stands in `relation` to `revision`.
    package static func modRevision(_ key: [UInt8], rangeEnd: [UInt8]? = nil, _ relation: Relation,
                                    _ revision: Int64) -> EtcdCompare {
        EtcdCompare(key: key, rangeEnd: rangeEnd, .modRevision(revision), relation)
    }

    /// The key's value stands in `relation` to `value` (byte order).
    package static func value(_ key: [UInt8], _ relation: Relation, _ value: [UInt8]) -> EtcdCompare {
        EtcdCompare(key: key, .value(value), relation)
    }

    /// The key's version stands in `relation` to `version` (0: the key does not exist).
    package static func version(_ key: [UInt8], _ relation: Relation, _ version: Int64) -> EtcdCompare {
        EtcdCompare(key: key, .version(version), relation)
    }
}

/// What ``EtcdClient/txn(_:success:failure:)`` returns.
package struct EtcdTxnResult: Sendable, Equatable {
    /// Every compare held, so the success ops ran (else the failure ops).
    package var succeeded: Bool
    /// The store's revision after the transaction (unchanged when it wrote nothing).
    package var revision: Int64
    /// One result per op of the branch that ran, in order.
    package var results: [EtcdOpResult]
}

/// One member's own view of itself and the cluster (Maintenance.Status).
package struct EtcdStatus: Sendable, Equatable {
    /// The member's etcd version ("3.4.23").
    package var version: String
    /// The size of the member's database file, in bytes.
    package var dbSize: Int64
    /// The id of the member it takes to be the leader (0: none known).
    package var leader: UInt64
    package var raftTerm: UInt64
    /// The store's revision on this member.
    package var revision: Int64
    /// This member's id.
    package var memberID: UInt64
    /// Alarms and errors the member reports ("NOSPACE", …).
    package var errors: [String]

    /// The member is the leader.
    package var isLeader: Bool { leader != 0 && leader == memberID }
}

/// A member of the cluster (Cluster.MemberList).
package struct EtcdMember: Sendable, Equatable {
    package var id: UInt64
    /// Empty for a member that has not started yet.
    package var name: String
    package var peerURLs: [String]
    package var clientURLs: [String]
    package var isLearner: Bool
}

/// What a watch delivers, in revision order.
package enum EtcdWatchEvent: Sendable, Equatable {
    /// The key was written; `kv.modRevision` is the write's revision.
    case put(EtcdKeyValue)
    /// The key was deleted at `revision`.
    case delete(key: [UInt8], revision: Int64)
    /// The watch's start revision (or a revision it had to resume from) has
    /// been compacted away: events are lost; `revision` is the oldest one still
    /// kept. The watch has ended; read afresh and watch again from there.
    case compacted(revision: Int64)
    /// The watch ended for another reason (permission, a canceled watcher);
    /// nothing follows.
    case ended(ToonDBError)
    /// Every change up to `revision` has been delivered (the answer to
    /// ``EtcdWatch/requestProgress()``).
    case progress(revision: Int64)
}

