import ToonCore
import ToonStorage

extension Database {
    /// Stores `value` at a key path (`users/alice/email`).
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try put(try KeyPath.normalize(path), value)
    }

    /// The value at a key path, or nil.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try get(try KeyPath.normalize(path))
    }

    /// Removes the value at a key path (not its children).
    public func deletePath(_ path: String) throws {
        try delete(try KeyPath.normalize(path))
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
        if let limit, limit < 0 { throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)") }
        queries.add(1, ordering: .relaxed)
        let prefix = KeyPath.directoryPrefix(path)
        let slash = UInt8(ascii: "/")
        let snapshot = try engine.acquireSnapshot()
        let upper = prefix.prefixSuccessor
        let walk = try engine.iterator(lower: prefix, upper: upper, snapshot: snapshot.sequence)
        let probe = try engine.iterator(lower: prefix, upper: upper, snapshot: snapshot.sequence)
        if let after {
            let name = Array(after.utf8)
            let exists = try engine.get(prefix + name, snapshot: snapshot.sequence) != nil
            walk.seek(prefix + name + [exists ? 0 : slash + 1])
        }
        var out: [PathChild] = []
        while limit.map({ out.count < $0 }) ?? true, let (key, _) = try walk.next() {
            if !KeyRules.isUserKey(key) { walk.seek([1]); continue }
            let rest = key[prefix.count...]
            if let s = rest.firstIndex(of: slash) {
                let name = Array(key[prefix.count..<s])
                let childKey = prefix + name
                walk.seek(childKey + [slash + 1])
                // A child that also holds a value was listed at its own key.
                if try engine.get(childKey, snapshot: snapshot.sequence) != nil { continue }
                out.append(PathChild(name: String(decoding: name, as: UTF8.self), key: childKey,
                                     hasValue: false, hasChildren: true))
            } else {
                let name = Array(rest)
                probe.seek(key + [slash])
                let below = try probe.next().map { $0.key.hasPrefix(key + [slash]) } ?? false
                out.append(PathChild(name: String(decoding: name, as: UTF8.self), key: key,
                                     hasValue: true, hasChildren: below))
                walk.seek(key + [0])
            }
        }
        return out
    }
}
