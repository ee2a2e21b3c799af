/// The kind of a ``ToonDBError``, for matching (`catch let e as ToonDBError
/// where e.code == .notFound`, or `switch e.code { case .corruption: … }`).
///
/// An open set, like GRDB's `ResultCode`: a code is its name, later versions
/// may add codes, and a code a server sends that this version does not know
/// still arrives intact. A `switch` over codes therefore needs a `default:`.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The code's name, as `toondb` prints it (`notFound`, `corruption`, …).
    public let rawValue: String

    /// The code named `rawValue` (known to this version or not).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The name.
    public var description: String { rawValue }

    /// No such key, document, table, namespace, collection, index or database.
    public static let notFound = ErrorCode(rawValue: "notFound")
    /// The name or id is taken.
    public static let alreadyExists = ErrorCode(rawValue: "alreadyExists")
    /// A value, parameter or option is out of range or malformed.
    public static let invalidArgument = ErrorCode(rawValue: "invalidArgument")
    /// Stored bytes failed a check (a checksum, a length, a structure); the message names the file.
    public static let corruption = ErrorCode(rawValue: "corruption")
    /// A system call failed; the message names it, the path and errno's text.
    public static let ioError = ErrorCode(rawValue: "ioError")
    /// Another transaction committed a conflicting write first; retry.
    public static let transactionConflict = ErrorCode(rawValue: "transactionConflict")
    /// The transaction was already committed or aborted.
    public static let transactionClosed = ErrorCode(rawValue: "transactionClosed")
    /// The database was closed.
    public static let databaseClosed = ErrorCode(rawValue: "databaseClosed")
    /// Another process holds the database open.
    public static let locked = ErrorCode(rawValue: "locked")
    /// The database or connection is read-only.
    public static let readOnly = ErrorCode(rawValue: "readOnly")
    /// SQL text that does not parse.
    public static let sqlSyntax = ErrorCode(rawValue: "sqlSyntax")
    /// SQL that parses but names something that does not exist or does not fit.
    public static let sqlSemantic = ErrorCode(rawValue: "sqlSemantic")
    /// A UNIQUE, NOT NULL, CHECK or foreign-key constraint failed.
    public static let constraintViolation = ErrorCode(rawValue: "constraintViolation")
    /// A vector of the wrong length.
    public static let dimensionMismatch = ErrorCode(rawValue: "dimensionMismatch")
    /// A policy hook refused the operation.
    public static let policyDenied = ErrorCode(rawValue: "policyDenied")
    /// A rate limit was reached.
    public static let rateLimited = ErrorCode(rawValue: "rateLimited")
    /// A peer broke the wire protocol.
    public static let protocolError = ErrorCode(rawValue: "protocolError")
    /// The operation was interrupted (`interruptSQL()`, Ctrl-C).
    public static let interrupted = ErrorCode(rawValue: "interrupted")
    /// The server or cluster cannot be reached or has no leader right now
    /// (a connection failure, a leader election, a timeout); retry.
    public static let unavailable = ErrorCode(rawValue: "unavailable")
    /// A bug in ToonDB; please report it.
    public static let internalError = ErrorCode(rawValue: "internalError")

    /// The codes this version of ToonDB raises (for mapping names a peer sends).
    package static let known: [ErrorCode] = [
        .notFound, .alreadyExists, .invalidArgument, .corruption, .ioError, .transactionConflict,
        .transactionClosed, .databaseClosed, .locked, .readOnly, .sqlSyntax, .sqlSemantic,
        .constraintViolation, .dimensionMismatch, .policyDenied, .rateLimited, .protocolError,
        .interrupted, .unavailable, .internalError,
    ]
}
