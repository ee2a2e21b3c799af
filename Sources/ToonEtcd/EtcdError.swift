internal import GRPCCore
import ToonCore

/// How an etcd call failed, for the client's retry rules; and the
/// ``ToonDBError`` a caller sees.
struct EtcdFailure: Error {
    enum Kind {
        /// The endpoint could not be reached, or its member has no leader:
        /// the request was surely not applied; another endpoint may serve it.
        case notSent
        /// The connection broke, the member lost its leader or the deadline
        /// passed while the request was out: it may or may not have been applied.
        case unknownOutcome
        /// etcd does not accept the auth token (expired, or the member restarted).
        case invalidToken
        /// Anything else: the answer stands.
        case final
    }

    var kind: Kind
    var error: ToonDBError

    /// Reads an RPC error of `method` sent to `endpoint`.
    init(_ e: RPCError, method: String, endpoint: EtcdEndpoint) {
        let text = e.message
        let at = "etcd \(method) at \(endpoint)"
        func unavailable(_ kind: Kind, _ what: String) -> EtcdFailure {
            EtcdFailure(kind: kind, error: ToonDBError(
                .unavailable, "\(at): \(what)",
                remediation: "retry; check that a majority of the etcd members is running (etcdctl endpoint status)"))
        }
        if text.contains("request is too large") || text.contains("larger than max") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .invalidArgument, "\(at): the request is larger than etcd accepts (--max-request-bytes, 1.5 MiB by default): \(text)",
                remediation: "split the write into smaller ones, or start every etcd member with a larger --max-request-bytes"))
            return
        }
        if text.contains("too many operations in txn request") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .invalidArgument, "\(at): the transaction has more operations than etcd accepts (--max-txn-ops, 128 by default)",
                remediation: "split the transaction, or start every etcd member with a larger --max-txn-ops"))
            return
        }
        if text.contains("invalid auth token") {
            self = EtcdFailure(kind: .invalidToken, error: ToonDBError(
                .policyDenied, "\(at): etcd refused the auth token", remediation: "check the user and password"))
            return
        }
        if text.contains("authentication failed") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .policyDenied, "\(at): etcd refused the user name or password",
                remediation: "check the user and password given for etcd"))
            return
        }
        if text.contains("user name is empty") || text.contains("user name not found") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .policyDenied, "\(at): etcd has authentication enabled and needs a user and password",
                remediation: "give etcd's user and password"))
            return
        }
        if text.contains("database space exceeded") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .ioError, "\(at): etcd's storage quota is full (--quota-backend-bytes)",
                remediation: "compact and defragment etcd and disarm the NOSPACE alarm (etcdctl alarm disarm), or raise --quota-backend-bytes"))
            return
        }
        if text.contains("required revision has been compacted") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .invalidArgument, "\(at): the requested revision has been compacted away",
                remediation: "read at a newer revision"))
            return
        }
        if text.contains("required revision is a future revision") {
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .invalidArgument, "\(at): the requested revision is newer than the store's"))
            return
        }
        if text.contains("etcdserver: no leader") {
            self = unavailable(.notSent, "the member has no leader (an election is under way)")
            return
        }
        switch e.code {
        case .unavailable:
            // etcd's own unavailable answers (leader changed, request timed out,
            // stopped) came from a member that had the request; the transport's come
            // from a connection that failed before or while the request was out.
            if text.hasPrefix("etcdserver:") {
                self = unavailable(.unknownOutcome, text)
            } else if Self.neverSent(text) {
                self = unavailable(.notSent, "cannot connect (\(text))")
            } else {
                self = unavailable(.unknownOutcome, "the connection failed (\(text)); the request may or may not have been applied")
            }
        case .deadlineExceeded:
            self = unavailable(.unknownOutcome, "no answer within the deadline; the request may or may not have been applied")
        case .permissionDenied:
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .policyDenied, "\(at): \(text)", remediation: "grant the etcd user's role access to these keys"))
        case .unauthenticated:
            self = EtcdFailure(kind: .final, error: ToonDBError(.policyDenied, "\(at): \(text)",
                                                                remediation: "check the user and password given for etcd"))
        case .invalidArgument, .outOfRange, .failedPrecondition:
            self = EtcdFailure(kind: .final, error: ToonDBError(.invalidArgument, "\(at): \(text)"))
        case .resourceExhausted:
            self = EtcdFailure(kind: .final, error: ToonDBError(.rateLimited, "\(at): \(text)", remediation: "retry later"))
        case .unimplemented:
            self = EtcdFailure(kind: .final, error: ToonDBError(
                .protocolError, "\(at): the server does not serve this method: \(text)",
                remediation: "is an etcd v3 server (3.4 or later) listening there?"))
        case .internalError, .dataLoss, .unknown:
            self = EtcdFailure(kind: .final, error: ToonDBError(.internalError, "\(at): \(text)"))
        default:
            self = EtcdFailure(kind: .final, error: ToonDBError(.ioError, "\(at): \(text)"))
        }
    }

    init(kind: Kind, error: ToonDBError) {
        self.kind = kind
        self.error = error
    }

    /// Messages grpc-swift's transport gives when no connection was there to carry the request.
    static func neverSent(_ text: String) -> Bool {
        ["Could not establish", "isn't ready", "no subchannel", "Couldn't resolve", "is shutdown"]
            .contains { text.contains($0) }
    }
}
