import Synchronization
import ToonCore
internal import ToonStorage

/// The namespaces of a database: records under `\0N/<name>`, cached in
/// memory after the first read so that every namespace operation can check
/// cheaply that its namespace still exists.
final class NamespaceRegistry: Sendable {
    private let engine: any StorageBackend
    private let cache = Mutex<[String: NamespaceInfo]?>(nil)

    init(engine: any StorageBackend) { self.engine = engine }

    /// Every namespace, loading the records on first use.
    func all() throws -> [String: NamespaceInfo] {
        if let loaded = cache.withLock({ $0 }) { return loaded }
        var found: [String: NamespaceInfo] = [:]
        let prefix = KeySpace.namespaceRecords
        let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor, snapshot: nil)
        while let (key, value) = try it.next() {
            let name = String(decoding: key[prefix.count...], as: UTF8.self)
            found[name] = try NamespaceInfo(name: name, encoded: value)
        }
        return cache.withLock { current in
            if let current { return current }
            current = found
            return found
        }
    }

    /// The record of `name`, or nil.
    func info(_ name: String) throws -> NamespaceInfo? { try all()[name] }

    /// Writes the record of a new namespace; `alreadyExists` if it exists.
    /// Keys left under the name by an interrupted forced delete are removed first.
    func create(_ info: NamespaceInfo) throws {
        try NameRules.check(info.name, kind: "namespace")
        _ = try all()
        try cache.withLock { current in
            if current?[info.name] != nil {
                throw ToonDBError(.alreadyExists, "namespace \"\(info.name)\" already exists",
                                  remediation: "open it with db.namespace(\"\(info.name)\")")
            }
            try engine.purge(KeySpace.namespace(info.name))
            var batch = WriteBatch()
            batch.put(KeySpace.namespaceRecords + Array(info.name.utf8), info.encoded)
            try engine.write(batch)
            current?[info.name] = info
        }
    }

    /// Removes a namespace: its record first (so it disappears at once), then
    /// its keys. Without `force`, a namespace that holds any key is refused.
    func delete(_ name: String, force: Bool) throws {
        try NameRules.check(name, kind: "namespace")
        _ = try all()
        try cache.withLock { current in
            guard current?[name] != nil else {
                throw ToonDBError(.notFound, "namespace \"\(name)\" does not exist")
            }
            let prefix = KeySpace.namespace(name)
            if !force {
                let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor, snapshot: nil)
                if try it.next() != nil {
                    throw ToonDBError(.invalidArgument, "namespace \"\(name)\" is not empty",
                                      remediation: "delete it with force: true to remove everything it holds")
                }
            }
            var batch = WriteBatch()
            batch.delete(KeySpace.namespaceRecords + Array(name.utf8))
            try engine.write(batch)
            current?[name] = nil
            try engine.purge(prefix)
        }
    }
}
