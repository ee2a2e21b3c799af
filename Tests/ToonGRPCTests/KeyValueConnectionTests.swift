import Foundation
import Testing
import ToonConnect
import ToonDB
import ToonGRPC
import ToonTestSupport
import ToonWire

/// The same KV script against the three ``KeyValueConnection``s (README.md, "Connections and servers"):
/// an embedded ``Database``, an ``IpcClient`` to an in-process IpcServer and
/// a ``GRPCConnection`` to an in-process gRPC server, each obtained through
/// `connect(_:mode:)`.
@Suite(.serialized) struct KeyValueConnectionTests {
    /// The script: what every connection must do alike.
    static func exercise(_ c: any KeyValueConnection) throws {
        try c.put("user:1", "Alice")
        try c.put("user:2", "Bob")
        try c.put("other", "x")
        #expect(try c.get("user:1") == Array("Alice".utf8))
        #expect(try c.get("missing") == nil)
        try c.delete("user:2")
        try c.delete("never-there")
        #expect(try c.get("user:2") == nil)
        try c.putPath("users/alice/email", "a@example.com")
        #expect(try c.getPath("users/alice/email") == Array("a@example.com".utf8))
        #expect(try c.getPath("users/bob/email") == nil)
        try c.put("user:3", "Cy")
        let all = try c.scanPrefix("user:", limit: nil)
        #expect(all.map { String(decoding: $0.key, as: UTF8.self) } == ["user:1", "user:3"])
        #expect(all.map { String(decoding: $0.value, as: UTF8.self) } == ["Alice", "Cy"])
        #expect(try c.scanPrefix("user:", limit: 1).count == 1)
        #expect(try c.scanPrefix("nothing:", limit: nil).isEmpty)
        #expect(throws: ToonDBError.self) { try c.scanPrefix("user:", limit: -1) }
        #expect(!(try c.connectionStats()).isEmpty)
        #expect(throws: ToonDBError.self, "internal keys are refused") { try c.put("\u{0}n/grpc/x", "v") }
    }

    @Test func embedded() throws {
        let dir = TemporaryDirectory("toondb-conn")
        let c = try connect(dir.file("db"))
        defer { try? c.close() }
        #expect(c.connectionKind == .embedded && c is Database && c.supportsTransactions)
        try Self.exercise(c)
        try c.withTransaction { t in
            try t.put("t:1", "one")
            #expect(try t.get("t:1") == Array("one".utf8))
        }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try c.withTransaction { t in
                try t.put("t:2", "two")
                throw Boom()
            }
        }
        #expect(try c.get("t:1") != nil && c.get("t:2") == nil)
        try c.checkpoint()
    }

    @Test func ipc() throws {
        let dir = TemporaryDirectory("toondb-conn-ipc")
        let db = try Database.open(dir.file("db"))
        let socket = dir.file("kv.sock")
        let server = IpcServer(database: db, configuration: .init(socketPath: socket))
        try server.start()
        defer { server.stop(); try? db.close() }
        let c = try connect(socket)
        defer { try? c.close() }
        #expect(c.connectionKind == .ipc && c is IpcClient && !c.supportsTransactions)
        try Self.exercise(c)
        do {
            _ = try c.withTransaction { _ in Issue.record("the body ran on a connection without transactions") }
            Issue.record("withTransaction succeeded over IPC")
        } catch let e as ToonDBError {
            #expect(e.code == .invalidArgument && e.message.contains("PROTOCOL.md"))
        }
        try c.checkpoint()
        // The data went to the served database.
        #expect(try db.get("user:1") == Array("Alice".utf8))
    }

    @Test func grpc() async throws {
        let s = try await GRPCTestServer.start()
        defer { s.stop() }
        let c = try connect(s.address)
        defer { try? c.close() }
        #expect(c.connectionKind == .grpc && c is GRPCConnection && !c.supportsTransactions)
        try Self.exercise(c)
        #expect(throws: ToonDBError.self) { try c.withTransaction { _ in } }
        #expect(throws: ToonDBError.self) { try c.checkpoint() }
        // The data went to the served database's default key space, paths included.
        #expect(try s.database.get("user:1") == Array("Alice".utf8))
        #expect(try s.database.getPath("users/alice/email") == Array("a@example.com".utf8))
        try c.close()
        #expect(throws: ToonDBError.self) { try c.get("user:1") }
    }
}

/// How `connect(_:mode:)` reads its target.
@Suite struct ConnectTests {
    @Test func detection() {
        #expect(ConnectionMode.detect("./my_database") == .embedded)
        #expect(ConnectionMode.detect("/var/lib/toondb") == .embedded)
        #expect(ConnectionMode.detect("data") == .embedded)
        #expect(ConnectionMode.detect("/tmp/x.sock") == .ipc)
        #expect(ConnectionMode.detect("db/toondb.sock") == .ipc)
        #expect(ConnectionMode.detect("relative.sock") == .ipc)
        #expect(ConnectionMode.detect("localhost:50051") == .grpc)
        #expect(ConnectionMode.detect("127.0.0.1:50051") == .grpc)
        #expect(ConnectionMode.detect("[::1]:50051") == .grpc)
        #expect(ConnectionMode.detect("./dir:50051") == .embedded, "a path with a slash is a path")
        #expect(ConnectionMode.detect("name:abc") == .embedded)
        #expect(ConnectionMode.detect("::1:80") == .embedded, "an unbracketed IPv6 address is ambiguous")
        #expect(ConnectionMode.detect(":80") == .embedded)
    }

    @Test func modeOverridesDetection() throws {
        let dir = TemporaryDirectory("toondb-conn-mode")
        // A directory named like an address opens embedded when told so.
        let c = try connect(dir.file("host:1234"), mode: .embedded)
        #expect(c is Database)
        try c.close()
        // A database directory named like a socket, embedded.
        let d = try connect(dir.file("odd.sock"), mode: .embedded)
        #expect(d is Database)
        try d.close()
        // Forcing IPC on a path with no server fails as a connection error, not as a database open.
        #expect(throws: ToonDBError.self) { try connect(dir.file("nothing-here"), mode: .ipc) }
        #expect(throws: ToonDBError.self) { try connect("not an address", mode: .grpc) }
        #expect(throws: ToonDBError.self) { try connect("") }
    }
}
