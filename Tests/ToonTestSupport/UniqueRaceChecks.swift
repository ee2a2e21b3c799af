import Testing
import ToonCore
import ToonDB

/// Two transactions giving two rows the same value of a UNIQUE column: their
/// index entries carry their own rowids, so only the guarded range of the
/// unique check makes one of the commits a conflict. `ConcurrencyTests` runs
/// it embedded, `EtcdBackendTests` on etcd.
package enum UniqueRaceChecks {
    package static func run(_ db: Database, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try db.executeSQL("CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT)")
        try db.executeSQL("CREATE UNIQUE INDEX users_name ON users(name)")
        try db.executeSQL("INSERT INTO users VALUES (1, 'a', 'ann'), (2, 'b', 'bob'), (3, 'c', 'cy')")

        // The same new value on two rows: the second commit is a conflict.
        let t1 = try db.beginTransaction(), t2 = try db.beginTransaction()
        try t1.executeSQL("UPDATE users SET email = 'x' WHERE id = 1")
        try t2.executeSQL("UPDATE users SET email = 'x' WHERE id = 2")
        try t1.commit()
        let error = #expect(throws: ToonDBError.self, sourceLocation: sourceLocation) { try t2.commit() }
        #expect(error?.code == .transactionConflict, sourceLocation: sourceLocation)
        #expect(try db.executeSQL("SELECT id FROM users WHERE email = 'x'").values == [[.integer(1)]],
                sourceLocation: sourceLocation)

        // Different values, or a second unique column, do not clash.
        let t3 = try db.beginTransaction(), t4 = try db.beginTransaction()
        try t3.executeSQL("UPDATE users SET email = 'y' WHERE id = 2")
        try t4.executeSQL("UPDATE users SET email = 'z', name = 'zed' WHERE id = 3")
        try t3.commit()
        try t4.commit()

        #expect(try db.executeSQL("SELECT id, email, name FROM users ORDER BY id").values == [
            [.integer(1), .text("x"), .text("ann")], [.integer(2), .text("y"), .text("bob")],
            [.integer(3), .text("z"), .text("zed")],
        ], sourceLocation: sourceLocation)
    }
}
