import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Keyword and hybrid search on collections, ContextQuery and the prefix
/// query builder (README.md, "From Swift").
@Suite struct RetrievalTests {
    static let texts = [
        "ToonDB is a fast embedded database for agents",
        "Machine learning models need training data",
        "A database stores data durably on disk",
        "Deep learning is a kind of machine learning",
        "Swift is a fast and safe programming language",
        "Graphs connect nodes with edges",
    ]

    static func collection(_ dir: TemporaryDirectory) throws -> (Database, VectorCollection) {
        let db = try Database.open(dir.path)
        let ns = try db.createNamespace("r")
        let col = try ns.createCollection(CollectionConfig(name: "docs", dimension: 3, metric: .cosine,
                                                           enableHybridSearch: true, contentField: "text"))
        for (i, t) in texts.enumerated() {
            let v: [Float] = [Float(i % 3 == 0 ? 1 : 0.1), Float(i % 3 == 1 ? 1 : 0.1), Float(i % 3 == 2 ? 1 : 0.1)]
            try col.insert(id: "d\(i)", vector: v, metadata: ["n": .int(Int64(i)), "lang": i == 4 ? "en-code" : "en"], content: t)
        }
        return (db, col)
    }

    @Test func keywordSearchRanksByBM25AndFollowsWrites() throws {
        let dir = TemporaryDirectory("kw")
        let (db, col) = try Self.collection(dir)
        let hits = try col.keywordSearch("machine learning", k: 10)
        #expect(hits.map(\.id) == ["d3", "d1"])
        #expect(hits[0].score > hits[1].score && hits[1].score > 0)
        #expect(hits[0].content == Self.texts[3])
        #expect(try col.keywordSearch("...!!!", k: 5).isEmpty, "a query with no tokens finds nothing")
        #expect(try col.keywordSearch("fast", k: 10, filter: ["lang": "en"]).map(\.id) == ["d0"])
        // Upsert and delete reach the text index in the same transaction.
        try col.upsert(id: "d3", vector: [1, 0, 0], content: "nothing relevant here")
        #expect(try col.keywordSearch("machine learning", k: 10).map(\.id) == ["d1"])
        try col.delete("d1")
        #expect(try col.keywordSearch("machine learning", k: 10).isEmpty)
        try db.close()
        // Durable: the postings are in the key space.
        let again = try Database.open(dir.path)
        let col2 = try again.namespace("r").collection("docs")
        #expect(try col2.keywordSearch("database", k: 10).map(\.id).sorted() == ["d0", "d2"])
        let e = #expect(throws: ToonDBError.self) { try col2.keywordSearch("x", k: 0) }
        #expect(e?.code == .invalidArgument)
        try again.close()
    }

