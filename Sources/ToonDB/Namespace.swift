import Foundation
import ToonCore
internal import ToonStorage

/// A namespace: an isolated part of the database with its own key-value
/// data, collections and graph (README.md, "From Swift"). No operation of a namespace can
/// read or list another's keys, whatever key, path or prefix it is given:
/// its keys are stored under `\0n/<name>/k/` and returned without that base.
///
/// ```swift
/// let ns = try db.createNamespace("tenant_acme", displayName: "Acme Corporation")
/// try ns.put("settings/theme", "dark")
/// ```
/// Every operation throws `notFound` once the namespace has been deleted.
public final class Namespace: @unchecked Sendable {
    /// The namespace's name.
    public let name: String
    /// The database it belongs to.
    public let database: Database
    let area: KeyArea

    init(name: String, database: Database) {
        self.name = name
        self.database = database
        self.area = KeyArea(base: KeySpace.namespaceKV(name))
    }

    /// The registry record: display name, labels, creation time.
    public func info() throws -> NamespaceInfo {
        guard let info = try database.namespaces.info(name) else { throw deleted }
        return info
    }

    /// Stores `value` under `key` in this namespace.
    public func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws {
        try checkLive()
        let k = try area.storedKey(key.toonBytes), v = value.toonBytes
        try KeyRules.checkValue(v)
        var batch = WriteBatch()
        batch.put(k, v)
        try database.engine.write(batch)
    }

    /// The value under `key` in this namespace, or nil.
    public func get(_ key: some ByteConvertible) throws -> [UInt8]? {
        try checkLive()
        database.queries.add(1, ordering: .relaxed)
        return try database.engine.get(try area.storedKey(key.toonBytes))
    }

    /// The value as UTF-8 text, or nil.
    public func getString(_ key: some ByteConvertible) throws -> String? {
        try get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes `key` from this namespace.
    public func delete(_ key: some ByteConvertible) throws {
        try checkLive()
        var batch = WriteBatch()
        batch.delete(try area.storedKey(key.toonBytes))
        try database.engine.write(batch)
    }

    /// Stores `value` at a key path.
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try put(try KeyPathRules.normalize(path), value)
    }

    /// The value at a key path, or nil.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try get(try KeyPathRules.normalize(path))
    }

    /// Entries with `from <= key < to` of this namespace, lazily, from a snapshot.
    public func scan(from: some ByteConvertible, to: (some ByteConvertible)? = String?.none) throws -> ScanCursor {
        try checkLive()
        database.queries.add(1, ordering: .relaxed)
        return try area.scan(engine: database.engine, lower: from.toonBytes, upper: to?.toonBytes, batchSize: 1)
    }

    /// Entries whose key starts with `prefix`.
    public func scanPrefix(_ prefix: some ByteConvertible) throws -> ScanCursor {
        let p = prefix.toonBytes
        return try scan(from: p, to: p.prefixSuccessor)
    }

    /// The immediate children of a key path of this namespace (see ``Database/listChildren(_:after:limit:)``).
    public func listChildren(_ path: String, after: String? = nil, limit: Int? = nil) throws -> [PathChild] {
        try checkLive()
        database.queries.add(1, ordering: .relaxed)
        return try area.listChildren(engine: database.engine, path: path, after: after, limit: limit)
    }

    func checkLive() throws {
        if try database.namespaces.info(name) == nil { throw deleted }
    }

    private var deleted: ToonDBError {
        ToonDBError(.notFound, "namespace \"\(name)\" does not exist (it was deleted)")
    }
}

extension Database {
    /// Creates a namespace; `alreadyExists` if it exists, `invalidArgument` for a bad name (see ``NameRules``).
    @discardableResult
    public func createNamespace(_ name: String, displayName: String? = nil,
                                labels: [String: String] = [:]) throws -> Namespace {
        let now = Int64(Date().timeIntervalSince1970)
        try namespaces.create(NamespaceInfo(name: name, displayName: displayName ?? name, labels: labels, createdAt: now))
        return Namespace(name: name, database: self)
    }

    /// An existing namespace; `notFound` if there is none of that name.
    public func namespace(_ name: String) throws -> Namespace {
        try NameRules.check(name, kind: "namespace")
        guard try namespaces.info(name) != nil else {
            throw ToonDBError(.notFound, "namespace \"\(name)\" does not exist",
                              remediation: "create it with db.createNamespace(\"\(name)\")")
        }
        return Namespace(name: name, database: self)
    }

    /// The namespace `name`, created (with default display name and no labels) when missing.
    public func namespaceCreatingIfMissing(_ name: String) throws -> Namespace {
        if try namespaces.info(try checkedName(name)) == nil {
            do {
                try namespaces.create(NamespaceInfo(name: name, displayName: name, labels: [:],
                                                    createdAt: Int64(Date().timeIntervalSince1970)))
            } catch let e as ToonDBError where e.code == .alreadyExists {}
        }
        return Namespace(name: name, database: self)
    }

    /// Every namespace's record, sorted by name.
    public func listNamespaces() throws -> [NamespaceInfo] {
        try namespaces.all().values.sorted { $0.name < $1.name }
    }

    /// Deletes a namespace. Without `force` a namespace holding any key,
    /// collection or graph is refused (`invalidArgument`); with it,
    /// everything it holds is removed.
    public func deleteNamespace(_ name: String, force: Bool = false) throws {
        try namespaces.delete(name, force: force)
        collections.drop(namespace: name, name: nil)
        try engine.fs.removeTree(CollectionState.vectorDirectory(databasePath: filesDirectory, namespace: name))
    }

    private func checkedName(_ name: String) throws -> String {
        try NameRules.check(name, kind: "namespace")
        return name
    }
}
