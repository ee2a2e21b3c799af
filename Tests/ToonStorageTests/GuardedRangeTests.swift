import Testing
import ToonCore
import ToonStorage
import ToonTestSupport

/// Guarded ranges (``StorageTransaction/guardRange(lower:upper:)``): the
/// phantom protection SQL's unique checks rely on, on the embedded engine.
@Suite struct GuardedRangeTests {
    func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func aWriteIntoAGuardedRangeAfterTheSnapshotIsAConflict() throws {
        let dir = TemporaryDirectory("guarded")
        let engine = try StorageEngine.open(path: dir.path)
        try GuardedRangeChecks.run(engine)
        try engine.close()
    }

    @Test func theEmbeddedEngineAlsoCatchesADeleteInTheRange() throws {
        let dir = TemporaryDirectory("guarded-delete")
        let engine = try StorageEngine.open(path: dir.path)
        var batch = WriteBatch()
        batch.put(b("r/1"), b("x"))
        try engine.write(batch)
        let t = try engine.beginTransaction()
        try t.guardRange(lower: b("r/"), upper: b("r0"))
        try t.put(b("w"), b("mine"))
        var delete = WriteBatch()
        delete.delete(b("r/1"))
        try engine.write(delete)
        #expect(throws: ToonDBError.self) { try t.commit() }
        try engine.close()
    }

    @Test(arguments: [
        // (ranges, expected union)
        ([("a", "c"), ("b", "d")], [("a", "d")]),
        ([("b", "d"), ("a", "c"), ("x", "y")], [("a", "d"), ("x", "y")]),
        ([("a", "b"), ("b", "c")], [("a", "c")]),
        ([("a", "z"), ("b", "c")], [("a", "z")]),
        ([("a", nil), ("b", "c")], [("a", nil)]),
        ([("b", "c"), ("c", nil)], [("b", nil)]),
        ([("c", "c"), ("a", "b")], [("a", "b")]),
    ] as [([(String, String?)], [(String, String?)])])
    func unionJoinsOverlappingAndTouchingRanges(ranges: [(String, String?)], expected: [(String, String?)]) {
        let union = KeyRange.union(ranges.map { KeyRange(lower: b($0.0), upper: $0.1.map(b)) })
        #expect(union == expected.map { KeyRange(lower: b($0.0), upper: $0.1.map(b)) })
        for key in ["a", "a1", "b", "c", "cz", "d", "w", "x", "x1", "y", "zz"] {
            #expect(union.anyContains(b(key)) == ranges.contains { KeyRange(lower: b($0.0), upper: $0.1.map(b)).contains(b(key)) },
                    "\(key)")
        }
    }
}
