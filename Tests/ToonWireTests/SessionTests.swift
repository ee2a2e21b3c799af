import Foundation
import Testing
import ToonDB
import ToonTestSupport
@testable import ToonWire

/// ``IpcSession`` without sockets: each opcode's reply, byte for byte where
/// the protocol fixes it.
@Suite struct SessionTests {
    final class Fixture {
        let dir = TemporaryDirectory("toondb-wire")
        let db: Database
        let session: IpcSession
        init() throws {
            db = try Database.open(dir.file("db"))
            session = IpcSession(database: db, stats: ServerStats())
        }
        deinit { try? db.close() }

        func send(_ op: UInt8, _ payload: [UInt8] = []) -> IpcFrame {
            let f = IpcFrame(op, payload)
            session.stats.received(f)
            let r = session.handle(f)
            session.stats.sent(r)
            return r
        }
        func send(_ op: UInt8, _ text: String) -> IpcFrame { send(op, Array(text.utf8)) }
    }

    func u64(_ v: UInt64) -> [UInt8] { var p = [UInt8](); p.appendLE(v); return p }
    func text(_ f: IpcFrame) -> String { String(decoding: f.payload, as: UTF8.self) }

    @Test func keyValueOperations() throws {
        let f = try Fixture()
        #expect(f.send(IpcOpcode.ping) == IpcFrame(IpcOpcode.pong))
        #expect(f.send(IpcOpcode.ping, "ignored") == IpcFrame(IpcOpcode.pong))
        #expect(f.send(IpcOpcode.put, IpcPayload.put(key: Array("k".utf8), value: Array("v".utf8))) == .ok)
        #expect(f.send(IpcOpcode.get, "k") == .value(Array("v".utf8)))
        #expect(f.send(IpcOpcode.get, "missing") == .value([]))
        #expect(f.send(IpcOpcode.delete, "k") == .ok)
        #expect(f.send(IpcOpcode.delete, "k") == .ok)
        #expect(f.send(IpcOpcode.get, "k") == .value([]))
        #expect(f.send(IpcOpcode.putPath, IpcPayload.path(["users", "alice"], value: Array("A".utf8))) == .ok)
        #expect(f.send(IpcOpcode.get, "users/alice") == .value(Array("A".utf8)))
        #expect(f.send(IpcOpcode.getPath, IpcPayload.path(["users", "alice"]) + [1, 2, 3]) == .value(Array("A".utf8)))
        #expect(f.send(IpcOpcode.put, IpcPayload.put(key: Array("users/bob".utf8), value: [0, 255])) == .ok)
        #expect(f.send(IpcOpcode.put, IpcPayload.put(key: [0x75, 0xff], value: [1])) == .ok)   // "u\xff": not UTF-8
        let scan = f.send(IpcOpcode.scan, "users/")
        #expect(scan.opcode == IpcOpcode.value)
        let entries = IpcPayload.decodeScanResult(scan.payload)
        #expect(entries.map { String(decoding: $0.key, as: UTF8.self) } == ["users/alice", "users/bob"])
        #expect(entries.map(\.value) == [Array("A".utf8), [0, 255]])
        #expect(IpcPayload.decodeScanResult(f.send(IpcOpcode.scan, "").payload).count == 2)   // the non-UTF-8 key is left out
        #expect(f.send(IpcOpcode.scan, [0xff]) == .error("Invalid UTF-8 in scan prefix"))
        #expect(f.send(IpcOpcode.checkpoint) == .ok)
        #expect(f.send(IpcOpcode.get, "users/bob") == .value([0, 255]))
    }

