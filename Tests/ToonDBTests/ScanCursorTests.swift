import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Scans return a throwing cursor: its helpers read what they promise, and a
/// read error in the middle of a range reaches the caller instead of ending
/// the scan as if the range were exhausted.
@Suite struct ScanCursorTests {
    static func keys(_ entries: [KeyValue]) -> [String] { entries.map { String(decoding: $0.key, as: UTF8.self) } }

    static func filled(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database.open(dir.path)
        for i in 0..<50 { try db.put(String(format: "item:%02d", i), "\(i)") }
        try db.put("other", "x")
        return db
    }

    @Test func helpersReadTheRangeInKeyOrder() throws {
        let dir = TemporaryDirectory("cursor-helpers")
        let db = try Self.filled(dir)
        #expect(try db.scanPrefix("item:").map { String(decoding: $0.value, as: UTF8.self) } == (0..<50).map { "\($0)" })
        let sum = try db.scanPrefix("item:").reduce(into: 0) { $0 += Int(String(decoding: $1.value, as: UTF8.self))! }
        #expect(sum == (0..<50).reduce(0, +))
        var seen: [String] = []
        try db.scan(from: "item:10", to: "item:13").forEach { key, _ in seen.append(String(decoding: key, as: UTF8.self)) }
        #expect(seen == ["item:10", "item:11", "item:12"])
        #expect(try db.scanPrefix("nothing").next() == nil)
    }

    @Test func firstWhereStopsAtTheMatch() throws {
        let dir = TemporaryDirectory("cursor-first")
        let db = try Self.filled(dir)
        let cursor = try db.scanPrefix("item:")
        let hit = try cursor.first { String(decoding: $0.value, as: UTF8.self) == "7" }
        #expect(hit.map { String(decoding: $0.key, as: UTF8.self) } == "item:07")
        #expect(try cursor.next().map { String(decoding: $0.key, as: UTF8.self) } == "item:08", "reading went on from the match")
        #expect(try cursor.first { _ in false } == nil)
        #expect(try cursor.next() == nil, "a cursor is single-pass")
    }

    @Test func batchedCursorsYieldWhatUnbatchedOnesDo() throws {
        let dir = TemporaryDirectory("cursor-batched")
        let db = try Self.filled(dir)
        let plain = try Self.keys(db.scan(from: "").toArray())
        for size in [1, 3, 7, 51, 1000] {
            #expect(try Self.keys(db.scanBatched(from: "", batchSize: size).toArray()) == plain, "batch \(size)")
        }
        let txn = try db.beginTransaction()
        try txn.put("item:250", "mine")
        try txn.delete("item:26")
        let inTxn = try Self.keys(txn.scan(from: "item:25", to: "item:27").toArray())
        #expect(inTxn == ["item:25", "item:250"], "its own put is in, its own delete is out")
        txn.abort()
    }

    @Test func aReadErrorInTheMiddleOfARangeIsThrownNotHidden() throws {
        let dir = TemporaryDirectory("cursor-damage")
        let value = { (i: Int) in "value\(i)-" + String(repeating: "v", count: 60) }
        do {
            let db = try Database.open(dir.path)
            for i in 0..<3000 { try db.put(String(format: "key%05d", i), value(i)) }
            try db.checkpoint()
            try db.close()
        }
        let segment = try #require(files(in: dir.path, suffix: ".seg").first)
        try flipByte(in: segment, at: fileSize(segment) / 3)
        let db = try Database.open(dir.path)
        let cursor = try db.scan(from: "")
        var yielded = 0
        let error = #expect(throws: ToonDBError.self) {
            while let (key, got) = try cursor.next() {
                let i = Int(String(decoding: key, as: UTF8.self).dropFirst(3))!
                #expect(String(decoding: got, as: UTF8.self) == value(i), "never a wrong value")
                yielded += 1
            }
        }
        #expect(error?.code == .corruption)
        #expect(yielded > 0 && yielded < 3000, "the damage is in the middle: \(yielded) entries came before it")
    }
}
