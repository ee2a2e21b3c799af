import ToonCore
internal import ToonStorage

/// A user-visible key-value space inside the one key space: the default
/// space (no prefix; internal NUL-prefixed keys hidden) or a namespace's
/// (`\0n/<name>/k/`). Keys given to and returned by an area are relative
/// to its base, so no key of one area can name a key of another.
struct KeyArea: Sendable {
    /// The bytes every stored key of the area begins with.
    let base: [UInt8]

    /// The default key space of ``Database``.
    static let user = KeyArea(base: [])

    /// The stored key of a user key (checked against ``KeyRules``).
    func storedKey(_ key: [UInt8]) throws -> [UInt8] {
        try KeyRules.checkKey(key)
        return base + key
    }

    /// Bounds of a user range in stored keys; `upper` nil is the end of the area.
    func storedRange(lower: [UInt8], upper: [UInt8]?) -> (lower: [UInt8], upper: [UInt8]?) {
        (base + lower, upper.map { base + $0 } ?? (base.isEmpty ? nil : base.prefixSuccessor))
    }

    /// Whether a stored key is visible in this area (only the default area holds hidden keys).
    func isVisible(_ key: [UInt8]) -> Bool { !base.isEmpty || KeyRules.isUserKey(key) }

    /// A lazy snapshot scan of `[lower, upper)` in user keys.
    func scan(engine: any StorageBackend, lower: [UInt8], upper: [UInt8]?, batchSize: Int) throws -> ScanCursor {
        let snapshot = try engine.acquireSnapshot()
        let range = storedRange(lower: lower, upper: upper)
        return ScanCursor(base: try engine.iterator(lower: range.lower, upper: range.upper, snapshot: snapshot.sequence),
                          area: self, batchSize: batchSize)
    }

    /// The immediate children of `path` in this area (see ``Database/listChildren(_:after:limit:)``).
    func listChildren(engine: any StorageBackend, path: String, after: String?, limit: Int?) throws -> [PathChild] {
        if let limit, limit < 0 { throw ToonDBError(.invalidArgument, "limit must not be negative, not \(limit)") }
        let prefix = base + KeyPathRules.directoryPrefix(path)
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
            if !isVisible(key) { walk.seek([1]); continue }
            let rest = key[prefix.count...]
            if let s = rest.firstIndex(of: slash) {
                let name = Array(key[prefix.count..<s])
                let childKey = prefix + name
                walk.seek(childKey + [slash + 1])
                // A child that also holds a value was listed at its own key.
                if try engine.get(childKey, snapshot: snapshot.sequence) != nil { continue }
                out.append(PathChild(name: String(decoding: name, as: UTF8.self), key: Array(childKey[base.count...]),
                                     hasValue: false, hasChildren: true))
            } else {
                let name = Array(rest)
                probe.seek(key + [slash])
                let below = try probe.next().map { $0.key.hasPrefix(key + [slash]) } ?? false
                out.append(PathChild(name: String(decoding: name, as: UTF8.self), key: Array(key[base.count...]),
                                     hasValue: true, hasChildren: below))
                walk.seek(key + [0])
            }
        }
        return out
    }
}
