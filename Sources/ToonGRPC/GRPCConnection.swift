import Dispatch
import Synchronization
internal import GRPCCore
internal import GRPCNIOTransportHTTP2
import ToonCore
import ToonDB

/// A client of `toondb-grpc-server`: the vector indexes of its
/// VectorIndexService (async methods) and the key-value API of its KvService
/// (synchronous, as ``KeyValueConnection``).
///
/// ```swift
/// let c = try GRPCConnection.connect("127.0.0.1:50051")
/// try await c.createIndex("docs", dimension: 3, metric: .cosine)
/// try await c.insert(into: "docs", ids: [1, 2], vectors: [[1, 0, 0], [0, 1, 0]])
/// let hits = try await c.search("docs", query: [1, 0.1, 0], k: 1)   // [(id: 1, distance: …)]
/// try c.put("user:1", "Alice")
/// c.close()
/// ```
/// Errors are ``ToonDBError``s: a gRPC status becomes the matching code
/// (`NOT_FOUND` → `notFound`, `INVALID_ARGUMENT` → `invalidArgument`, …) with
/// the server's message; an unreachable server is `ioError`.
public final class GRPCConnection: @unchecked Sendable {
    typealias Transport = HTTP2ClientTransport.Posix

    /// The server's address.
    public let host: String
    public let port: Int
    /// The deadline of each call.
    public let timeout: Duration
    let client: GRPCClient<Transport>
    let executor: QueueTaskExecutor
    private let running = DispatchSemaphore(value: 0)
    private let closed = Atomic<Bool>(false)

    /// Connects to `address` (`host:port`, `[ipv6]:port`) and checks with a
    /// HealthCheck that a toondb-grpc-server answers there within `timeout`.
    public static func connect(_ address: String, timeout: Duration = .seconds(10)) throws -> GRPCConnection {
        let (host, port) = try parseAddress(address)
        let c = try GRPCConnection(host: host, port: port, timeout: timeout)
        do {
            _ = try c.executor.runBlocking { try await c.health() }
        } catch {
            c.close()
            throw error
        }
        return c
    }

    /// A client of `host:port`; nothing is sent until the first call.
    public init(host: String, port: Int, timeout: Duration = .seconds(10)) throws {
        guard (1...65535).contains(port) else {
            throw ToonDBError(.invalidArgument, "port \(port) is not in 1…65535")
        }
        self.host = host
        self.port = port
        self.timeout = timeout
        let target: any ResolvableTarget = host.contains(":") ? .ipv6(address: host, port: port)
            : ToonGRPCServer.isIPv4(host) ? .ipv4(address: host, port: port) : .dns(host: host, port: port)
        client = GRPCClient(transport: try .http2NIOPosix(target: target, transportSecurity: .plaintext))
        executor = QueueTaskExecutor(label: "toondb.grpc.client")
        let (client, running) = (client, running)
        Task(executorPreference: executor) {
            try? await client.runConnections()
            running.signal()
        }
    }

    deinit { close() }

    /// Closes the connection; calls in flight finish first. Closing twice does nothing.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        client.beginGracefulShutdown()
        _ = running.wait(timeout: .now() + 5)
    }

    /// `host:port` or `[v6]:port` split; `invalidArgument` otherwise.
    public static func parseAddress(_ address: String) throws -> (host: String, port: Int) {
        var host: Substring, portText: Substring
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = address[address.index(after: address.startIndex)..<close]
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":") else { throw badAddress(address) }
            portText = rest.dropFirst()
        } else {
            guard let colon = address.lastIndex(of: ":") else { throw badAddress(address) }
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
            if host.contains(":") { throw badAddress(address) }
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { throw badAddress(address) }
        return (String(host), port)
    }

    private static func badAddress(_ address: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "\"\(address)\" is not a gRPC address",
                    remediation: "give host:port, e.g. 127.0.0.1:50051 or [::1]:50051")
    }

    var options: CallOptions {
        var o = CallOptions.defaults
        o.timeout = timeout
        return o
    }

    /// Runs one call, turning a gRPC status into a ``ToonDBError``.
    func call<T>(_ method: String, _ body: () async throws -> T) async throws -> T {
        if closed.load(ordering: .acquiring) {
            throw ToonDBError(.databaseClosed, "the gRPC connection to \(host):\(port) is closed", remediation: "connect again")
        }
        do {
            return try await body()
        } catch let e as RPCError {
            var error = ToonDBError(e, calling: method)
            if e.code == .unavailable || e.code == .deadlineExceeded {
                error.message = "\(method) on \(host):\(port): \(e.message)"
            }
            throw error
        }
    }
}
