import Dispatch
import Foundation
import Synchronization
internal import GRPCCore
internal import GRPCNIOTransportHTTP2
import ToonCore

/// A client of an etcd v3 cluster (etcd 3.4 or later), for ToonDB's etcd
/// storage backend.
///
/// Its methods are synchronous and may be called from any thread, many at
/// once: the gRPC connections run as tasks on the client's own
/// ``QueueTaskExecutor``, off Swift's cooperative pool, and each call blocks
/// its caller until the answer or its deadline (``EtcdOptions/timeout`` per
/// endpoint tried).
///
/// ```swift
/// let etcd = try EtcdClient("127.0.0.1:2379,127.0.0.1:22379")
/// let put = try etcd.put(Array("k".utf8), Array("v".utf8))
/// let read = try etcd.range(Array("k".utf8), revision: put)
/// etcd.close()
/// ```
///
/// **Endpoints.** Calls go to one endpoint at a time, the last that
/// answered. One that cannot be reached, or whose member has no leader, is
/// skipped for the next; reads (and puts and deletes, which are idempotent)
/// are also retried on the next endpoint when the connection broke or the
/// deadline passed mid-request. A call goes round the endpoints twice at
/// most: failing fast on unreachable ones first, then waiting for a
/// connection within the deadline. A transaction is not: its outcome is then
/// unknown, and the caller gets `unavailable` (the next call goes to the next
/// endpoint).
///
/// **Errors** are ``ToonDBError``s: `unavailable` (retryable) when no
/// endpoint could serve the call (unreachable, no leader, deadline);
/// `invalidArgument` for a request larger than `--max-request-bytes` or a
/// transaction with more ops than `--max-txn-ops`, naming the flag;
/// `policyDenied` for a wrong user or password or a missing permission;
/// `databaseClosed` after ``close()``; `ioError` or `internalError` otherwise.
package final class EtcdClient: Sendable {
    typealias Transport = HTTP2ClientTransport.Posix

    /// The endpoints, in the order given.
    package let endpoints: [EtcdEndpoint]
    package let options: EtcdOptions
    let executor: QueueTaskExecutor
    let connections: [Connection]
    /// The index of the endpoint calls go to first.
    let preferred = Atomic<Int>(0)
    /// The auth token Auth.Authenticate gave (nil: none yet, or no auth).
    let token = Mutex<String?>(nil)
    private let closed = Atomic<Bool>(false)

    /// One endpoint's gRPC client and the task running its connections.
    final class Connection: Sendable {
        let endpoint: EtcdEndpoint
        let client: GRPCClient<Transport>
        let stopped = DispatchSemaphore(value: 0)

        init(_ endpoint: EtcdEndpoint, options: EtcdOptions, executor: QueueTaskExecutor) throws {
            self.endpoint = endpoint
            let target: any ResolvableTarget = endpoint.host.contains(":")
                ? .ipv6(address: endpoint.host, port: endpoint.port)
                : Self.isIPv4(endpoint.host) ? .ipv4(address: endpoint.host, port: endpoint.port)
                : .dns(host: endpoint.host, port: endpoint.port)
            let security: Transport.TransportSecurity
            if let caFile = options.caFile {
                security = .tls { tls in
                    tls.trustRoots = .certificates([.file(path: caFile, format: .pem)])
                }
            } else {
                security = .plaintext
            }
            let config = Transport.Config.defaults { config in
                // A member that went away is retried soon after it comes back.
                config.backoff = .init(initial: .milliseconds(100), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
                config.channelDebuggingCallbacks.onCreateTCPConnection = { PingAnswerer.install(on: $0) }
            }
            client = GRPCClient(transport: try .http2NIOPosix(target: target, transportSecurity: security, config: config))
            let (client, stopped) = (client, stopped)
            Task(executorPreference: executor) {
                try? await client.runConnections()
                stopped.signal()
            }
        }

        static func isIPv4(_ host: String) -> Bool {
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
        }
    }

    /// A client of the comma-separated endpoints (`host:2379,host2:2379`).
    package convenience init(_ endpoints: String, options: EtcdOptions = EtcdOptions()) throws {
        try self.init(endpoints: EtcdEndpoint.parseList(endpoints), options: options)
    }

    /// A client of `endpoints`; nothing is sent until the first call.
    package init(endpoints: [EtcdEndpoint], options: EtcdOptions = EtcdOptions()) throws {
        guard !endpoints.isEmpty else {
            throw ToonDBError(.invalidArgument, "no etcd endpoint given", remediation: "give host:port, e.g. 127.0.0.1:2379")
        }
        if (options.user == nil) != (options.password == nil) {
            throw ToonDBError(.invalidArgument, "etcd needs both a user and a password, or neither")
        }
        if let caFile = options.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ToonDBError(.invalidArgument, "cannot read the etcd CA file \(caFile)",
                              remediation: "give the PEM file of the CA that signed the etcd members' certificates")
        }
        guard options.timeout > .zero else {
            throw ToonDBError(.invalidArgument, "the etcd call timeout must be positive, not \(options.timeout)")
        }
        self.endpoints = endpoints
        self.options = options
        let executor = QueueTaskExecutor(label: "toondb.etcd.client")
        self.executor = executor
        var made: [Connection] = []
        do {
            for endpoint in endpoints { made.append(try Connection(endpoint, options: options, executor: executor)) }
        } catch {
            for c in made { c.client.beginGracefulShutdown() }
            throw ToonDBError(.invalidArgument, "cannot make a gRPC client for etcd endpoint \(endpoints[made.count]): \(error)")
        }
        connections = made
    }

    deinit { close() }

    /// Closes every connection; calls in flight finish first, watches end.
    /// Closing twice does nothing.
    package func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for c in connections { c.client.beginGracefulShutdown() }
        for c in connections { _ = c.stopped.wait(timeout: .now() + 5) }
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    func closedError() -> ToonDBError {
        ToonDBError(.databaseClosed, "the etcd client of \(endpoints.map(\.description).joined(separator: ",")) is closed",
                    remediation: "make a new EtcdClient")
    }

    /// The options of one call to one endpoint. Without `waitForReady` the call
    /// fails at once when the endpoint cannot be reached, so the next one is tried;
    /// with it, it waits (within the deadline) for a connection being made.
    func callOptions(waitForReady: Bool) -> CallOptions {
        var o = CallOptions.defaults
        o.timeout = options.timeout
        o.waitForReady = waitForReady
        o.maxResponseMessageBytes = 1 << 30
        return o
    }

    /// Runs `body` on one endpoint after another until one serves it, blocking
    /// the caller. `idempotent`: the call may be repeated on the next endpoint
    /// when its outcome on one is unknown.
    func call<T: Sendable>(_ method: String, idempotent: Bool,
                           _ body: @escaping @Sendable (Connection, CallOptions, Metadata) async throws -> T) throws -> T {
        if isClosed { throw closedError() }
        return try executor.runBlocking { try await self.failingOver(method, idempotent: idempotent, body) }
    }

    /// Runs `body` on `endpoint` only, blocking the caller.
    func call<T: Sendable>(_ method: String, on endpoint: EtcdEndpoint,
                           _ body: @escaping @Sendable (Connection, CallOptions, Metadata) async throws -> T) throws -> T {
        if isClosed { throw closedError() }
        let c = try connection(endpoint)
        return try executor.runBlocking {
            do {
                return try await self.attempt(method, on: c, body)
            } catch let failure as EtcdFailure {
                throw failure.error
            }
        }
    }

    func failingOver<T: Sendable>(_ method: String, idempotent: Bool,
                                  _ body: @Sendable (Connection, CallOptions, Metadata) async throws -> T) async throws -> T {
        let start = preferred.load(ordering: .relaxed)
        var failures: [ToonDBError] = []
        // Twice round the endpoints: first failing fast on one that cannot be reached,
        // then, after a pause, waiting for a connection within the deadline (one being
        // made again after it broke).
        for attempt in 0..<(2 * connections.count) {
            if isClosed { throw closedError() }
            if attempt == connections.count { try await Task.sleep(for: .milliseconds(200)) }
            let index = (start + attempt) % connections.count
            do {
                let result = try await self.attempt(method, on: connections[index],
                                                    waitForReady: attempt >= connections.count, body)
                if index != start { preferred.store(index, ordering: .relaxed) }
                return result
            } catch let failure as EtcdFailure {
                switch failure.kind {
                case .notSent:
                    failures.append(failure.error)
                case .unknownOutcome:
                    preferred.store((index + 1) % connections.count, ordering: .relaxed)
                    guard idempotent else { throw failure.error }
                    failures.append(failure.error)
                case .invalidToken, .final:
                    throw failure.error
                }
            }
        }
        guard var last = failures.last else { throw ToonDBError(.internalError, "etcd \(method): no endpoint was tried") }
        if connections.count > 1 {
            last.message = "etcd \(method): none of the \(connections.count) endpoints could serve it: "
                + failures.suffix(connections.count).map(\.message).joined(separator: "; ")
        }
        throw last
    }

    /// Runs `body` on `c` with the auth token (authenticating again once when
    /// etcd refuses the token); an RPC error becomes an ``EtcdFailure``.
    func attempt<T: Sendable>(_ method: String, on c: Connection, waitForReady: Bool = false,
                              _ body: @Sendable (Connection, CallOptions, Metadata) async throws -> T) async throws -> T {
        var reauthenticated = false
        let options = callOptions(waitForReady: waitForReady)
        while true {
            do {
                let metadata = try await authMetadata(c, options: options)
                return try await body(c, options, metadata)
            } catch let e as RPCError {
                let failure = EtcdFailure(e, method: method, endpoint: c.endpoint)
                if failure.kind == .invalidToken && self.options.user != nil && !reauthenticated {
                    reauthenticated = true
                    token.withLock { $0 = nil }
                    continue
                }
                throw failure
            }
        }
    }

    /// The `token` metadata etcd's auth expects, authenticating first when there is no token yet.
    func authMetadata(_ c: Connection, options callOptions: CallOptions) async throws -> Metadata {
        guard let user = options.user, let password = options.password else { return [:] }
        var current = token.withLock { $0 }
        if current == nil {
            var request = Etcdserverpb_AuthenticateRequest()
            request.name = user
            request.password = password
            let response = try await Etcdserverpb_Auth.Client(wrapping: c.client).authenticate(request, options: callOptions)
            token.withLock { $0 = response.token }
            current = response.token
        }
        var metadata: Metadata = [:]
        metadata.addString(current ?? "", forKey: "token")
        return metadata
    }

    /// The connection of `endpoint`, which must be one of ``endpoints``.
    func connection(_ endpoint: EtcdEndpoint) throws -> Connection {
        guard let c = connections.first(where: { $0.endpoint == endpoint }) else {
            throw ToonDBError(.invalidArgument, "\(endpoint) is not one of this client's etcd endpoints (\(endpoints.map(\.description).joined(separator: ",")))")
        }
        return c
    }
}
