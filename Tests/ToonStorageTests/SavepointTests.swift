import Testing
import ToonStorage
import ToonCore
import ToonTestSupport

@Suite struct SavepointTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func rollingBackForgetsOnlyWhatCameAfter() throws {
        let dir = TemporaryDirectory("savepoint")
        let engine = try StorageEngine.open(path: dir.path)
        try engine.write({ var b = WriteBatch(); b.put(bytes("c"), bytes("stored")); return b }())
        let txn = try engine.beginTransaction()
        try txn.put(bytes("a"), bytes("1"))
        let mark = txn.savepoint()
        try txn.put(bytes("a"), bytes("2"))
        try txn.put(bytes("b"), bytes("new"))
        try txn.delete(bytes("c"))
        txn.rollback(to: mark)
        #expect(try txn.get(bytes("a")) == bytes("1"))
        #expect(try txn.get(bytes("b")) == nil)
        #expect(try txn.get(bytes("c")) == bytes("stored"))
        let kept = txn.savepoint()
        try txn.put(bytes("d"), bytes("kept"))
        txn.release(kept)
        try txn.commit()
        #expect(try engine.get(bytes("a")) == bytes("1"))
        #expect(try engine.get(bytes("b")) == nil)
        #expect(try engine.get(bytes("c")) == bytes("stored"))
        #expect(try engine.get(bytes("d")) == bytes("kept"))
        try engine.close()
    }
}
