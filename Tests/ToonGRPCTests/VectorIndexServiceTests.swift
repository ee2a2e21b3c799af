import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ToonDB
@testable import ToonGRPC
import ToonTestSupport

/// The VectorIndexService through the Swift client (``GRPCConnection``)
/// against an in-process server: every RPC, and the status of each bad request.
@Suite(.serialized) struct VectorIndexServiceTests {
    /// `n` reproducible vectors of `dim` floats.
    static func vectors(_ n: Int, _ dim: Int, seed: UInt64 = 1) -> [[Float]] {
        var state = seed
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000 - 1000) / 1000
        }
        return (0..<n).map { _ in (0..<dim).map { _ in next() } }
    }

    /// A client of the test server. Its deadline is generous: the debug build
    /// shares two cores with the rest of the suite, and an RPC that took the
    /// default 10 s there once failed a run (a slow machine, not a fault).
    static func connect(_ s: GRPCTestServer) throws -> GRPCConnection {
        try GRPCConnection.connect(s.address, timeout: .seconds(120))
    }

    static func code(_ body: () async throws -> Void) async -> ErrorCode? {
        do {
            try await body()
            return nil
        } catch let e as ToonDBError {
            return e.code
        } catch {
            return .internalError
        }
    }

    @Test func everyRPCWorks() async throws {
        let s = try await GRPCTestServer.start()
        defer { s.stop() }
        let c = try Self.connect(s)
        defer { c.close() }

        var h = try await c.health()
        #expect(h.status == .serving && h.indexes.isEmpty && h.version.hasPrefix("toondb-grpc-server"))

        let info = try await c.createIndex("vecs", dimension: 16, metric: .euclidean, m: 8, efConstruction: 64, efSearch: 40)
        #expect(info.name == "vecs" && info.dimension == 16 && info.metric == .l2)
        #expect(info.config.maxConnections == 8 && info.config.maxConnectionsLayer0 == 16 && info.config.efSearch == 40)

        let rows = Self.vectors(300, 16)
        #expect(try await c.insert(into: "vecs", ids: (0..<200).map { UInt64($0) + 1 }, vectors: Array(rows[..<200])) == 200)
        let streamed = try await c.insertStream(into: "vecs", ids: (200..<300).map { UInt64($0) + 1 }, vectors: Array(rows[200...]))
        #expect(streamed.inserted == 100 && streamed.errors.isEmpty)

        for probe in [0, 150, 299] {
            let hits = try await c.search("vecs", query: rows[probe], k: 3)
            #expect(hits.count == 3 && hits[0].id == UInt64(probe) + 1 && abs(hits[0].distance) < 1e-4, "\(hits)")
            #expect(hits.map(\.distance) == hits.map(\.distance).sorted())
        }
        let batch = try await c.searchBatch("vecs", queries: [rows[5], rows[250]], k: 2, ef: 80)
        #expect(batch.map { $0.first?.id } == [6, 251])

        let stats = try await c.stats("vecs")
        #expect(stats.numVectors == 300 && stats.dimension == 16 && stats.memoryBytes > 300 * 16 * 4)

        h = try await c.health()
        #expect(h.indexes == ["vecs"])
        #expect(try await c.health(index: "vecs").status == .serving)
        #expect(try await c.health(index: "other").status == .notServing)

        try await c.dropIndex("vecs")
        #expect(try await c.health().indexes.isEmpty)
    }

    @Test func badRequestsGetTheRightStatus() async throws {
        let s = try await GRPCTestServer.start()
        defer { s.stop() }
        let c = try Self.connect(s)
        defer { c.close() }
        try await c.createIndex("idx", dimension: 4)
        try await c.insert(into: "idx", ids: [7], vectors: [[1, 0, 0, 0]])

        #expect(await Self.code { try await c.createIndex("idx", dimension: 4) } == .alreadyExists)
        #expect(await Self.code { try await c.createIndex("zero", dimension: 0) } == .invalidArgument)
        #expect(await Self.code { try await c.createIndex("bad/name", dimension: 4) } == .invalidArgument)
        #expect(await Self.code { try await c.createIndex("", dimension: 4) } == .invalidArgument)
        #expect(await Self.code { try await c.createIndex("bigm", dimension: 4, m: 100_000) } == .invalidArgument)
        #expect(await Self.code { try await c.dropIndex("missing") } == .notFound)
        #expect(await Self.code { try await c.insert(into: "missing", ids: [1], vectors: [[1, 0, 0, 0]]) } == .notFound)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [1], vectors: [[1, 0, 0]]) } == .invalidArgument)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [1, 2], vectors: [[1, 0, 0, 0]]) } == .invalidArgument)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [7], vectors: [[0, 1, 0, 0]]) } == .alreadyExists)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [8, 8], vectors: [[0, 1, 0, 0], [0, 0, 1, 0]]) } == .invalidArgument)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [9], vectors: [[0, 0, 0, 0]]) } == .invalidArgument)
        #expect(await Self.code { try await c.insert(into: "idx", ids: [9], vectors: [[.infinity, 0, 0, 0]]) } == .invalidArgument)
        #expect(await Self.code { _ = try await c.search("idx", query: [1, 0], k: 1) } == .invalidArgument)
        #expect(await Self.code { _ = try await c.search("idx", query: [1, 0, 0, 0], k: 0) } == .invalidArgument)
        #expect(await Self.code { _ = try await c.search("missing", query: [1, 0, 0, 0], k: 1) } == .notFound)
        #expect(await Self.code { _ = try await c.searchBatch("idx", queries: [[1, 0, 0]], k: 1) } == .invalidArgument)
        #expect(await Self.code { _ = try await c.stats("missing") } == .notFound)
        #expect(await Self.code { _ = try await c.insertStream(into: "missing", ids: [1], vectors: [[1, 0, 0, 0]]) } == .notFound)

        // A batch refused as a whole inserts nothing.
        #expect(try await c.stats("idx").numVectors == 1)

        // The message names the index and the dimensions.
        do {
            _ = try await c.search("idx", query: [1, 0], k: 1)
            Issue.record("a 2-dimensional query on a 4-dimensional index succeeded")
        } catch let e as ToonDBError {
            #expect(e.message.contains("\"idx\"") && e.message.contains("4") && e.message.contains("2 dimensions"), "\(e)")
        }
    }

    @Test func insertStreamSkipsAndReportsBadVectors() async throws {
        let s = try await GRPCTestServer.start()
        defer { s.stop() }
        let c = try Self.connect(s)
        defer { c.close() }
        try await c.createIndex("st", dimension: 3, metric: .dotProduct)
        let r = try await c.insertStream(into: "st", ids: [1, 2, 3, 2, 4],
                                         vectors: [[1, 0, 0], [0, 1, 0], [1, 1], [0, 0, 1], [.nan, 0, 0]])
        #expect(r.inserted == 2, "\(r)")
        #expect(r.errors.count == 3 && r.errors[0].hasPrefix("id 3:") && r.errors[1].hasPrefix("id 2:") && r.errors[2].hasPrefix("id 4:"),
                "\(r.errors)")
        let hits = try await c.search("st", query: [0, 2, 0], k: 2)
        #expect(hits.map(\.id) == [2, 1] && hits[0].distance == -2, "dot product distance is −(a·b): \(hits)")
    }

    @Test func indexesPersistInTheDatabase() async throws {
        let dir = TemporaryDirectory("toondb-grpc-persist")
        let path = dir.file("db")
        let rows = Self.vectors(50, 8, seed: 9)
        do {
            let s = try await GRPCTestServer.start(path: path)
            let c = try Self.connect(s)
            try await c.createIndex("kept", dimension: 8, metric: .cosine, efSearch: 77)
            try await c.insert(into: "kept", ids: (1...50).map { UInt64($0) }, vectors: rows)
            c.close()
            s.stop()
        }
        let db = try Database.open(path)
        let collection = try db.namespace(VectorIndexStore.namespaceName).collection("kept")
        #expect(collection.count == 50 && collection.config.dimension == 8)
        try db.close()
        let s = try await GRPCTestServer.start(path: path)
        defer { s.stop() }
        #expect(try s.server.store.settings("kept").efSearch == 77)
        let c = try Self.connect(s)
        defer { c.close() }
        #expect(try await c.search("kept", query: rows[17], k: 1).first?.id == 18)
    }

    @Test func connectingToNothingFailsClearly() throws {
        // A port nothing listens on: bind one, note it, close it.
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(s)
        #expect(throws: ToonDBError.self) { try GRPCConnection.connect("127.0.0.1:\(port)", timeout: .seconds(3)) }
        do {
            _ = try GRPCConnection.connect("127.0.0.1:\(port)", timeout: .seconds(3))
        } catch let e as ToonDBError {
            #expect(e.code == .ioError && e.message.contains("127.0.0.1:\(port)"), "\(e)")
        }
    }
}