    @Test func errorsKeepTheSessionUsable() throws {
        let f = try Fixture()
        #expect(f.send(0x42) == .error("Unknown opcode: 0x42"))
        #expect(f.send(0x80) == .error("Unknown opcode: 0x80"))
        #expect(f.send(IpcOpcode.put, [1]) == .error("PUT payload too short"))
        #expect(f.send(IpcOpcode.commitTransaction, [1, 2]) == .error("COMMIT_TXN requires txn_id"))
        #expect(f.send(IpcOpcode.abortTransaction, []) == .error("ABORT_TXN requires txn_id"))
        #expect(f.send(IpcOpcode.abortTransaction, u64(9)) == .error("Transaction not found: 9"))
        let reserved = f.send(IpcOpcode.put, IpcPayload.put(key: [0, 1], value: [1]))
        #expect(reserved.opcode == IpcOpcode.error && text(reserved).contains("reserved"))
        #expect(f.send(IpcOpcode.executeSQL, [0xff]) == .error("Invalid UTF-8 in SQL query"))
        #expect(f.send(IpcOpcode.ping) == IpcFrame(IpcOpcode.pong))
    }

    @Test func transactionsAreNumberedPerConnection() throws {
        let f = try Fixture()
        #expect(f.send(IpcOpcode.beginTransaction) == .transactionID(1))
        #expect(f.send(IpcOpcode.beginTransaction) == .transactionID(2))
        #expect(f.session.openTransactions == 2)
        let commit = f.send(IpcOpcode.commitTransaction, u64(1) + [9, 9])   // only the first 8 bytes count
        #expect(commit.opcode == IpcOpcode.transactionID && commit.payload.count == 8)
        #expect(f.send(IpcOpcode.commitTransaction, u64(1)) == .error("Transaction not found: 1"))
        #expect(f.send(IpcOpcode.abortTransaction, u64(2)) == .ok)
        #expect(f.send(IpcOpcode.abortTransaction, u64(2)) == .error("Transaction not found: 2"))
        #expect(f.send(IpcOpcode.beginTransaction) == .transactionID(3))
        let other = IpcSession(database: f.db, stats: f.session.stats)
        #expect(other.handle(IpcFrame(IpcOpcode.beginTransaction)) == .transactionID(1))
        // Writes between BEGIN and ABORT are committed on their own (PROTOCOL.md §4.4).
        #expect(f.send(IpcOpcode.put, IpcPayload.put(key: Array("w".utf8), value: Array("1".utf8))) == .ok)
        #expect(f.send(IpcOpcode.abortTransaction, u64(3)) == .ok)
        #expect(try f.db.get("w") == Array("1".utf8))
        // A commit's number grows with the log.
        let a = f.send(IpcOpcode.beginTransaction), b = f.send(IpcOpcode.commitTransaction, a.payload)
        #expect(f.send(IpcOpcode.put, IpcPayload.put(key: Array("w".utf8), value: Array("2".utf8))) == .ok)
        let c = f.send(IpcOpcode.beginTransaction), d = f.send(IpcOpcode.commitTransaction, c.payload)
        var rb = PayloadReader(b.payload), rd = PayloadReader(d.payload)
        #expect(rd.u64()! > rb.u64()!)
        f.session.abortAll()
        #expect(f.session.openTransactions == 0)
    }

    @Test func statsJSONHasTheOriginalKeysInOrder() throws {
        let f = try Fixture()
        _ = f.send(IpcOpcode.ping)
        _ = f.send(0x42)
        _ = f.send(IpcOpcode.beginTransaction)
        let s = f.send(IpcOpcode.stats)
        #expect(s.opcode == IpcOpcode.statsResponse)
        // In: 4 frames of 5 bytes (STATS counted before its reply). Out: PONG 5, ERROR 5+20, TXN_ID 13.
        #expect(text(s) == #"{"connections_total":0,"connections_active":0,"requests_total":4,"requests_success":2,"requests_error":1,"bytes_received":20,"bytes_sent":43,"uptime_secs":0,"memtable_size_bytes":0,"wal_size_bytes":0,"active_transactions":1}"#)
    }

