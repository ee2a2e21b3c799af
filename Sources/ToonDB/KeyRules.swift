import ToonCore

/// The limits on user keys and values (README.md, "From Swift").
public enum KeyRules {
    /// The largest key: 64 KiB.
    public static let maxKeyBytes = 64 * 1024
    /// The largest value: 64 MiB.
    public static let maxValueBytes = 64 * 1024 * 1024

    /// Throws `invalidArgument` for a key that is too long or in the reserved
    /// internal space (keys beginning with a NUL byte hold namespaces, SQL
    /// tables and other internal data).
    public static func checkKey(_ key: [UInt8]) throws {
        if key.count > maxKeyBytes {
            throw ToonDBError(.invalidArgument, "key of \(key.count) bytes exceeds the limit of \(maxKeyBytes) bytes",
                              remediation: "use a shorter key, e.g. a hash of the long one")
        }
        if key.first == 0 {
            throw ToonDBError(.invalidArgument, "keys beginning with a NUL byte are reserved for ToonDB's internal data",
                              remediation: "choose a key that does not start with \\0")
        }
    }

    /// Throws `invalidArgument` for a value that is too long.
    public static func checkValue(_ value: [UInt8]) throws {
        if value.count > maxValueBytes {
            throw ToonDBError(.invalidArgument, "value of \(value.count) bytes exceeds the limit of \(maxValueBytes) bytes",
                              remediation: "split the value over several keys")
        }
    }

    /// Whether a stored key belongs to the user's key space.
    static func isUserKey(_ key: [UInt8]) -> Bool { key.first != 0 }
}