    @Test func hybridSearchFusesBothRankings() throws {
        let dir = TemporaryDirectory("hybrid")
        let (db, col) = try Self.collection(dir)
        // The vector favours d1/d4 (axis 1); the text favours d3 then d1: d1 is on both sides.
        let rrf = try col.hybridSearch(vector: [0, 1, 0], textQuery: "machine learning", k: 3)
        #expect(rrf.first?.id == "d1")
        #expect(rrf.count == 3)
        let vectorOnly = try col.hybridSearch(vector: [0, 1, 0], textQuery: "machine learning", k: 2, alpha: 1,
                                              rrfFusion: false)
        #expect(Set(vectorOnly.map(\.id)) == ["d1", "d4"])
        let textOnly = try col.hybridSearch(vector: [0, 1, 0], textQuery: "machine learning", k: 1, alpha: 0,
                                            rrfFusion: false)
        #expect(textOnly.map(\.id) == ["d3"])
        let e = #expect(throws: ToonDBError.self) {
            try col.hybridSearch(vector: [0, 1, 0], textQuery: "x", k: 3, alpha: 1.5, rrfFusion: false)
        }
        #expect(e?.code == .invalidArgument)
        let plain = try col.namespace.createCollection(CollectionConfig(name: "plain", dimension: 3))
        let p = #expect(throws: ToonDBError.self) { try plain.keywordSearch("x", k: 3) }
        #expect(p?.code == .invalidArgument)
        try db.close()
    }

    @Test func contextQueryStaysWithinItsBudget() throws {
        let dir = TemporaryDirectory("ctx")
        let (db, col) = try Self.collection(dir)
        try col.insert(id: "dup", vector: [0.1, 1, 0.1], content: "Machine learning   models need training data")
        let base = ContextQuery(col).addVectorQuery([0, 1, 0], weight: 0.7).addKeywordQuery("machine learning", weight: 0.3)
        let all = try base.withTokenBudget(1000).execute()
        #expect(all.chunks.count == 7)
        #expect(all.totalTokens == all.chunks.map(\.tokens).reduce(0, +))
        #expect(all.chunks.map(\.score) == all.chunks.map(\.score).sorted(by: >))
        for budget in [1, 5, 12, 20, 33] {
            let ctx = try base.withTokenBudget(budget).execute()
            #expect(ctx.totalTokens <= budget)
            #expect(ctx.chunks.allSatisfy { TokenEstimator.default.tokens($0.content) == $0.tokens })
        }
        let exact = try base.withTokenBudget(1000).withDeduplication(.exact).execute()
        #expect(exact.chunks.count == 6, "the copy with extra spaces is dropped")
        let semantic = try base.withTokenBudget(1000).withDeduplication(.semantic(threshold: 0.99)).execute()
        #expect(semantic.chunks.count < 7)
        #expect(semantic.asMarkdown().contains("## "))
        #expect(semantic.asJSON().hasPrefix("{\"totalTokens\":"))
        #expect(semantic.asToon().hasPrefix("chunks[\(semantic.chunks.count)]{id,score,tokens,content}:"))
        let words = TokenEstimator(name: "words") { $0.split(separator: " ").count }
        let byWords = try base.withTokenBudget(10).withTokenEstimator(words).execute()
        #expect(byWords.totalTokens <= 10 && byWords.estimator == "words")
        for bad in [0, -5] {
            let e = #expect(throws: ToonDBError.self) { try base.withTokenBudget(bad).execute() }
            #expect(e?.code == .invalidArgument)
        }
        #expect(throws: ToonDBError.self) { try ContextQuery(col).execute() }
        try db.close()
    }

    @Test func prefixQueriesSelectLimitAndCount() throws {
        let dir = TemporaryDirectory("pq")
        let db = try Database.open(dir.path)
        for i in 0..<25 {
            try db.put("products/p\(String(format: "%02d", i))", #"{"name":"item \#(i)","price":\#(i * 10),"tags":["a"]}"#)
        }
        try db.put("products/raw", "not json")
        try db.put("other/x", #"{"name":"outside"}"#)
        let rows = try db.query("products/").select(["name", "price"]).limit(10).toList()
        #expect(rows.count == 10)
        #expect(rows[0] == ["name": "item 0", "price": 0])
        #expect(Array(rows[3].keys) == ["name", "price"])
        #expect(try db.query("products/").count() == 26)
        #expect(try db.query("products/").filter(["price": .greaterThanOrEqual(200)]).count() == 5)
        #expect(try db.query("products/").first()?["_key"] == "products/p00")
        #expect(try db.query("products/raw").first()?["value"] == "not json")
        #expect(try db.query("products/").offset(24).select(["_key"]).toList().map { $0["_key"] } == ["products/p24", "products/raw"])
        #expect(try db.query("nothing/").exists() == false)
        #expect(try db.query("other/").exists())
        let table = try db.query("products/").select(["name", "price"]).limit(2).toResultSet().rendered(as: .csv)
        #expect(table.hasPrefix("name,price"))
        #expect(throws: ToonDBError.self) { try db.query("products/").limit(-1).toList() }
        try db.close()
    }
}
