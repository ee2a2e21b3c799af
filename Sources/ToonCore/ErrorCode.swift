/// The kind of a ``ToonDBError``: callers match on it; new cases may be added.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case notFound
    case alreadyExists
    case invalidArgument
    case corruption
    case ioError
    case transactionConflict
    case transactionClosed
    case databaseClosed
    case locked
    case readOnly
    case sqlSyntax
    case sqlSemantic
    case constraintViolation
    case dimensionMismatch
    case policyDenied
    case rateLimited
    case protocolError
    case interrupted
    case internalError
}
