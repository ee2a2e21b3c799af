import Foundation
import Synchronization
import ToonCore
import ToonDB

/// The named vector indexes `toondb-grpc-server` serves: each is a
/// ``VectorCollection`` of the database's `grpc` namespace, whose document ids are
/// the vectors' u64 ids in decimal. What a collection does not keep (the
/// default search breadth, the creation time) is a small record in the same
/// namespace's key space, under `index/<name>`.
///
/// Every method is synchronous and thread-safe; errors are ``ToonDBError``s
/// naming the index and the value at fault.
public final class VectorIndexStore: Sendable {
    /// The namespace holding the indexes.
    public static let namespaceName = "grpc"

    /// An index's settings.
    public struct IndexSettings: Sendable, Equatable {
        public var name: String
        public var dimension: Int
        public var metric: VectorMetric
        public var m: Int
        public var efConstruction: Int
        /// The search breadth used when a search gives none (0: max(k, 64)).
        public var efSearch: Int
        /// Seconds since 1970.
        public var createdAt: UInt64
    }

    /// An index's size.
    public struct IndexStatistics: Sendable, Equatable {
        public var vectorCount: Int
        public var dimension: Int
        /// An estimate of the memory the vectors and their base-layer links take.
        public var estimatedMemoryBytes: Int
    }

    /// The database the indexes live in.
    public let database: Database
    let namespace: Namespace
    private let open = Mutex<[String: (VectorCollection, IndexSettings)]>([:])

    /// Opens (creating when missing) the `grpc` namespace of `database`.
    public init(database: Database) throws {
        self.database = database
        self.namespace = try database.namespaceCreatingIfMissing(Self.namespaceName)
    }

    /// Creates an empty index; `alreadyExists` when the name is taken,
    /// `invalidArgument` for a bad name, dimension or parameter.
    @discardableResult
    public func create(name: String, dimension: Int, metric: VectorMetric, m: Int, mLayer0: Int,
                       efConstruction: Int, efSearch: Int) throws -> IndexSettings {
        try NameRules.check(name, kind: "index")
        if dimension <= 0 {
            throw ToonDBError(.invalidArgument, "index \"\(name)\": the dimension must be at least 1, not \(dimension)",
                              remediation: "give the length of your vectors, e.g. 768")
        }
        if mLayer0 != 0 && mLayer0 != 2 * m {
            throw ToonDBError(.invalidArgument,
                              "index \"\(name)\": max_connections_layer0 \(mLayer0) is not 2 × max_connections (\(2 * m))",
                              remediation: "leave max_connections_layer0 at 0; ToonDB's base layer always holds 2 × M links")
        }
        if efSearch < 0 {
            throw ToonDBError(.invalidArgument, "index \"\(name)\": ef_search must not be negative, not \(efSearch)")
        }
        let config = CollectionConfig(name: name, dimension: dimension, metric: metric, m: m, efConstruction: efConstruction)
        let collection: VectorCollection
        do {
            collection = try namespace.createCollection(config)
        } catch var e as ToonDBError where e.code == .alreadyExists {
            e.message = "index \"\(name)\" already exists"
            e.remediation = "drop it first (DropIndex) or choose another name"
            throw e
        } catch let e as ToonDBError {
            throw Self.inIndexTerms(e)
        }
        let settings = IndexSettings(name: name, dimension: dimension, metric: metric, m: m, efConstruction: efConstruction,
                                     efSearch: efSearch, createdAt: UInt64(Date().timeIntervalSince1970))
        do {
            try namespace.put(Self.settingsKey(name), Self.encode(settings))
        } catch {
            try? namespace.deleteCollection(name)
            throw error
        }
        open.withLock { $0[name] = (collection, settings) }
        return settings
    }

    /// Removes an index and its vectors; `notFound` when there is none.
    public func drop(name: String) throws {
        try NameRules.check(name, kind: "index")
        open.withLock { $0[name] = nil }
        do {
            try namespace.deleteCollection(name)
        } catch var e as ToonDBError where e.code == .notFound {
            e.message = "index \"\(name)\" does not exist"
            e.remediation = "list the indexes with HealthCheck"
            throw e
        }
        try namespace.delete(Self.settingsKey(name))
    }

    /// The names of every index, sorted.
    public func names() throws -> [String] {
        try namespace.listCollections().map(\.name)
    }

    /// The settings of index `name`; `notFound` when there is none.
    public func settings(_ name: String) throws -> IndexSettings { try index(name).1 }

