import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// `sqlTransactionWrites`: what the explorer's status line counts while a BEGIN is open.
@Suite struct TransactionWritesTests {
    @Test func countsRowsAndSchemaChangesUntilCommitOrRollback() throws {
        let dir = TemporaryDirectory("txn-writes")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        try db.executeSQL("CREATE TABLE t(x)")
        #expect(db.sqlTransactionWrites == 0)
        try db.executeSQL("INSERT INTO t VALUES (1)")
        #expect(db.sqlTransactionWrites == 0, "outside a transaction nothing waits")
        try db.executeSQL("BEGIN; INSERT INTO t VALUES (2), (3); UPDATE t SET x = x + 1 WHERE x > 1")
        #expect(db.sqlTransactionWrites == 4)
        try db.executeSQL("SELECT * FROM t; CREATE INDEX t_x ON t(x)")
        #expect(db.sqlTransactionWrites == 5)
        // A failing statement changes nothing, and counts nothing.
        #expect(throws: ToonDBError.self) { try db.executeSQL("INSERT INTO nope VALUES (1)") }
        #expect(db.sqlTransactionWrites == 5)
        let source = EmbeddedDataSource(db)
        #expect(source.pendingWrites == 5)
        try db.executeSQL("ROLLBACK")
        #expect(db.sqlTransactionWrites == 0)
        try db.executeSQL("BEGIN; DELETE FROM t")
        #expect(db.sqlTransactionWrites == 1)
        try db.executeSQL("COMMIT")
        #expect(db.sqlTransactionWrites == 0 && source.pendingWrites == 0)
    }
}
