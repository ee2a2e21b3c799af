internal import GRPCCore
import ToonCore
import ToonDB
import ToonIndex

extension GRPCConnection {
    var vectors: Sochdb_V1_VectorIndexService.Client<Transport> { .init(wrapping: client) }

    /// Creates an empty index (`alreadyExists` when the name is taken).
    /// `efSearch` 0: searches without an `ef` use max(k, 64).
    @discardableResult
    public func createIndex(_ name: String, dimension: Int, metric: VectorMetric = .cosine, m: Int = 16,
                            efConstruction: Int = 200, efSearch: Int = 0) async throws -> Sochdb_V1_IndexInfo {
        var r = Sochdb_V1_CreateIndexRequest()
        r.name = name
        r.dimension = try Self.u32(dimension, "dimension")
        r.metric = MetricMapping.proto(metric)
        r.config.maxConnections = try Self.u32(m, "m")
        r.config.efConstruction = try Self.u32(efConstruction, "efConstruction")
        r.config.efSearch = try Self.u32(efSearch, "efSearch")
        return try await call("CreateIndex") { try await vectors.createIndex(r, options: options) }.info
    }

    /// Removes an index (`notFound` when there is none).
    public func dropIndex(_ name: String) async throws {
        var r = Sochdb_V1_DropIndexRequest()
        r.name = name
        _ = try await call("DropIndex") { try await vectors.dropIndex(r, options: options) }
    }

    /// Adds one vector per id in one call, all or none; returns the count inserted.
    @discardableResult
    public func insert(into name: String, ids: [UInt64], vectors rows: [[Float]]) async throws -> Int {
        var r = Sochdb_V1_InsertBatchRequest()
        r.indexName = name
        r.ids = ids
        r.vectors = rows.flatMap { $0 }
        return Int(try await call("InsertBatch") { try await vectors.insertBatch(r, options: options) }.insertedCount)
    }

    /// Streams one vector per message; returns the count inserted and the
    /// server's message for each vector it refused.
    public func insertStream(into name: String, ids: [UInt64], vectors rows: [[Float]]) async throws
        -> (inserted: Int, errors: [String]) {
        guard ids.count == rows.count else {
            throw ToonDBError(.invalidArgument, "\(ids.count) ids for \(rows.count) vectors")
        }
        let response = try await call("InsertStream") {
            try await vectors.insertStream(options: options, requestProducer: { writer in
                for (i, row) in rows.enumerated() {
                    var m = Sochdb_V1_InsertStreamRequest()
                    if i == 0 { m.indexName = name }
                    m.id = ids[i]
                    m.vector = row
                    try await writer.write(m)
                }
            })
        }
        return (Int(response.totalInserted), response.errors)
    }

    /// The `k` nearest vectors to `query`, nearest first (`ef` 0: the index's default).
    public func search(_ name: String, query: [Float], k: Int, ef: Int = 0) async throws -> [(id: UInt64, distance: Float)] {
        var r = Sochdb_V1_SearchRequest()
        r.indexName = name
        r.query = query
        r.k = try Self.u32(k, "k")
        r.ef = try Self.u32(ef, "ef")
        return try await call("Search") { try await vectors.search(r, options: options) }.results.map { ($0.id, $0.distance) }
    }

    /// One ``search(_:query:k:ef:)`` per query, in one call.
    public func searchBatch(_ name: String, queries: [[Float]], k: Int, ef: Int = 0) async throws
        -> [[(id: UInt64, distance: Float)]] {
        var r = Sochdb_V1_SearchBatchRequest()
        r.indexName = name
        r.queries = queries.flatMap { $0 }
        r.numQueries = try Self.u32(queries.count, "the number of queries")
        r.k = try Self.u32(k, "k")
        r.ef = try Self.u32(ef, "ef")
        return try await call("SearchBatch") { try await vectors.searchBatch(r, options: options) }
            .results.map { $0.results.map { ($0.id, $0.distance) } }
    }

    /// The size of an index.
    public func stats(_ name: String) async throws -> Sochdb_V1_IndexStats {
        var r = Sochdb_V1_GetStatsRequest()
        r.indexName = name
        return try await call("GetStats") { try await vectors.getStats(r, options: options) }.stats
    }

    /// The server's health, version and index names (with `index`: NOT_SERVING when it is missing).
    public func health(index: String = "") async throws -> Sochdb_V1_HealthCheckResponse {
        var r = Sochdb_V1_HealthCheckRequest()
        r.indexName = index
        return try await call("HealthCheck") { try await vectors.healthCheck(r, options: options) }
    }

    static func u32(_ v: Int, _ what: String) throws -> UInt32 {
        guard let u = UInt32(exactly: v) else {
            throw ToonDBError(.invalidArgument, "\(what) \(v) is not in 0…\(UInt32.max)")
        }
        return u
    }
}
