import Foundation
public import GRPCCore
import ToonCore
import ToonDB

/// The `sochdb.v1.VectorIndexService` of `Proto/toondb.proto` over a
/// ``VectorIndexStore``. Bad requests fail with the gRPC status a stock
/// client expects: `INVALID_ARGUMENT` (wrong dimension, k = 0, bad name or
/// parameter), `NOT_FOUND` (unknown index), `ALREADY_EXISTS` (taken index
/// name or vector id).
public struct VectorIndexService: Sochdb_V1_VectorIndexService.SimpleServiceProtocol {
    /// What `HealthCheck` reports as the server's version.
    public static let version = "toondb-grpc-server 0.1.0"
    /// How many streamed vectors `InsertStream` inserts at once.
    static let streamChunk = 1024

    /// The indexes served.
    public let store: VectorIndexStore

    /// Serves the indexes of `store`.
    public init(store: VectorIndexStore) {
        self.store = store
    }

    public func createIndex(request: Sochdb_V1_CreateIndexRequest, context: ServerContext) async throws
        -> Sochdb_V1_CreateIndexResponse {
        let metric = try MetricMapping.metric(request.metric)
        let c = request.config
        let m = c.maxConnections == 0 ? 16 : Int(c.maxConnections)
        let settings = try RPCError.mapping {
            try store.create(name: request.name, dimension: Int(request.dimension), metric: metric, m: m,
                             mLayer0: Int(c.maxConnectionsLayer0),
                             efConstruction: c.efConstruction == 0 ? 200 : Int(c.efConstruction),
                             efSearch: Int(c.efSearch))
        }
        var response = Sochdb_V1_CreateIndexResponse()
        response.success = true
        response.info = Self.info(settings)
        return response
    }

    public func dropIndex(request: Sochdb_V1_DropIndexRequest, context: ServerContext) async throws
        -> Sochdb_V1_DropIndexResponse {
        try RPCError.mapping { try store.drop(name: request.name) }
        var response = Sochdb_V1_DropIndexResponse()
        response.success = true
        return response
    }

    public func insertBatch(request: Sochdb_V1_InsertBatchRequest, context: ServerContext) async throws
        -> Sochdb_V1_InsertBatchResponse {
        let start = ContinuousClock.now
        let n = try RPCError.mapping { try store.insert(into: request.indexName, ids: request.ids, vectors: request.vectors) }
        var response = Sochdb_V1_InsertBatchResponse()
        response.insertedCount = UInt32(n)
        response.durationUs = Self.microseconds(since: start)
        return response
    }

    public func insertStream(request: RPCAsyncSequence<Sochdb_V1_InsertStreamRequest, any Error>,
                             context: ServerContext) async throws -> Sochdb_V1_InsertStreamResponse {
        let start = ContinuousClock.now
        var name: String?
        var pending: [(id: UInt64, vector: [Float])] = []
        var inserted = 0
        var errors: [String] = []
        for try await message in request {
            if name == nil {
                guard !message.indexName.isEmpty else {
                    throw RPCError(code: .invalidArgument, message: "the first InsertStream message must name the index (index_name)")
                }
                _ = try RPCError.mapping { try store.settings(message.indexName) }
                name = message.indexName
            } else if !message.indexName.isEmpty && message.indexName != name {
                errors.append("id \(message.id): index_name \"\(message.indexName)\" differs from the stream's index \"\(name!)\"; skipped")
                continue
            }
            pending.append((message.id, message.vector))
            if pending.count == Self.streamChunk {
                inserted += flush(name!, &pending, &errors)
            }
        }
        if let name { inserted += flush(name, &pending, &errors) }
        var response = Sochdb_V1_InsertStreamResponse()
        response.totalInserted = UInt32(inserted)
        response.errors = errors
        response.durationUs = Self.microseconds(since: start)
        return response
    }

    /// Inserts the buffered vectors as one batch; when the batch is refused,
    /// one by one, so that each bad vector is reported and the good ones kept.
    private func flush(_ name: String, _ pending: inout [(id: UInt64, vector: [Float])], _ errors: inout [String]) -> Int {
        defer { pending.removeAll(keepingCapacity: true) }
        guard !pending.isEmpty else { return 0 }
        let ids = pending.map(\.id)
        let flat = pending.flatMap(\.vector)
        if pending.allSatisfy({ $0.vector.count == pending[0].vector.count }),
           (try? store.insert(into: name, ids: ids, vectors: flat)) != nil {
            return pending.count
        }
        var n = 0
        for (id, vector) in pending {
            do {
                n += try store.insert(into: name, ids: [id], vectors: vector)
            } catch let e as ToonDBError {
                errors.append("id \(id): \(e.message)")
            } catch {
                errors.append("id \(id): \(error)")
            }
        }
        return n
    }

