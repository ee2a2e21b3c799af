internal import GRPCCore
import ToonCore

extension EtcdClient {
    /// The status of the member at `endpoint` (one of ``endpoints``), as that
    /// member sees it; no failover.
    package func status(_ endpoint: EtcdEndpoint) throws -> EtcdStatus {
        try call("Status", on: endpoint) { c, options, metadata in
            let r = try await Etcdserverpb_Maintenance.Client(wrapping: c.client)
                .status(Etcdserverpb_StatusRequest(), metadata: metadata, options: options)
            return EtcdStatus(version: r.version, dbSize: r.dbSize, leader: r.leader, raftTerm: r.raftTerm,
                              revision: r.header.revision, memberID: r.header.memberID, errors: r.errors)
        }
    }

    /// The cluster's members.
    package func memberList() throws -> [EtcdMember] {
        try call("MemberList", idempotent: true) { c, options, metadata in
            let r = try await Etcdserverpb_Cluster.Client(wrapping: c.client)
                .memberList(Etcdserverpb_MemberListRequest(), metadata: metadata, options: options)
            return r.members.map {
                EtcdMember(id: $0.id, name: $0.name, peerURLs: $0.peerUrls, clientURLs: $0.clientUrls, isLearner: $0.isLearner)
            }
        }
    }

    /// A new lease of `ttl` seconds; returns its id and the TTL etcd granted.
    package func leaseGrant(ttl: Int64) throws -> (id: Int64, ttl: Int64) {
        guard ttl > 0 else { throw ToonDBError(.invalidArgument, "a lease needs a TTL > 0 seconds, not \(ttl)") }
        var request = Etcdserverpb_LeaseGrantRequest()
        request.ttl = ttl
        let message = request
        return try call("LeaseGrant", idempotent: false) { c, options, metadata in
            let r = try await Etcdserverpb_Lease.Client(wrapping: c.client).leaseGrant(message, metadata: metadata, options: options)
            return (r.id, r.ttl)
        }
    }

    /// Revokes the lease: the keys attached to it are deleted.
    package func leaseRevoke(_ id: Int64) throws {
        var request = Etcdserverpb_LeaseRevokeRequest()
        request.id = id
        let message = request
        _ = try call("LeaseRevoke", idempotent: true) { c, options, metadata in
            try await Etcdserverpb_Lease.Client(wrapping: c.client).leaseRevoke(message, metadata: metadata, options: options)
        }
    }

    /// Renews the lease once; returns its new TTL in seconds. `notFound` when
    /// the lease has expired or does not exist.
    @discardableResult
    package func leaseKeepAlive(_ id: Int64) throws -> Int64 {
        var request = Etcdserverpb_LeaseKeepAliveRequest()
        request.id = id
        let message = request
        let ttl = try call("LeaseKeepAlive", idempotent: true) { c, options, metadata in
            try await Etcdserverpb_Lease.Client(wrapping: c.client).leaseKeepAlive(
                metadata: metadata, options: options,
                requestProducer: { writer in try await writer.write(message) },
                onResponse: { response in
                    for try await answer in response.messages { return answer.ttl }
                    return Int64(0)
                })
        }
        guard ttl > 0 else { throw ToonDBError(.notFound, "etcd lease \(id) has expired or does not exist") }
        return ttl
    }
}
