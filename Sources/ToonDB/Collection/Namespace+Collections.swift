import Foundation
import ToonCore
internal import ToonStorage

extension Namespace {
    /// Creates a collection; `alreadyExists` if the name is taken,
    /// `invalidArgument` for a bad configuration.
    @discardableResult
    public func createCollection(_ config: CollectionConfig) throws -> VectorCollection {
        try checkLive()
        try config.validate()
        let db = database
        return try db.collectionCreation.withLock { _ in
            let key = KeySpace.collectionConfig(name, config.name)
            if try db.engine.get(key) != nil {
                throw ToonDBError(.alreadyExists, "collection \"\(config.name)\" already exists in namespace \"\(name)\"",
                                  remediation: "open it with ns.collection(\"\(config.name)\")")
            }
            // Leftovers of an interrupted delete must not reappear in the new collection.
            try db.engine.purge(KeySpace.collection(name, config.name))
            try db.engine.fs.remove(CollectionState.indexPath(databasePath: db.filesDirectory, namespace: name, collection: config.name))
            let state = try CollectionState(namespace: name, config: config, databasePath: db.filesDirectory, fs: db.engine.fs)
            var batch = WriteBatch()
            batch.put(key, config.encoded)
            let created = try db.engine.write(batch)
            try state.follow(engine: db.engine, after: created)
            db.collections.add(state)
            return VectorCollection(namespace: self, state: state)
        }
    }

    /// An existing collection; `notFound` if there is none of that name.
    public func collection(_ collectionName: String) throws -> VectorCollection {
        try checkLive()
        try NameRules.check(collectionName, kind: "collection")
        guard let bytes = try database.engine.get(KeySpace.collectionConfig(name, collectionName)) else {
            throw ToonDBError(.notFound, "collection \"\(collectionName)\" does not exist in namespace \"\(name)\"",
                              remediation: "create it with ns.createCollection(CollectionConfig(name: \"\(collectionName)\", …))")
        }
        let config = try CollectionConfig(name: collectionName, encoded: bytes)
        let state = try database.collections.state(namespace: name, config: config, databasePath: database.filesDirectory,
                                                   engine: database.engine)
        return VectorCollection(namespace: self, state: state)
    }

    /// The configurations of every collection, sorted by name; reads only
    /// the configuration records (one seek per collection).
    public func listCollections() throws -> [CollectionConfig] {
        try checkLive()
        let base = KeySpace.collections(name)
        let it = try database.engine.iterator(lower: base, upper: base.prefixSuccessor, snapshot: nil)
        var out: [CollectionConfig] = []
        while let (key, _) = try it.next() {
            guard let slash = key[base.count...].firstIndex(of: UInt8(ascii: "/")) else { continue }
            let collectionName = String(decoding: key[base.count..<slash], as: UTF8.self)
            if let bytes = try database.engine.get(KeySpace.collectionConfig(name, collectionName)) {
                out.append(try CollectionConfig(name: collectionName, encoded: bytes))
            }
            it.seek(Array(key[...slash]).prefixSuccessor ?? [])
        }
        return out
    }

    /// Deletes a collection: its documents, text index and index file.
    public func deleteCollection(_ collectionName: String) throws {
        _ = try collection(collectionName)
        let db = database
        try db.collectionCreation.withLock { _ in
            var batch = WriteBatch()
            batch.delete(KeySpace.collectionConfig(name, collectionName))
            try db.engine.write(batch)
            db.collections.drop(namespace: name, name: collectionName)
            try db.engine.purge(KeySpace.collection(name, collectionName))
            try db.engine.fs.remove(CollectionState.indexPath(databasePath: db.filesDirectory, namespace: name, collection: collectionName))
        }
    }
}
