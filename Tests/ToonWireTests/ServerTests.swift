#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonWire

/// ``IpcServer`` and ``IpcClient`` over a real socket.
@Suite struct ServerTests {
    @Test func clientSpeaksEveryOperation() throws {
        let h = try ServerHarness()
        let c = try h.client()
        _ = try c.ping()
        try c.put("k", "v")
        #expect(try c.getString("k") == "v")
        #expect(try c.get("missing") == nil)
        try c.delete("k")
        #expect(try c.get("k") == nil)
        try c.putPath("users/alice/name", "Alice")
        try c.putPath(["users", "bob", "name"], "Bob")
        #expect(try c.getPath("users/alice/name") == Array("Alice".utf8))
        #expect(try c.getString("users/bob/name") == "Bob")
        #expect(try c.scan("users/").map { String(decoding: $0.key, as: UTF8.self) } == ["users/alice/name", "users/bob/name"])
        #expect(try c.query("users", columns: ["name"]) == "result[2]{name}:Alice;Bob")
        let t = try c.beginTransaction()
        #expect(t == 1)
        #expect(try c.commit(t) > 0)
        #expect(throws: ToonDBError.self) { try c.commit(t) }
        do { try c.abort(42); Issue.record("abort of an unknown transaction succeeded") } catch let e as ToonDBError {
            #expect(e.code == .transactionClosed && e.message.contains("Transaction not found: 42"))
        }
        let t2 = try c.beginTransaction()
        #expect(t2 == 2)
        try c.abort(t2)
        try c.createTable("people", columns: [.init(name: "id", type: .int64), .init(name: "name", type: .text)])
        #expect(try c.query("people") == "[]")
        try c.checkpoint()
        let s = try c.stats()
        #expect(s["connections_total"] == 1 && s["connections_active"] == 1 && s["active_transactions"] == 0)
        #expect((s["requests_total"] ?? 0) >= 20 && s["requests_error"] == 2)
        c.close()
        #expect(throws: ToonDBError.self) { try c.ping() }
        // The data is in the embedded database.
        #expect(try h.db.getString("users/alice/name") == "Alice")
    }

    @Test func socketIsPrivate() throws {
        let h = try ServerHarness()
        var st = stat()
        #expect(lstat(h.socket, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(st.st_mode & S_IFMT == S_IFSOCK)
    }

