public import GRPCCore
public import GRPCNIOTransportHTTP2
public import Logging
import ToonCore
import ToonDB

/// The gRPC server of `toondb-grpc-server`: ``VectorIndexService`` and
/// ``KeyValueService`` over one ``Database``, on HTTP/2 without TLS.
///
/// ```swift
/// let server = try ToonGRPCServer(database: db, host: "127.0.0.1", port: 0)
/// async let serving: Void = server.run()
/// let port = try await server.listeningPort()   // the port bound (0 picks a free one)
/// server.shutdown()
/// try await serving
/// ```
/// There is no authentication: bind to loopback (the default) unless the
/// network is trusted.
public final class ToonGRPCServer: Sendable {
    /// The largest request accepted: 64 MiB, so that an InsertBatch of
    /// 10,000 768-float vectors (about 31 MB) fits in one call.
    public static let maxRequestBytes = 64 << 20

    /// The address asked for.
    public let host: String
    public let port: Int
    /// The indexes served.
    public let store: VectorIndexStore
    private let server: GRPCServer<HTTP2ServerTransport.Posix>

    /// Prepares a server for `database` on `host` (an IPv4 or IPv6 address,
    /// or `localhost`) and `port` (0: any free port), logging each call at
    /// `debug` and each failed one at `warning` to `logger` (default: nowhere).
    /// Nothing is bound until ``run()``.
    public init(database: Database, host: String = "127.0.0.1", port: Int = 50051,
                logger: Logger = Logger(label: "toondb.grpc-server") { _ in SwiftLogNoOpLogHandler() }) throws {
        guard (0...65535).contains(port) else {
            throw ToonDBError(.invalidArgument, "port \(port) is not in 0…65535", remediation: "give a port such as 50051")
        }
        let address: GRPCNIOTransportCore.SocketAddress
        switch host {
        case "localhost": address = .ipv4(host: "127.0.0.1", port: port)
        case _ where Self.isIPv4(host): address = .ipv4(host: host, port: port)
        case _ where host.contains(":"): address = .ipv6(host: host, port: port)
        default:
            throw ToonDBError(.invalidArgument, "host \"\(host)\" is not an IP address",
                              remediation: "give 127.0.0.1 (loopback, the default), ::1, or 0.0.0.0 to listen on every interface")
        }
        self.host = host
        self.port = port
        self.store = try VectorIndexStore(database: database)
        let transport = HTTP2ServerTransport.Posix(
            address: address, transportSecurity: .plaintext,
            config: .defaults { $0.rpc.maxRequestPayloadSize = Self.maxRequestBytes })
        self.server = GRPCServer(transport: transport,
                                 services: [VectorIndexService(store: store), KeyValueService(database: database)],
                                 interceptors: [LoggingInterceptor(logger: logger)])
    }

    /// Serves until ``shutdown()`` (or until the task is cancelled); throws
    /// `ioError` when the address cannot be bound.
    public func run() async throws {
        do {
            try await server.serve()
        } catch let e as RuntimeError {
            throw ToonDBError(.ioError, "cannot serve gRPC on \(host):\(port): \(e.message)",
                              remediation: "is the port taken? try another --port, or stop the other server")
        }
    }

    /// The port actually bound, once ``run()`` is listening; throws when it could not bind.
    public func listeningPort() async throws -> Int {
        do {
            let address = try await server.transport.listeningAddress
            if let v4 = address.ipv4 { return v4.port }
            if let v6 = address.ipv6 { return v6.port }
            throw ToonDBError(.internalError, "the server listens on \(address), which has no port")
        } catch let e as RuntimeError {
            throw ToonDBError(.ioError, "cannot listen on \(host):\(port): \(e.message)",
                              remediation: "is the port taken? try another --port, or stop the other server")
        }
    }

    /// Stops accepting calls; ``run()`` returns once calls in flight have finished.
    public func shutdown() {
        server.beginGracefulShutdown()
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && Int(p)! <= 255
        }
    }
}
