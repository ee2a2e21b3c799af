import Testing
import ToonDB
import ToonSQL
import ToonTestSupport

/// Bound parameters: numbering as SQLite's, binding through
/// `executeSQL(_:arguments:)`, and the errors for arguments that do not fit.
@Suite struct SQLParameterTests {
    func database(_ name: String) throws -> (TemporaryDirectory, Database) {
        let dir = TemporaryDirectory(name)
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, score REAL)")
        return (dir, db)
    }

    func invalidArgument(_ body: () throws -> Void) -> ToonDBError? {
        let error = #expect(throws: ToonDBError.self) { try body() }
        #expect(error?.code == .invalidArgument, "\(String(describing: error))")
        return error
    }

    @Test func numberedAsSQLiteNumbersThem() throws {
        let sql = "SELECT ?, ?5, :a, ?, :a, @b, $c, ?2, @a"
        let (_, names) = try SQLParser.parseStatementAndParameters(sql)
        #expect(names == [nil, nil, nil, nil, nil, ":a", nil, "@b", "$c", "@a"])
        // The same text on SQLite: as many parameters, the same names at the same numbers.
        let lite = try ReferenceSQLite()
        #expect(try lite.parameterNames(sql).map { $0?.hasPrefix("?") == true ? nil : $0 } == names)
        // Each `?` is one more than the largest number so far.
        let values = try Database.open(TemporaryDirectory("param-numbers").path)
            .executeSQL(sql, arguments: SQLArguments((1...10).map { SQLValue.integer(Int64($0)) })).values
        #expect(values == [[1, 5, 6, 7, 6, 8, 9, 2, 10]])
    }

    @Test func positionalAndNamedArguments() throws {
        let (dir, db) = try database("params-bind")
        defer { withExtendedLifetime(dir) {} }
        let name = "bob"
        try db.executeSQL("INSERT INTO users VALUES (?, ?, ?)", arguments: [1, "alice", 2.5])
        try db.executeSQL("INSERT INTO users VALUES (?1, ?2, ?3)", arguments: [2, name, nil])
        try db.executeSQL("INSERT INTO users VALUES (:id, @name, $score)", arguments: ["id": 3, "@name": "carol", "score": 7])
        #expect(try db.executeSQL("SELECT name FROM users WHERE id = :id OR id = :id + 1 ORDER BY id",
                                  arguments: ["id": 2]).values == [["bob"], ["carol"]])
        #expect(try db.executeSQL("SELECT id FROM users WHERE score IS ?", arguments: [nil]).values == [[2]])
        // Values keep their class; a column's affinity applies as to literals.
        #expect(try db.executeSQL("SELECT score, typeof(score) FROM users WHERE id = ?", arguments: ["3"]).values
            == [[.real(7), "real"]])
        #expect(try db.executeSQL("SELECT typeof(?), typeof(?), typeof(?), typeof(?), typeof(?)",
                                  arguments: [1, 1.5, "x", [UInt8]([1, 2]), nil]).values
            == [["integer", "real", "text", "blob", "null"]])
        #expect(try db.executeSQL("SELECT id FROM users ORDER BY id LIMIT ? OFFSET ?", arguments: [1, 1]).values == [[2]])
        // A script takes positional arguments statement after statement.
        try db.executeSQL("UPDATE users SET score = ? WHERE id = ?; DELETE FROM users WHERE id = ?", arguments: [9, 1, 3])
        #expect(try db.executeSQL("SELECT id, score FROM users ORDER BY id").values == [[1, .real(9)], [2, .null]])
        // Inside a Transaction too.
        let txn = try db.beginTransaction()
        try txn.executeSQL("INSERT INTO users(name) VALUES (?)", arguments: ["dave"])
        try txn.commit()
        #expect(try db.executeSQL("SELECT count(*) FROM users WHERE name = ?", arguments: ["dave"]).values == [[1]])
    }

    @Test func valuesAreNeverSQL() throws {
        let (dir, db) = try database("params-injection")
        defer { withExtendedLifetime(dir) {} }
        let attack = "x'); DROP TABLE users; --"
        try db.executeSQL("INSERT INTO users(name) VALUES (?)", arguments: [attack])
        #expect(try db.executeSQL("SELECT name FROM users WHERE name = ?", arguments: [attack]).values == [[.text(attack)]])
        #expect(try db.executeSQL("SELECT count(*) FROM users WHERE name = ?", arguments: ["' OR 1=1 --"]).values == [[0]])
    }

    @Test func argumentsThatDoNotFitAreRefused() throws {
        let (dir, db) = try database("params-errors")
        defer { withExtendedLifetime(dir) {} }
        // Too few, too many, none for a statement with parameters.
        _ = invalidArgument { try db.executeSQL("SELECT ?, ?", arguments: [1]) }
        _ = invalidArgument { try db.executeSQL("SELECT ?", arguments: [1, 2]) }
        _ = invalidArgument { try db.executeSQL("SELECT :a") }
        _ = invalidArgument { try db.executeSQL("SELECT 1", arguments: [1]) }
        // A script whose arguments run out: nothing runs.
        _ = invalidArgument { try db.executeSQL("INSERT INTO users(name) VALUES (?); SELECT ?", arguments: ["x"]) }
        #expect(try db.executeSQL("SELECT count(*) FROM users").values == [[0]])
        // A name no parameter has, a parameter without a value, `?` with named arguments.
        let unknown = invalidArgument { try db.executeSQL("SELECT :a", arguments: ["a": 1, "b": 2]) }
        #expect(unknown?.message.contains("b") == true)
        _ = invalidArgument { try db.executeSQL("SELECT :a, :b", arguments: ["a": 1]) }
        _ = invalidArgument { try db.executeSQL("SELECT :a", arguments: ["@a": 1]) }
        _ = invalidArgument { try db.executeSQL("SELECT ?", arguments: ["1": 1]) }
        #expect(try db.executeSQL("SELECT ?2, ?1", arguments: ["?1": 1, "?2": 2]).values == [[2, 1]])
        // Parameters in schema statements, with or without arguments.
        _ = invalidArgument { try db.executeSQL("CREATE TABLE t(a DEFAULT (?))", arguments: [1]) }
        _ = invalidArgument { try db.executeSQL("CREATE VIEW v AS SELECT * FROM users WHERE id = ?") }
        _ = invalidArgument {
            try db.executeSQL("CREATE TRIGGER t AFTER INSERT ON users BEGIN DELETE FROM users WHERE id = :id; END",
                              arguments: ["id": 1])
        }
        _ = invalidArgument { _ = try db.prepare("CREATE TABLE t2 AS SELECT :x") }
        #expect(try db.sqlSchema().count == 1)
        // Numbers out of SQLite's range are syntax errors.
        let zero = #expect(throws: ToonDBError.self) { try db.executeSQL("SELECT ?0", arguments: [1]) }
        #expect(zero?.code == .sqlSyntax)
        let colon = #expect(throws: ToonDBError.self) { try db.executeSQL("SELECT : a") }
        #expect(colon?.code == .sqlSyntax)
    }
}
