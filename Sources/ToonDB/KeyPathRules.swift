import ToonCore

/// Hierarchical key paths: `users/alice/email` is the key of that path, and
/// `/` separates its segments (README.md, "From Swift").
public enum KeyPathRules {
    /// The key for a path: leading and trailing slashes are dropped; an empty
    /// path or an empty segment (`a//b`) is `invalidArgument`.
    public static func normalize(_ path: String) throws -> [UInt8] {
        var s = Substring(path)
        while s.hasPrefix("/") { s = s.dropFirst() }
        while s.hasSuffix("/") { s = s.dropLast() }
        if s.isEmpty {
            throw ToonDBError(.invalidArgument, "the key path \"\(path)\" is empty",
                              remediation: "give a path such as users/alice/email")
        }
        if s.contains("//") {
            throw ToonDBError(.invalidArgument, "the key path \"\(path)\" has an empty segment",
                              remediation: "remove the doubled slash")
        }
        return Array(s.utf8)
    }

    /// The prefix whose children ``Database/listChildren(_:after:limit:)`` lists:
    /// empty for the root (`""` or `"/"`), else the path with one trailing slash.
    public static func directoryPrefix(_ path: String) -> [UInt8] {
        var s = Substring(path)
        while s.hasPrefix("/") { s = s.dropFirst() }
        while s.hasSuffix("/") { s = s.dropLast() }
        return s.isEmpty ? [] : Array(s.utf8) + [UInt8(ascii: "/")]
    }
}

/// An immediate child of a key path.
public struct PathChild: Sendable, Equatable {
    /// The child's segment (bytes shown as UTF-8).
    public var name: String
    /// The child's full key (the parent prefix and the segment).
    public var key: [UInt8]
    /// Whether a value is stored at exactly this key.
    public var hasValue: Bool
    /// Whether keys exist below it (`key/…`).
    public var hasChildren: Bool

    /// A child entry (for data sources that compute listings themselves).
    public init(name: String, key: [UInt8], hasValue: Bool, hasChildren: Bool) {
        self.name = name
        self.key = key
        self.hasValue = hasValue
        self.hasChildren = hasChildren
    }
}
