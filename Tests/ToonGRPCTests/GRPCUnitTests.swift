import GRPCCore
import Testing
import ToonDB
@testable import ToonGRPC
import ToonTestSupport

/// The pure parts of ToonGRPC: addresses, metrics, status mapping.
@Suite struct GRPCUnitTests {
    @Test func addressesParse() throws {
        #expect(try GRPCConnection.parseAddress("127.0.0.1:50051") == ("127.0.0.1", 50051))
        #expect(try GRPCConnection.parseAddress("localhost:1") == ("localhost", 1))
        #expect(try GRPCConnection.parseAddress("[::1]:9000") == ("::1", 9000))
        for bad in ["", "host", "host:", ":80", "host:0", "host:65536", "host:x1", "::1:80", "[::1]80"] {
            #expect(throws: ToonDBError.self, "\(bad)") { try GRPCConnection.parseAddress(bad) }
        }
    }

    @Test func metricsMapBothWays() throws {
        for m in VectorMetric.allCases {
            #expect(try MetricMapping.metric(MetricMapping.proto(m)) == m)
        }
        #expect(try MetricMapping.metric(.unspecified) == .cosine)
        #expect(MetricMapping.name(.euclidean) == "euclidean" && MetricMapping.name(.dotProduct) == "dot_product")
        #expect(throws: RPCError.self) { try MetricMapping.metric(.UNRECOGNIZED(7)) }
    }

    @Test func errorsMapToStatusCodesAndBack() {
        let pairs: [(ErrorCode, RPCError.Code)] = [(.notFound, .notFound), (.alreadyExists, .alreadyExists),
                                                   (.invalidArgument, .invalidArgument), (.dimensionMismatch, .invalidArgument),
                                                   (.corruption, .dataLoss), (.ioError, .internalError)]
        for (code, status) in pairs {
            let rpc = RPCError(ToonDBError(code, "the thing", remediation: "do this"))
            #expect(rpc.code == status && rpc.message == "the thing (hint: do this)")
        }
        let back = ToonDBError(RPCError(code: .notFound, message: "index \"x\" does not exist"), calling: "Search")
        #expect(back.code == .notFound && back.message == "Search: index \"x\" does not exist")
        #expect(ToonDBError(RPCError(code: .unavailable, message: "down"), calling: "Get").code == .ioError)
    }

    @Test func serverRefusesBadAddresses() throws {
        let dir = TemporaryDirectory("toondb-grpc-unit")
        let db = try Database.open(dir.path + "/db")
        defer { try? db.close() }
        #expect(throws: ToonDBError.self) { try ToonGRPCServer(database: db, host: "example.com", port: 1) }
        #expect(throws: ToonDBError.self) { try ToonGRPCServer(database: db, host: "127.0.0.1", port: 70000) }
        #expect(throws: ToonDBError.self) { try ToonGRPCServer(database: db, host: "300.0.0.1", port: 1) }
        #expect(ToonGRPCServer.isIPv4("10.0.0.255") && !ToonGRPCServer.isIPv4("1.2.3") && !ToonGRPCServer.isIPv4("1.2.3.x"))
    }
}
