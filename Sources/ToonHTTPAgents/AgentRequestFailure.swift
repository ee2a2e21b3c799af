internal import AsyncHTTPClient
import Foundation
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
import ToonDB

/// How a failed request of ``HTTPAgentTransport`` becomes the coded
/// `ToonDBError` a ``ToolDispatcher`` records for the attempt.
enum AgentRequestFailure: Error {
    /// The transport's own timeout passed first.
    case timedOut

    static func toonDBError(for error: any Error, url: URL, timeout: Duration, maxResponseBytes: Int) -> ToonDBError {
        let name = url.absoluteString
        let timedOut = ToonDBError.agentTimedOut(name, after: timeout)
        func cannotConnect(_ why: String) -> ToonDBError {
            ToonDBError(.ioError, "cannot connect to \(name): \(why)",
                        remediation: "check that the agent's server is running and listening there")
        }
        switch error {
        case AgentRequestFailure.timedOut:
            return timedOut
        case let e as HTTPClientError where e == .readTimeout || e == .writeTimeout:   // a caller's client with such timeouts
            return timedOut
        case is NIOTooManyBytesError:
            return ToonDBError(.protocolError, "the response of \(name) is larger than \(maxResponseBytes) bytes",
                               remediation: "the agent must answer with a smaller JSON body")
        case let e as HTTPClientError where e == .connectTimeout:
            return cannotConnect("connecting timed out")
        case let e as NIOConnectionError:
            return cannotConnect(reason(e))
        case let e as IOError where connectErrors.contains(e.errnoCode):
            // An IP address is connected to directly, without NIOConnectionError's summary.
            return cannotConnect(String(cString: strerror(e.errnoCode)))
        case let e as IOError:
            return ToonDBError(.ioError, "the request to \(name) failed: \(String(cString: strerror(e.errnoCode)))")
        case let e as HTTPClientError where e == .remoteConnectionClosed:
            return ToonDBError(.protocolError, "\(name) closed the connection before a complete HTTP response")
        case let e as NIOSSLError:
            return ToonDBError(.ioError, "TLS with \(name) failed: \(e)",
                               remediation: "the agent's certificate must be valid for the URL's host and issued by an authority the client trusts")
        default:
            return ToonDBError(.ioError, "the request to \(name) failed: \(error)")
        }
    }

    /// The errors of connect(2) that mean nobody answers at the address.
    private static let connectErrors: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    /// Why no connection was made: the error of the last address tried, or the name resolution's.
    private static func reason(_ e: NIOConnectionError) -> String {
        if let io = e.connectionErrors.last?.error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let other = e.connectionErrors.last?.error { return "\(other)" }
        if let dns = e.dnsAError ?? e.dnsAAAAError { return "cannot resolve the host: \(dns)" }
        return "no address of the host answered"
    }
}