    @Test func queryGroupsPathKeysIntoRows() throws {
        let f = try Fixture()
        try f.db.put("users/alice/name", "Alice")
        try f.db.put("users/alice/age", [1] + [30, 0, 0, 0, 0, 0, 0, 0])
        try f.db.put("users/bob/name", "Bob, Jr.")
        try f.db.put("users/bob/score", [3] + Array(withUnsafeBytes(of: (1.5).bitPattern.littleEndian, Array.init)))
        try f.db.put("users/carol/active", [5, 1])
        try f.db.put("users/carol/name", "Carol")
        try f.db.put("usersx/zed/name", "not a user")
        try f.db.put("users/short", "no column")
        func query(_ q: IpcPayload.Query) -> String {
            let r = f.send(IpcOpcode.query, IpcPayload.query(q))
            #expect(r.opcode == IpcOpcode.value)
            return text(r)
        }
        #expect(query(.init(path: "users", columns: ["name", "age"])) == #"result[3]{name,age}:Alice,30;"Bob, Jr.",∅;Carol,∅"#)
        #expect(query(.init(path: "users")) == #"result[3]{age,name,score,active}:30,Alice,∅,∅;∅,"Bob, Jr.",1.500000,∅;∅,Carol,∅,T"#)
        #expect(query(.init(path: "users", limit: 1, offset: 1, columns: ["name"])) == #"result[1]{name}:"Bob, Jr.""#)
        #expect(query(.init(path: "users", offset: 5)) == "[]")
        #expect(query(.init(path: "nothing")) == "[]")
    }

    @Test func createTableMakesQueryReadSQLRows() throws {
        let f = try Fixture()
        let cols = [IpcPayload.Column(name: "id", type: .int64, nullable: false), .init(name: "name", type: .text),
                    .init(name: "score", type: .float64), .init(name: "raw", type: .binary)]
        #expect(f.send(IpcOpcode.createTable, IpcPayload.createTable(name: "people", columns: cols)) == .ok)
        let again = f.send(IpcOpcode.createTable, IpcPayload.createTable(name: "people", columns: cols))
        #expect(again.opcode == IpcOpcode.error)
        try f.db.executeSQL("INSERT INTO people VALUES (1, 'Ann', 2.25, x'0001'), (2, NULL, NULL, NULL)")
        let r = f.send(IpcOpcode.query, IpcPayload.query(.init(path: "people")))
        #expect(text(r) == "result[2]{id,name,score,raw}:1,Ann,2.250000,b64:AAE=;2,∅,∅,∅")
        let some = f.send(IpcOpcode.query, IpcPayload.query(.init(path: "people/x", limit: 1, columns: ["name"])))
        #expect(text(some) == "result[1]{name}:Ann")
        let bad = f.send(IpcOpcode.query, IpcPayload.query(.init(path: "people", columns: ["nope"])))
        #expect(bad.opcode == IpcOpcode.error)
    }

    @Test func executeSQLAnswersJSON() throws {
        let f = try Fixture()
        #expect(text(f.send(IpcOpcode.executeSQL, "CREATE TABLE t (a INTEGER, b TEXT)")).contains(#""rows_affected":0"#))
        #expect(text(f.send(IpcOpcode.executeSQL, "INSERT INTO t VALUES (1, 'x'), (2, NULL)")) == #"{"columns":[],"rows":[],"rows_affected":2}"#)
        #expect(text(f.send(IpcOpcode.executeSQL, "SELECT a, b FROM t ORDER BY a")) == #"{"columns":["a","b"],"rows":[[1,"x"],[2,null]],"rows_affected":0}"#)
        let err = text(f.send(IpcOpcode.executeSQL, "SELEC 1"))
        #expect(err.hasPrefix(#"{"error":"#) && err.hasSuffix(#","sql":"SELEC 1"}"#))
        #expect(text(f.send(IpcOpcode.executeSQL, "BEGIN")).hasPrefix(#"{"error":"#))
    }
}
