package import GRPCCore
import ToonCore

extension RPCError {
    /// The gRPC status for a ``ToonDBError``: its message (and hint) with the
    /// code a gRPC client expects (`NOT_FOUND` for a missing index,
    /// `INVALID_ARGUMENT` for a wrong dimension, …).
    package init(_ error: ToonDBError) {
        let code: RPCError.Code
        switch error.code {
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .invalidArgument, .dimensionMismatch, .sqlSyntax, .sqlSemantic: code = .invalidArgument
        case .transactionConflict, .transactionClosed: code = .aborted
        case .constraintViolation, .readOnly, .locked: code = .failedPrecondition
        case .databaseClosed: code = .unavailable
        case .interrupted: code = .cancelled
        case .policyDenied: code = .permissionDenied
        case .rateLimited: code = .resourceExhausted
        case .corruption: code = .dataLoss
        default: code = .internalError
        }
        let text = error.remediation.map { "\(error.message) (hint: \($0))" } ?? error.message
        self.init(code: code, message: text)
    }

    /// Runs `body`, turning a thrown ``ToonDBError`` into its gRPC status.
    package static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ToonDBError {
            throw RPCError(e)
        }
    }
}

extension ToonDBError {
    /// The ``ToonDBError`` a client reports for a gRPC status from the server.
    package init(_ error: RPCError, calling method: String) {
        let code: ErrorCode
        switch error.code {
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .invalidArgument, .outOfRange: code = .invalidArgument
        case .aborted: code = .transactionConflict
        case .failedPrecondition: code = .readOnly
        case .permissionDenied, .unauthenticated: code = .policyDenied
        case .resourceExhausted: code = .rateLimited
        case .dataLoss: code = .corruption
        case .unavailable, .deadlineExceeded, .cancelled: code = .ioError
        case .unimplemented: code = .protocolError
        default: code = .internalError
        }
        let remediation: String? = switch error.code {
        case .unavailable: "is toondb-grpc-server running at that address? (toondb-grpc-server status --port N)"
        case .unimplemented: "the server does not serve this method; is it a toondb-grpc-server?"
        default: nil
        }
        self.init(code, "\(method): \(error.message)", remediation: remediation)
    }
}
