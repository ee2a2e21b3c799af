import Testing
import ToonCore
import ToonStorage

/// What ``StorageTransaction/guardRange(lower:upper:)`` promises, on any
/// backend: `GuardedRangeTests` runs it on the embedded engine,
/// `EtcdBackendTests` on etcd.
package enum GuardedRangeChecks {
    /// Runs every check on `backend`, whose keys under `u/`, `w/` and `z` are free.
    package static func run(_ backend: any StorageBackend, sourceLocation: SourceLocation = #_sourceLocation) throws {
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        func putOutside(_ key: String) throws {
            var batch = WriteBatch()
            batch.put(b(key), b("other"))
            try backend.write(batch)
        }
        func commitCode(_ t: StorageTransaction) -> ErrorCode? {
            do { try t.commit(); return nil } catch let e as ToonDBError { return e.code } catch { return .internalError }
        }

        // A key put into the range after the snapshot: the commit is a conflict and writes nothing.
        let t1 = try backend.beginTransaction()
        try t1.guardRange(lower: b("u/a"), upper: b("u/b"))
        try t1.put(b("w/1"), b("mine"))
        try putOutside("u/a1")
        #expect(commitCode(t1) == .transactionConflict, "a put into the range", sourceLocation: sourceLocation)
        #expect(try backend.get(b("w/1")) == nil, sourceLocation: sourceLocation)

        // Puts beside the range, or before the snapshot, leave it alone.
        try putOutside("u/a2")
        let t2 = try backend.beginTransaction()
        try t2.guardRange(lower: b("u/a"), upper: b("u/b"))
        try t2.put(b("w/2"), b("mine"))
        try putOutside("u/b")
        try putOutside("u/")
        #expect(commitCode(t2) == nil, "puts outside the range", sourceLocation: sourceLocation)
        #expect(try backend.get(b("w/2")) == b("mine"), sourceLocation: sourceLocation)

        // A transaction that writes nothing commits whatever happened in its ranges.
        let t3 = try backend.beginTransaction()
        try t3.guardRange(lower: b("u/a"), upper: b("u/b"))
        try putOutside("u/a3")
        #expect(commitCode(t3) == nil, "a read-only transaction", sourceLocation: sourceLocation)

        // Its own write inside its range is no conflict; another's write of that same key is.
        let t4 = try backend.beginTransaction()
        try t4.guardRange(lower: b("u/c"), upper: b("u/d"))
        try t4.put(b("u/c/own"), b("mine"))
        #expect(commitCode(t4) == nil, "its own write", sourceLocation: sourceLocation)
        let t5 = try backend.beginTransaction()
        try t5.guardRange(lower: b("u/e"), upper: b("u/f"))
        try t5.put(b("u/e/1"), b("mine"))
        try putOutside("u/e/1")
        #expect(commitCode(t5) == .transactionConflict, "the same key written by another", sourceLocation: sourceLocation)
        #expect(try backend.get(b("u/e/1")) == b("other"), sourceLocation: sourceLocation)

        // An unbounded range, among others: any of them is enough.
        let t6 = try backend.beginTransaction()
        try t6.guardRange(lower: b("u/g"), upper: b("u/h"))
        try t6.guardRange(lower: b("z"), upper: nil)
        try t6.put(b("w/6"), b("mine"))
        try putOutside("zz")
        #expect(commitCode(t6) == .transactionConflict, "a put past an unbounded range's start", sourceLocation: sourceLocation)
    }
}
