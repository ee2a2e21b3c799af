public import AsyncHTTPClient
public import Foundation
public import ToonDB
internal import NIOCore

/// Remote tool agents over `http://` and `https://`: ToonDB's
/// ``RemoteAgentTransport`` on AsyncHTTPClient (SwiftNIO, TLS by swift-nio-ssl).
///
/// ```swift
/// import ToonDB
/// import ToonHTTPAgents
/// let dispatcher = ToolDispatcher(db, remoteTransport: HTTPAgentTransport())
/// try dispatcher.registerRemoteAgent("search_agent", capabilities: [.search],
///                                    endpoint: URL(string: "https://agents.example.com/invoke")!)
/// ```
///
/// Each attempt is one `POST` with a JSON body. The timeout bounds the whole
/// exchange, from connecting to the last byte of the body; redirects are not
/// followed (a 3xx answer is a failed attempt, as any non-2xx one).
public struct HTTPAgentTransport: RemoteAgentTransport {
    private let client: HTTPClient

    /// A transport on one HTTP client the whole process shares (never shut
    /// down): the system's trusted certificates for `https://`, and an endpoint
    /// that refuses the connection fails at once rather than being retried until the timeout.
    public init() {
        self.client = Self.shared
    }

    /// A transport on `client`, for TLS settings (your own certificate
    /// authority, client certificates), a proxy or a connection pool of your
    /// own. You shut the client down after the dispatcher's last request.
    /// Keep `configuration.connectionPool.retryConnectionEstablishment` off
    /// if an unreachable agent should fail at once rather than at its timeout.
    public init(client: HTTPClient) {
        self.client = client
    }

    private static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// POSTs `body` to `url`; see ``RemoteAgentTransport/post(_:to:timeout:maxResponseBytes:)``.
    public func post(_ body: [UInt8], to url: URL, timeout: Duration, maxResponseBytes: Int) async throws
        -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(body)
        let client = self.client, prepared = request
        let deadline = ContinuousClock.now + timeout
        do {
            return try await withThrowingTaskGroup(of: (status: Int, body: [UInt8])?.self) { group in
                group.addTask {
                    // No deadline of AsyncHTTPClient's: its would end with the response head; the race below bounds the body too.
                    let response = try await client.execute(prepared, deadline: .distantFuture)
                    let bytes = try await response.body.collect(upTo: maxResponseBytes)
                    return (status: Int(response.status.code), body: Array(bytes.readableBytesView))
                }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let answer = first else {
                    throw AgentRequestFailure.timedOut
                }
                return answer
            }
        } catch {
            throw AgentRequestFailure.toonDBError(for: error, url: url, timeout: timeout, maxResponseBytes: maxResponseBytes)
        }
    }
}
