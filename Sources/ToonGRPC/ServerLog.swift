import Foundation
import GRPCCore

/// What `toondb-grpc-server` writes to standard error, one line per event:
/// each level includes the ones after it (`info` also prints warnings and errors).
public struct ServerLog: Sendable {
    /// The levels, from most to least talkative (the names `toondb-server` uses).
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case trace, debug, info, warn, error

        private var rank: Int { Self.allCases.firstIndex(of: self)! }

        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// The least important level written.
    public var level: Level

    /// A log writing `level` and above.
    public init(level: Level) {
        self.level = level
    }

    /// Writes `message` when `at` is `level` or above.
    public func write(_ at: Level, _ message: @autoclosure () -> String) {
        guard at >= level else { return }
        FileHandle.standardError.write(Data((message() + "\n").utf8))
    }
}

/// Logs each call at `debug` and each failed call at `warn` (with its gRPC status).
struct LoggingInterceptor: ServerInterceptor {
    let log: ServerLog

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.method
        log.write(.debug, "[RPC] \(method) from \(context.remotePeer)")
        do {
            let response = try await next(request, context)
            if case .failure(let e) = response.accepted {
                log.write(.warn, "[RPC] \(method) failed: \(e.code): \(e.message)")
            }
            return response
        } catch let e as RPCError {
            log.write(.warn, "[RPC] \(method) failed: \(e.code): \(e.message)")
            throw e
        }
    }
}
