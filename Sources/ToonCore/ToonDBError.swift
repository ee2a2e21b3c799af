/// The one error type of ToonDB: a matchable ``code``, a message naming the
/// thing at fault, and a ``remediation`` hint telling the user what to do.
public struct ToonDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for matching.
    public var code: ErrorCode
    /// A sentence naming the thing at fault (key, file and offset, process, …).
    public var message: String
    /// What the user can do about it, when there is something to do.
    public var remediation: String?

    /// Creates an error.
    public init(_ code: ErrorCode, _ message: String, remediation: String? = nil) {
        self.code = code
        self.message = message
        self.remediation = remediation
    }

    /// `code: message (hint: remediation)`.
    public var description: String {
        if let remediation { return "\(code.rawValue): \(message) (hint: \(remediation))" }
        return "\(code.rawValue): \(message)"
    }

    /// An `ioError` from a failed system call, naming the operation, the path and errno's text.
    package static func io(_ operation: String, path: String, errno code: Int32) -> ToonDBError {
        let text = String(cString: strerror(code))
        var hint: String?
        switch code {
        case EACCES, EPERM, EROFS: hint = "check the permissions of \(path), or open the database read-only"
        case ENOSPC, EDQUOT: hint = "free disk space; data written before this error is intact"
        case ENOTDIR: hint = "a component of \(path) is a file, not a directory; choose another path"
        default: hint = nil
        }
        return ToonDBError(.ioError, "\(operation) \(path): \(text) (errno \(code))", remediation: hint)
    }

    /// A `corruption` error naming the file and the byte offset.
    package static func corruption(_ path: String, offset: Int, _ detail: String) -> ToonDBError {
        ToonDBError(.corruption, "\(path) at offset \(offset): \(detail)",
                    remediation: "restore the file from a backup; ToonDB never returns data it cannot verify")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