    public func search(request: Sochdb_V1_SearchRequest, context: ServerContext) async throws -> Sochdb_V1_SearchResponse {
        let start = ContinuousClock.now
        let settings = try RPCError.mapping { try store.settings(request.indexName) }
        let hits = try RPCError.mapping {
            try store.search(request.indexName, query: request.query, k: Int(request.k), ef: Int(request.ef))
        }
        var response = Sochdb_V1_SearchResponse()
        response.results = Self.results(hits, settings.metric)
        response.durationUs = Self.microseconds(since: start)
        return response
    }

    public func searchBatch(request: Sochdb_V1_SearchBatchRequest, context: ServerContext) async throws
        -> Sochdb_V1_SearchBatchResponse {
        let start = ContinuousClock.now
        let settings = try RPCError.mapping { try store.settings(request.indexName) }
        let dim = settings.dimension, n = Int(request.numQueries)
        guard request.queries.count == n * dim else {
            throw RPCError(code: .invalidArgument, message: """
                index "\(request.indexName)" has dimension \(dim): num_queries \(n) needs \(n * dim) floats, got \(request.queries.count)
                """)
        }
        var response = Sochdb_V1_SearchBatchResponse()
        for i in 0..<n {
            let query = Array(request.queries[i * dim ..< (i + 1) * dim])
            let hits = try RPCError.mapping {
                try store.search(request.indexName, query: query, k: Int(request.k), ef: Int(request.ef))
            }
            var one = Sochdb_V1_QueryResults()
            one.results = Self.results(hits, settings.metric)
            response.results.append(one)
        }
        response.durationUs = Self.microseconds(since: start)
        return response
    }

    public func getStats(request: Sochdb_V1_GetStatsRequest, context: ServerContext) async throws
        -> Sochdb_V1_GetStatsResponse {
        let s = try RPCError.mapping { try store.statistics(request.indexName) }
        var response = Sochdb_V1_GetStatsResponse()
        response.stats.numVectors = UInt64(s.vectorCount)
        response.stats.dimension = UInt32(s.dimension)
        response.stats.memoryBytes = UInt64(s.estimatedMemoryBytes)
        return response
    }

    public func healthCheck(request: Sochdb_V1_HealthCheckRequest, context: ServerContext) async throws
        -> Sochdb_V1_HealthCheckResponse {
        var response = Sochdb_V1_HealthCheckResponse()
        response.version = Self.version
        response.indexes = try RPCError.mapping { try store.names() }
        let wanted = request.indexName
        response.status = wanted.isEmpty || response.indexes.contains(wanted) ? .serving : .notServing
        return response
    }

    static func info(_ s: VectorIndexStore.IndexSettings) -> Sochdb_V1_IndexInfo {
        var info = Sochdb_V1_IndexInfo()
        info.name = s.name
        info.dimension = UInt32(s.dimension)
        info.metric = MetricMapping.proto(s.metric)
        info.config.maxConnections = UInt32(s.m)
        info.config.maxConnectionsLayer0 = UInt32(2 * s.m)
        info.config.efConstruction = UInt32(s.efConstruction)
        info.config.efSearch = UInt32(s.efSearch)
        info.createdAt = s.createdAt
        return info
    }

    static func results(_ hits: [(id: UInt64, distance: Float)], _ metric: VectorMetric) -> [Sochdb_V1_SearchResult] {
        let name = MetricMapping.name(metric)
        return hits.map { hit in
            var r = Sochdb_V1_SearchResult()
            r.id = hit.id
            r.distance = hit.distance
            r.metric = name
            return r
        }
    }

    static func microseconds(since start: ContinuousClock.Instant) -> UInt64 {
        let d = ContinuousClock.now - start
        return UInt64(d.components.seconds) * 1_000_000 + UInt64(d.components.attoseconds / 1_000_000_000_000)
    }
}
