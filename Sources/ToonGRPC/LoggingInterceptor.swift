internal import GRPCCore
internal import Logging

/// Logs each call at `debug` and each failed call at `warning` (with its gRPC status).
struct LoggingInterceptor: ServerInterceptor {
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.method
        logger.debug("[RPC] \(method) from \(context.remotePeer)")
        do {
            let response = try await next(request, context)
            if case .failure(let e) = response.accepted {
                logger.warning("[RPC] \(method) failed: \(e.code): \(e.message)")
            }
            return response
        } catch let e as RPCError {
            logger.warning("[RPC] \(method) failed: \(e.code): \(e.message)")
            throw e
        }
    }
}
