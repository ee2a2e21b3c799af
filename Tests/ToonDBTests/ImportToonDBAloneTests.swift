import Testing
import ToonDB
import ToonTestSupport

// What a user gets from `import ToonDB` alone (ARCHITECTURE.md, "Floors"): the
// lower modules' types ToonDB's API uses, by name, through ToonDB's typealiases.
// This file imports no module of the package but ToonDB and the test helpers,
// so it compiles only while ToonDB names each of them.

@Suite struct ImportToonDBAloneTests {
    @Test func theTypesOfTheAPIAreNamedThroughToonDB() throws {
        let dir = TemporaryDirectory("import-toondb-alone")
        let mode: SyncMode = .full
        let db = try Database.open(dir.path, config: DatabaseConfig(syncMode: mode))
        defer { try? db.close() }

        let key: some ByteConvertible = "greeting"
        try db.put(key, "hello")
        let year = 2026
        let record: OrderedDictionary<String, any ValueConvertible> = ["title": "Guide", "year": year, "tag": "v\(year)"]
        let value: Value = Value(record)
        #expect(value["tag"] == "v2026")
        let convertible: any ValueConvertible = value
        #expect(convertible.toonValue == value)

        _ = try db.executeSQL("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
        _ = try db.executeSQL("CREATE INDEX t_b ON t(b)")
        let arguments: SQLArguments = [1, "one"]
        let insert: SQLQueryResult = try db.executeSQL("INSERT INTO t VALUES (?, ?)", arguments: arguments)
        #expect(insert.rowsAffected == 1)
        let select = try db.executeSQL("SELECT b FROM t WHERE a = ?", arguments: [1])
        let row: SQLRow = try #require(select.rows.first)
        let cell: SQLValue = row.values[0]
        let bound: any SQLValueConvertible = "one"
        #expect(cell == .text("one") && bound is String)
        let table: ResultSet = select.resultSet(name: "t")
        #expect(table.rendered(as: ResultFormat.csv).contains("one"))
        let schema: [SQLSchemaEntry] = try db.sqlSchema()
        #expect(schema.map(\.name).contains("t"))

        let metric: VectorMetric = .euclidean
        let quantization: VectorQuantization = .none
        let collection = try db.namespaceCreatingIfMissing("docs")
            .createCollection(CollectionConfig(name: "notes", dimension: 2, metric: metric, enableHybridSearch: true,
                                               quantization: quantization))
        try collection.insert(id: "a", vector: [1, 0], metadata: ["kind": "note"], content: "a first note")
        let vectors: VectorIndexStats = try collection.stats()
        #expect(vectors.elements == 1)

        let report = try db.verify()
        let indexes: [SQLIndexVerification] = report.sqlIndexes
        let verified = try #require(report.collections.first)
        let graph: HNSWGraphStats = verified.graph
        let text: TextIndexStats? = verified.text
        #expect(indexes.count == 1 && graph.live == 1 && text?.documents == 1)

        do {
            _ = try db.namespace("missing")
            Issue.record("a missing namespace was found")
        } catch let error as ToonDBError {
            let code: ErrorCode = error.code
            #expect(code == .notFound)
        }
    }
}
