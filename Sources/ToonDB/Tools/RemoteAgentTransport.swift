import Foundation

/// How a ``ToolDispatcher`` reaches its remote agents: one JSON `POST` per attempt.
///
/// ToonDB itself links no network stack, so a dispatcher that calls remote
/// agents is given a transport. `HTTPAgentTransport` of the `ToonHTTPAgents`
/// library (AsyncHTTPClient, `http://` and `https://`) is the one this package ships:
///
/// ```swift
/// import ToonDB
/// import ToonHTTPAgents
/// let dispatcher = ToolDispatcher(db, remoteTransport: HTTPAgentTransport())
/// ```
///
/// A transport of your own (a proxy, a test double, another HTTP stack) must
/// keep the rules below, which the dispatcher relies on.
public protocol RemoteAgentTransport: Sendable {
    /// POSTs `body` (a JSON text, sent with `Content-Type: application/json`)
    /// to `url` and returns the answer's status code and body, whatever the status.
    ///
    /// - `timeout` bounds the whole exchange, from connecting to the last byte
    ///   of the body; when it passes, throw a ``ToonDBError`` of code `ioError`
    ///   whose message says "timed out".
    /// - A body larger than `maxResponseBytes` is refused with `protocolError`,
    ///   without reading more than that.
    /// - Failures are ``ToonDBError``s naming `url`: `ioError` "cannot connect to
    ///   …" for an endpoint nobody answers at, `ioError` for other network failures.
    func post(_ body: [UInt8], to url: URL, timeout: Duration, maxResponseBytes: Int) async throws
        -> (status: Int, body: [UInt8])
}