    @Test func manyClientsAreServedAtOnce() async throws {
        let h = try ServerHarness()
        let clients = 64, rounds = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<clients {
                group.addTask {
                    let c = try h.client()
                    for i in 0..<rounds {
                        try c.put("c\(w):\(i)", "value \(w) \(i)")
                        #expect(try c.getString("c\(w):\(i)") == "value \(w) \(i)")
                    }
                    #expect(try c.scan("c\(w):").count == rounds)
                    c.close()
                }
            }
            try await group.waitForAll()
        }
        #expect(h.server.stats.totalConnections == UInt64(clients))
        #expect(try h.db.scanPrefix("c").toArray().count == clients * rounds)
    }

    @Test func connectionsPastTheLimitAreClosedWithoutAReply() throws {
        let h = try ServerHarness(maxClients: 2)
        let a = try h.client(), b = try h.client()
        _ = try a.ping()
        _ = try b.ping()
        let extra = try h.raw()
        #expect(extra.isClosedByServer())
        let c = try h.client()
        #expect(throws: ToonDBError.self) { try c.ping() }
        a.close()
        h.waitForActive(1)
        let d = try h.client()
        _ = try d.ping()
        _ = try b.ping()
    }

    @Test func idleConnectionsAreClosed() throws {
        let h = try ServerHarness(idleTimeoutMilliseconds: 500)
        let quiet = try h.raw()
        #expect(quiet.isClosedByServer())          // after 500 ms of silence
        let c = try h.client()
        for _ in 0..<4 { _ = try c.ping(); usleep(100_000) }   // active clients stay
    }

    @Test func badFramesCloseOnlyTheirConnection() throws {
        let h = try ServerHarness()
        let good = try h.client()
        try good.put("keep", "me")

        let unknown = try h.raw()                  // unknown opcode: ERROR, connection stays
        unknown.send([0x42, 0, 0, 0, 0])
        #expect(unknown.reply() == .error("Unknown opcode: 0x42"))
        unknown.send(IpcFrame(IpcOpcode.ping).encoded)
        #expect(unknown.reply() == IpcFrame(IpcOpcode.pong))

        let big = try h.raw()                      // length over 16 MiB: closed, no reply
        big.send([IpcOpcode.put] + [0x01, 0x00, 0x00, 0x01])
        #expect(big.isClosedByServer())
        let exact = try h.raw()                    // exactly 16 MiB is allowed
        exact.send(IpcFrame(IpcOpcode.ping, [UInt8](repeating: 7, count: IpcFrame.maxPayload)).encoded)
        #expect(exact.reply() == IpcFrame(IpcOpcode.pong))

        let garbage = try h.raw()                  // text is a frame with a huge length
        garbage.send(Array("GARBAGE BYTES\r\n".utf8))
        #expect(garbage.isClosedByServer())

        do {                                       // disconnects inside the header and inside the payload
            let r1 = try h.raw(); r1.send([IpcOpcode.put, 10, 0])
            let r2 = try h.raw(); r2.send([IpcOpcode.put, 10, 0, 0, 0, 1, 2, 3])
        }
        let truncatedThenSilent = try h.raw()
        truncatedThenSilent.send([IpcOpcode.get, 5, 0, 0, 0, 1])

        #expect(try good.getString("keep") == "me")
        let fresh = try h.client()
        _ = try fresh.ping()
        #expect(try fresh.getString("keep") == "me")
    }

    @Test func hostileSQLDoesNotOverflowAConnectionThread() throws {
        let h = try ServerHarness()
        let c = try h.client()
        let deep = "SELECT " + String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        let r = try c.roundTrip(IpcFrame(IpcOpcode.executeSQL, Array(deep.utf8)))
        #expect(r.opcode == IpcOpcode.value && String(decoding: r.payload, as: UTF8.self).hasPrefix(#"{"error":"#))
        let nested = "SELECT " + String(repeating: "-", count: 20_000) + "1"
        _ = try c.roundTrip(IpcFrame(IpcOpcode.executeSQL, Array(nested.utf8)))
        _ = try c.ping()
    }

    @Test func fuzzedFramesLeaveTheServerServing() throws {
        let h = try ServerHarness()
        var rng = SeededGenerator(seed: 0x70_6f_6e_64_62)
        let replies: Set<UInt8> = [IpcOpcode.ok, IpcOpcode.error, IpcOpcode.value, IpcOpcode.transactionID,
                                   IpcOpcode.statsResponse, IpcOpcode.pong]
        var conn = try h.raw()
        var counts: [UInt8: Int] = [:]
        for i in 0..<10_000 {
            // Mostly the protocol's opcodes (CHECKPOINT rarely: it syncs), sometimes any byte.
            var op = UInt8.random(in: 0x01...0x0F, using: &rng)
            if op == IpcOpcode.checkpoint && i % 50 != 0 { op = IpcOpcode.get }
            if Int.random(in: 0..<10, using: &rng) == 0 { op = UInt8.random(in: 0...255, using: &rng) }
            var payload = (0..<Int.random(in: 0...48, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if Bool.random(using: &rng), payload.count >= 4 {
                // A plausible prefix: small lengths, so that decoders get further in.
                payload[0] = UInt8.random(in: 0...8, using: &rng); payload[1] = 0
            }
            if i % 1000 == 999 {
                // A frame-level error every thousand frames: the connection is closed; open another.
                conn.send([op, 0xff, 0xff, 0xff, 0x7f])
                #expect(conn.isClosedByServer())
                conn = try h.raw()
                continue
            }
            conn.send(IpcFrame(op, payload).encoded)
            guard let reply = conn.reply() else {
                Issue.record("frame \(i) (op \(op), \(payload.count) bytes) got no reply")
                conn = try h.raw()
                continue
            }
            #expect(replies.contains(reply.opcode), "frame \(i): reply opcode \(reply.opcode)")
            counts[reply.opcode, default: 0] += 1
        }
        #expect((counts[IpcOpcode.error] ?? 0) > 1000 && (counts[IpcOpcode.ok] ?? 0) > 100 && (counts[IpcOpcode.value] ?? 0) > 100)
        // Alive and correct afterwards.
        let c = try h.client()
        for i in 0..<100 { try c.put("after/\(i)", "v\(i)") }
        for i in 0..<100 { #expect(try c.getString("after/\(i)") == "v\(i)") }
        #expect(try c.scan("after/").count == 100)
        let s = try c.stats()
        #expect(s["requests_total"]! >= 9_990)
    }

    @Test func staleSocketIsReplacedAndLiveOneRefused() throws {
        let dir = TemporaryDirectory("toondb-wire")
        let path = dir.file("s.sock")
        // A socket file nobody listens on, as a killed server leaves it.
        let fd = try UnixSocket.listen(path, backlog: 1)
        sysClose(fd)
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        let server = IpcServer(database: db, configuration: .init(socketPath: path))
        try server.start()
        defer { server.stop() }
        _ = try IpcClient.connect(path).ping()

        // A second server on the same socket path is refused while the first listens.
        let db2 = try Database.open(dir.file("db2"))
        defer { try? db2.close() }
        let second = IpcServer(database: db2, configuration: .init(socketPath: path))
        #expect { try second.start() } throws: { ($0 as? ToonDBError)?.code == .locked }
        _ = try IpcClient.connect(path).ping()

        // A path that is not a socket is left alone.
        let file = dir.file("plain")
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let third = IpcServer(database: db2, configuration: .init(socketPath: file))
        #expect { try third.start() } throws: { ($0 as? ToonDBError)?.code == .alreadyExists }
        #expect(FileManager.default.contents(atPath: file) == Data("x".utf8))
    }

    @Test func stopAnswersTheRequestInFlightThenClosesEverything() throws {
        let h = try ServerHarness()
        let c = try h.client()
        try c.put("a", "1")
        let idle = try h.raw()
        idle.send(IpcFrame(IpcOpcode.ping).encoded)
        #expect(idle.reply() == IpcFrame(IpcOpcode.pong))
        h.server.stop()
        #expect(idle.isClosedByServer())
        #expect(throws: ToonDBError.self) { try c.ping() }
        #expect(!FileManager.default.fileExists(atPath: h.socket))
        #expect(h.server.stats.activeConnections == 0)
        #expect(throws: ToonDBError.self) { try IpcClient.connect(h.socket) }
    }

    @Test func connectToNothingIsAClearError() throws {
        let dir = TemporaryDirectory("toondb-wire")
        do {
            _ = try IpcClient.connect(dir.file("none.sock"))
            Issue.record("connected to a missing socket")
        } catch let e as ToonDBError {
            #expect(e.code == .ioError && e.message.contains("none.sock") && e.remediation?.contains("toondb-server") == true)
        }
    }
}
