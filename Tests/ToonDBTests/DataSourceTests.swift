import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// The embedded DataSource: what the explorer and the console see, paged,
/// and refusals in read-only mode.
@Suite struct DataSourceTests {
    @Test func readsEveryKindOfDataPageByPage() throws {
        let dir = TemporaryDirectory("ds")
        let db = try Database.open(dir.path)
        for i in 0..<30 { try db.putPath("items/i\(String(format: "%02d", i))", "v\(i)") }
        try db.executeSQL("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x'); CREATE INDEX users_name ON users(name)")
        let ns = try db.createNamespace("app")
        let col = try ns.createCollection(CollectionConfig(name: "docs", dimension: 2, metric: .euclidean,
                                                           enableHybridSearch: true))
        for i in 0..<5 { try col.insert(id: "d\(i)", vector: [Float(i), 0], content: i == 3 ? "needle here" : "hay") }
        let graph = GraphOverlay(db, namespace: "app")
        for n in ["a", "b", "c"] { try graph.addNode(n, type: "t") }
        try graph.addEdge("a", "knows", "b")
        let source = EmbeddedDataSource(db)
        #expect(source.location == dir.path)
        #expect(try source.listChildren("items/", after: nil, limit: 10).count == 10)
        #expect(try source.listChildren("items/", after: "i09", limit: 100).first?.name == "i10")
        let page = try source.scan(prefix: Array("items/".utf8), after: nil, limit: 7)
        let next = try source.scan(prefix: Array("items/".utf8), after: page.last!.key, limit: 100)
        #expect(page.count == 7 && next.count == 23)
        let schema = try source.sqlSchema()
        #expect(schema.map(\.name) == ["users", "users_name"])
        #expect(schema[0].columns == ["id", "name"])
        #expect(schema[0].sql == "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x')")
        #expect(try source.namespaces().map(\.name) == ["app"])
        #expect(try source.collections(in: "app").map(\.name) == ["docs"])
        #expect(try source.documentCount(namespace: "app", collection: "docs") == 5)
        #expect(try source.documentIDs(namespace: "app", collection: "docs", after: "d1", limit: 2) == ["d2", "d3"])
        let like = try source.search(namespace: "app", collection: "docs", .moreLikeThis(id: "d2", k: 2))
        #expect(Set(like.map(\.id)) == ["d1", "d3"])
        #expect(try source.search(namespace: "app", collection: "docs", .keyword("needle", k: 3)).map(\.id) == ["d3"])
        #expect(try source.graphNodes(namespace: "app", after: "a", limit: 10).map(\.id) == ["b", "c"])
        #expect(try source.graphEdges(namespace: "app", node: "b", direction: .incoming).map(\.fromID) == ["a"])
        #expect(try source.stats().keysCount > 0)
        _ = try source.executeSQL("BEGIN")
        #expect(source.inTransaction)
        _ = try source.executeSQL("ROLLBACK")
        #expect(!source.inTransaction)
        try db.close()
    }

    @Test func readOnlySourcesRefuseWrites() throws {
        let dir = TemporaryDirectory("ds-ro")
        let db = try Database.open(dir.path)
        try db.executeSQL("CREATE TABLE t(x)")
        let source = EmbeddedDataSource(db, readOnly: true)
        #expect(source.isReadOnly)
        for attempt in [{ try source.put(Array("k".utf8), Array("v".utf8)) }, { try source.delete(Array("k".utf8)) },
                        { _ = try source.executeSQL("INSERT INTO t VALUES (1)") }] {
            let e = #expect(throws: ToonDBError.self) { try attempt() }
            #expect(e?.code == .readOnly)
        }
        #expect(try source.executeSQL("SELECT count(*) AS n FROM t").rows.first?["n"] == .integer(0))
        try db.close()
    }
}
