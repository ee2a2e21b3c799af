import Testing
import ToonCore
import ToonDB
import ToonStorage
import ToonTestSupport

/// The SQL catalog's stored form (FORMAT.md §7, "Catalog entries"): named
/// fields in the binary Value form, and catalogs written as JSON text by
/// earlier versions still open.
@Suite struct CatalogFormatTests {
    /// Catalog entries exactly as the JSON catalog wrote them (captured from that version).
    static let legacy: [(String, String)] = [
        ("index/people_score", #"{"automatic":false,"columnNames":["score","name"],"columns":[2,1],"descending":[true,false],"name":"people_score","table":"people","unique":false}"#),
        ("index/sqlite_autoindex_pairs_1", #"{"automatic":true,"columnNames":["a","b"],"columns":[0,1],"descending":[false,false],"name":"sqlite_autoindex_pairs_1","table":"pairs","unique":true}"#),
        ("index/sqlite_autoindex_people_1", #"{"automatic":true,"columnNames":["email"],"columns":[8],"descending":[false],"name":"sqlite_autoindex_people_1","table":"people","unique":true}"#),
        ("table/pairs", #"{"autoincrement":false,"columns":[{"affinity":"text","collation":"BINARY","declaredType":"TEXT","defaultValue":{"none":{}},"name":"a","notNull":false},{"affinity":"integer","collation":"BINARY","declaredType":"INTEGER","defaultValue":{"none":{}},"name":"b","notNull":false},{"affinity":"text","collation":"BINARY","declaredType":"TEXT","defaultValue":{"none":{}},"name":"c","notNull":false}],"name":"pairs","primaryKey":[0,1]}"#),
        ("table/people", #"{"autoincrement":true,"columns":[{"affinity":"integer","collation":"BINARY","declaredType":"INTEGER","defaultValue":{"none":{}},"name":"id","notNull":false},{"affinity":"text","collation":"NOCASE","declaredType":"TEXT","defaultValue":{"value":{"_0":{"text":{"_0":"x"}}}},"name":"name","notNull":true},{"affinity":"real","collation":"BINARY","declaredType":"REAL","defaultValue":{"value":{"_0":{"real":{"_0":1.5}}}},"name":"score","notNull":false},{"affinity":"real","collation":"BINARY","declaredType":"REAL","defaultValue":{"value":{"_0":{"real":{"_0":2}}}},"name":"whole","notNull":false},{"affinity":"integer","collation":"BINARY","declaredType":"INTEGER","defaultValue":{"value":{"_0":{"integer":{"_0":-3}}}},"name":"neg","notNull":false},{"affinity":"blob","collation":"BINARY","declaredType":"BLOB","defaultValue":{"value":{"_0":{"blob":{"_0":[1,2]}}}},"name":"raw","notNull":false},{"affinity":"blob","collation":"BINARY","declaredType":"","defaultValue":{"value":{"_0":{"null":{}}}},"name":"nothing","notNull":false},{"affinity":"text","collation":"BINARY","declaredType":"TEXT","defaultValue":{"function":{"_0":"current_timestamp"}},"name":"ts","notNull":false},{"affinity":"text","collation":"BINARY","declaredType":"TEXT","defaultValue":{"none":{}},"name":"email","notNull":false}],"name":"people","primaryKey":[0],"rowidColumn":0}"#),
        ("trigger/people_log", #"{"name":"people_log","sql":"CREATE TRIGGER people_log AFTER INSERT ON people BEGIN UPDATE people SET score = 0 WHERE id = NEW.id; END","table":"people"}"#),
        ("view/adults", #"{"name":"adults","sql":"CREATE VIEW adults AS SELECT name FROM people WHERE score > 1","table":""}"#),
    ]

    static func key(_ entry: String) -> [UInt8] { [0] + Array("c/schema/\(entry)".utf8) }

    /// Writes `entries` as the catalog of a new database in `dir`, with schema version 8.
    static func writeCatalog(_ entries: [(String, [UInt8])], in dir: String) throws {
        let engine = try StorageEngine.open(path: dir)
        var batch = WriteBatch()
        for (entry, bytes) in entries { batch.put(key(entry), bytes) }
        var version: [UInt8] = []
        Varint.appendFixed64(8, to: &version)
        batch.put([0] + Array("c/version".utf8), version)
        try engine.write(batch)
        try engine.close()
    }

    @Test func aCatalogWrittenAsJSONOpensAndWorks() throws {
        let dir = TemporaryDirectory("legacy-catalog")
        try Self.writeCatalog(Self.legacy.map { ($0.0, Array($0.1.utf8)) }, in: dir.path)
        let db = try Database.open(dir.path)
        try db.executeSQL("INSERT INTO people(email) VALUES ('a@x')")
        let row = try db.executeSQL("SELECT id, name, score, whole, neg, raw, nothing, typeof(whole), ts IS NOT NULL FROM people").values
        #expect(row == [[.integer(1), .text("x"), .real(0), .real(2), .integer(-3), .blob([1, 2]), .null, .text("real"), .integer(1)]],
                "defaults of every kind, and the trigger set the score to 0")
        #expect(throws: ToonDBError.self, "the unique index") { try db.executeSQL("INSERT INTO people(email) VALUES ('a@x')") }
        #expect(try db.executeSQL("SELECT count(*) FROM adults").values == [[.integer(0)]])
        try db.executeSQL("INSERT INTO pairs VALUES ('k', 1, 'z')")
        #expect(throws: ToonDBError.self, "the composite primary key") { try db.executeSQL("INSERT INTO pairs VALUES ('k', 1, 'y')") }
        #expect(try db.executeSQL("SELECT name FROM people WHERE name = 'X'").values == [[.text("x")]], "NOCASE kept")
        // A schema change rewrites that table's entry in the binary form; both kinds open together.
        try db.executeSQL("ALTER TABLE people ADD COLUMN extra INTEGER DEFAULT 7")
        try db.close()
        let engine = try StorageEngine.open(path: dir.path)
        #expect(try engine.get(Self.key("table/people"))?.first == 0x07, "rewritten as a binary object")
        #expect(try engine.get(Self.key("table/pairs"))?.first == UInt8(ascii: "{"), "left as it was")
        try engine.close()
        let again = try Database.open(dir.path)
        #expect(try again.executeSQL("SELECT extra, name FROM people").values == [[.integer(7), .text("x")]])
        try again.close()
    }

    @Test func aNewCatalogRoundTripsEveryField() throws {
        let dir = TemporaryDirectory("binary-catalog")
        let db = try Database.open(dir.path)
        try db.executeSQL("""
            CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, s TEXT NOT NULL DEFAULT 'd' COLLATE RTRIM,
              r REAL DEFAULT 0.25, b BLOB DEFAULT x'FF00', n DEFAULT NULL, ts DEFAULT CURRENT_DATE, u TEXT UNIQUE);
            CREATE INDEX t_r ON t(r DESC, s);
            CREATE VIEW v AS SELECT s FROM t;
            CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN UPDATE t SET r = 9 WHERE id = NEW.id; END;
            """)
        let schema = try db.sqlSchema()
        #expect(schema.count == 4 && schema.contains { $0.sql.contains("b BLOB DEFAULT") }, "\(schema)")
        try db.close()
        let engine = try StorageEngine.open(path: dir.path)
        #expect(try engine.get(Self.key("table/t"))?.first == 0x07)
        try engine.close()
        let again = try Database.open(dir.path)
        #expect(try again.sqlSchema() == schema, "every field comes back: the schema renders the same")
        try again.executeSQL("INSERT INTO t(u) VALUES ('one')")
        #expect(try again.executeSQL("SELECT s, r, b, n, ts IS NOT NULL FROM t").values ==
                [[.text("d"), .real(9), .blob([0xFF, 0]), .null, .integer(1)]])
        #expect(try again.executeSQL("SELECT count(*) FROM t WHERE s = 'd  '").values == [[.integer(1)]], "RTRIM kept")
        #expect(throws: ToonDBError.self, "UNIQUE kept") { try again.executeSQL("INSERT INTO t(u) VALUES ('one')") }
        try again.close()
    }

    @Test(arguments: [
        ("a missing field", #"{"name":"t","columns":[],"primaryKey":[]}"#, "autoincrement"),
        ("a field of the wrong kind", #"{"name":"t","columns":[],"primaryKey":[],"autoincrement":1}"#, "autoincrement"),
        ("an unknown affinity", #"{"name":"t","columns":[{"name":"a","declaredType":"","affinity":"fuzzy","notNull":false,"collation":"BINARY"}],"primaryKey":[],"autoincrement":false}"#, "affinity"),
        ("a rowid column out of range", #"{"name":"t","columns":[],"primaryKey":[],"autoincrement":false,"rowidColumn":3}"#, "column"),
    ])
    func aDamagedEntryIsCorruptionNamingIt(what: String, json: String, named: String) throws {
        let dir = TemporaryDirectory("damaged-catalog")
        try Self.writeCatalog([("table/t", Array(json.utf8))], in: dir.path)
        let db = try Database.open(dir.path)
        let error = #expect(throws: ToonDBError.self, "\(what)") { try db.executeSQL("SELECT 1") }
        #expect(error?.code == .corruption, "\(what)")
        #expect(error?.message.contains("table t") == true && error?.message.contains(named) == true, "\(what): \(error?.message ?? "")")
        try db.close()
    }
}