    /// Adds `ids.count` vectors laid row after row in `vectors`, all or none.
    /// `invalidArgument` when `vectors` is not `ids.count × dimension` long or
    /// a vector is bad; `alreadyExists` for an id the index holds.
    public func insert(into name: String, ids: [UInt64], vectors: [Float]) throws -> Int {
        let (collection, settings) = try index(name)
        let dim = settings.dimension
        guard vectors.count == ids.count * dim else {
            throw ToonDBError(.invalidArgument,
                              "index \"\(name)\" has dimension \(dim): \(ids.count) ids need \(ids.count * dim) floats, got \(vectors.count)",
                              remediation: "send the vectors flattened row after row, one per id")
        }
        let documents = ids.indices.map { i in
            CollectionDocument(id: String(ids[i]), vector: Array(vectors[i * dim ..< (i + 1) * dim]))
        }
        do {
            try collection.insertBatch(documents)
        } catch var e as ToonDBError where e.code == .alreadyExists {
            e = Self.inIndexTerms(e)
            e.remediation = "ids are unique in an index; drop the index or use new ids"
            throw e
        } catch let e as ToonDBError {
            throw Self.inIndexTerms(e)
        }
        return ids.count
    }

    /// The `k` nearest vectors to `query`, nearest first, as (id, distance);
    /// `ef` 0 uses the index's default breadth.
    public func search(_ name: String, query: [Float], k: Int, ef: Int) throws -> [(id: UInt64, distance: Float)] {
        let (collection, settings) = try index(name)
        let breadth = ef > 0 ? ef : settings.efSearch
        let hits: [SearchResult]
        do {
            hits = try collection.search(vector: query, k: k, efSearch: breadth > 0 ? max(breadth, k) : nil)
        } catch let e as ToonDBError {
            throw Self.inIndexTerms(e)
        }
        return try hits.map { hit in
            guard let id = UInt64(hit.id) else {
                throw ToonDBError(.corruption, "index \"\(name)\" holds a document \"\(hit.id)\" whose id is not a u64",
                                  remediation: "the collection grpc/\(name) was written through another API; keep gRPC indexes to gRPC")
            }
            return (id, Float(hit.distance))
        }
    }

    /// The size of index `name`.
    public func statistics(_ name: String) throws -> IndexStatistics {
        let (collection, settings) = try index(name)
        let count = collection.count
        // Per vector: its floats, 2 × M base-layer links of 4 bytes, an 8-byte label.
        let perVector = settings.dimension * 4 + 2 * settings.m * 4 + 8
        return IndexStatistics(vectorCount: count, dimension: settings.dimension, estimatedMemoryBytes: count * perVector)
    }

    /// The collection and settings of index `name`; `notFound` when there is none.
    func index(_ name: String) throws -> (VectorCollection, IndexSettings) {
        if let hit = open.withLock({ $0[name] }) { return hit }
        try NameRules.check(name, kind: "index")
        let collection: VectorCollection
        do {
            collection = try namespace.collection(name)
        } catch var e as ToonDBError where e.code == .notFound {
            e.message = "index \"\(name)\" does not exist"
            e.remediation = "create it with CreateIndex first"
            throw e
        }
        let c = collection.config
        var settings = IndexSettings(name: name, dimension: c.dimension, metric: c.metric, m: c.m,
                                     efConstruction: c.efConstruction, efSearch: 0, createdAt: 0)
        if let bytes = try namespace.get(Self.settingsKey(name)), let v = try? Value(binary: bytes) {
            settings.efSearch = Int(v["efSearch"]?.intValue ?? 0)
            settings.createdAt = UInt64(max(0, v["createdAt"]?.intValue ?? 0))
        }
        open.withLock { $0[name] = (collection, settings) }
        return (collection, settings)
    }

    /// A collection's error told in the words of a gRPC client: an index and ids, not a collection and documents.
    static func inIndexTerms(_ e: ToonDBError) -> ToonDBError {
        var e = e
        e.message = e.message.replacingOccurrences(of: "collection \"", with: "index \"")
            .replacingOccurrences(of: "document \"", with: "id \"")
            .replacingOccurrences(of: "the vector of \"", with: "the vector of id \"")
            .replacingOccurrences(of: " in namespace \"\(namespaceName)\"", with: "")
        return e
    }

    static func settingsKey(_ name: String) -> String { "index/" + name }

    static func encode(_ s: IndexSettings) -> [UInt8] {
        let v: Value = ["efSearch": .int(Int64(s.efSearch)), "createdAt": .int(Int64(s.createdAt))]
        return v.binaryEncoded
    }
}
