import ToonCore
internal import ToonStorage

extension Database {
    /// Stores `value` at a key path (`users/alice/email`).
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try put(try KeyPathRules.normalize(path), value)
    }

    /// The value at a key path, or nil.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try get(try KeyPathRules.normalize(path))
    }

    /// Removes the value at a key path (not its children).
    public func deletePath(_ path: String) throws {
        try delete(try KeyPathRules.normalize(path))
    }

    /// The immediate children of `path` (`"users/"`, or `""` for the root),
    /// each once, with whether it holds a value and whether it has children.
    ///
    /// Children come in key order of their first key (a child holding a value
    /// sorts at its own key, else at `name/`). Each child costs two seeks, so
    /// the time is proportional to the number of children returned, not to
    /// the size of their subtrees. `after` resumes after a child returned
    /// earlier; `limit` caps the count.
    public func listChildren(_ path: String, after: String? = nil, limit: Int? = nil) throws -> [PathChild] {
        queries.add(1, ordering: .relaxed)
        return try KeyArea.user.listChildren(engine: engine, path: path, after: after, limit: limit)
    }
}
