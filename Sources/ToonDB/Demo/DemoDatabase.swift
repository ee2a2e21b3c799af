import Foundation
import ToonCore

/// Builds the demo database `toondb demo` opens (toondb(1), EXPLORER): key paths
/// (with wide characters), two related SQL tables, a hybrid collection of
/// articles with vectors and text, and a small graph — every branch of the
/// explorer's tree has something in it. Deterministic: the same database
/// each time, so tests and the bench can rely on its contents.
public enum DemoDatabase {
    /// The namespace holding the collection and the graph.
    public static let namespace = "library"
    /// The hybrid collection.
    public static let collection = "articles"
    /// The vectors' dimension.
    public static let dimension = 16

    /// Creates (or refills) the demo contents in `db`.
    public static func populate(_ db: Database) throws {
        let kv: [(String, String)] = [
            ("users/alice/name", "Alice Martin"),
            ("users/alice/email", "alice@example.com"),
            ("users/alice/profile", #"{"age":30,"city":"Lyon","tags":["admin","editor"],"active":true,"manager":null}"#),
            ("users/bob/name", "Bob Okafor"),
            ("users/bob/email", "bob@example.com"),
            ("users/bob/profile", #"{"age":41,"city":"Lagos","tags":["reader"],"active":false,"manager":"alice"}"#),
            ("users/yuki/name", "山田 由紀"),
            ("users/yuki/email", "yuki@example.jp"),
            ("users/yuki/profile", #"{"age":27,"city":"東京","tags":["writer","🎌"],"active":true,"manager":"alice"}"#),
            ("tenants/acme/settings/theme", "dark"),
            ("tenants/acme/settings/locale", "en-GB"),
            ("tenants/acme/plan", #"{"tier":"gold","seats":25,"renews":"2026-01-01"}"#),
            ("tenants/globex/plan", #"{"tier":"silver","seats":5,"renews":"2025-09-30"}"#),
            ("config/feature_flags", #"{"hybrid_search":true,"graph_overlay":true,"dark_mode":"auto"}"#),
            ("config/motd", "Welcome to ToonDB 👋\nThis value has two lines."),
            ("metrics/requests/2025-06-01", "1042"),
            ("metrics/requests/2025-06-02", "987"),
            ("metrics/requests/2025-06-03", "1311"),
        ]
        for (k, v) in kv { try db.putPath(k, v) }
        try db.put(Array("blobs/logo.bin".utf8), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0xFF, 0x10])
        for i in 0..<120 {
            try db.putPath(String(format: "events/%04d", i), #"{"seq":\#(i),"kind":"\#(["login", "logout", "search", "export"][i % 4])"}"#)
        }

        _ = try db.executeSQL("""
            CREATE TABLE IF NOT EXISTS authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
            CREATE TABLE IF NOT EXISTS books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id),
                title TEXT NOT NULL, year INTEGER, rating REAL, notes TEXT);
            DELETE FROM books;
            DELETE FROM authors;
            INSERT INTO authors VALUES (1, 'Ursula K. Le Guin', 'US'), (2, 'Haruki Murakami', 'JP'),
                (3, 'Chinua Achebe', 'NG'), (4, 'Italo Calvino', 'IT'), (5, '莫言', 'CN');
            INSERT INTO books VALUES
                (1, 1, 'A Wizard of Earthsea', 1968, 4.3, NULL),
                (2, 1, 'The Left Hand of Darkness', 1969, 4.1, 'Hugo and Nebula awards'),
                (3, 1, 'The Dispossessed', 1974, 4.2, 'An ambiguous utopia, told in alternating chapters across two worlds'),
                (4, 2, 'Norwegian Wood', 1987, 4.0, NULL),
                (5, 2, 'Kafka on the Shore', 2002, 4.1, 'ラジオ and cats'),
                (6, 3, 'Things Fall Apart', 1958, 3.9, NULL),
                (7, 4, 'Invisible Cities', 1972, 4.2, 'Marco Polo describes cities to Kublai Khan'),
                (8, 4, 'If on a winter''s night a traveler', 1979, 4.1, NULL),
                (9, 5, '红高粱家族', 1986, 3.8, 'Red Sorghum');
            """)

        let ns = try db.namespaceCreatingIfMissing(namespace)
        let existing = try ns.listCollections().contains { $0.name == collection }
        if existing { try ns.deleteCollection(collection) }
        let col = try ns.createCollection(CollectionConfig(name: collection, dimension: dimension, enableHybridSearch: true))
        let docs = articles.enumerated().map { i, a in
            CollectionDocument(id: String(format: "a%02d", i + 1), vector: embed(a.text),
                               metadata: ["title": .string(a.title), "topic": .string(a.topic)], content: a.text)
        }
        try col.insertBatch(docs, upsert: true)

        let graph = GraphOverlay(db, namespace: namespace)
        let people = [("alice", "person"), ("bob", "person"), ("yuki", "person"), ("carol", "person")]
        for (id, type) in people { try graph.addNode(id, type: type, properties: ["name": id.capitalized]) }
        for b in ["earthsea", "dispossessed", "invisible-cities", "kafka"] { try graph.addNode(b, type: "book") }
        try graph.addNode("acme", type: "company")
        let edges = [
            ("alice", "knows", "bob"), ("bob", "knows", "yuki"), ("yuki", "knows", "carol"), ("carol", "knows", "alice"),
            ("alice", "works_at", "acme"), ("bob", "works_at", "acme"),
            ("alice", "read", "earthsea"), ("alice", "read", "dispossessed"), ("yuki", "read", "kafka"),
            ("bob", "read", "invisible-cities"), ("carol", "read", "earthsea"), ("dispossessed", "cites", "earthsea"),
        ]
        for (a, t, b) in edges { try graph.addEdge(a, t, b) }
        try db.checkpoint()
    }

    /// A small deterministic embedding: hashed word counts, normalised (so
    /// texts sharing words lie close; good enough to show "more like this").
    public static func embed(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count > 3 {
            var h: UInt32 = 2_166_136_261
            for b in word.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
            v[Int(h % UInt32(dimension))] += 1
            v[Int((h >> 8) % UInt32(dimension))] += 0.5
        }
        let norm = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norm > 0 ? v.map { $0 / norm } : [Float](repeating: 1 / Float(dimension).squareRoot(), count: dimension)
    }

    static let articles: [(title: String, topic: String, text: String)] = [
        ("LSM trees", "storage", "Log structured merge trees turn random writes into sequential writes with compaction"),
        ("Write-ahead logs", "storage", "A write ahead log makes commits durable before the memtable is flushed to segment files"),
        ("Bloom filters", "storage", "Bloom filters let a reader skip segment files that cannot hold a key"),
        ("HNSW graphs", "vectors", "Hierarchical navigable small world graphs answer nearest neighbour vector queries quickly"),
        ("Cosine distance", "vectors", "Cosine distance compares the direction of two embedding vectors regardless of length"),
        ("Product quantisation", "vectors", "Quantisation compresses vectors into codes so more embeddings fit in memory"),
        ("BM25 ranking", "search", "BM25 ranks documents by keyword frequency with saturation and length normalisation"),
        ("Hybrid retrieval", "search", "Hybrid retrieval fuses keyword ranking and vector similarity with reciprocal rank fusion"),
        ("Tokenisers", "search", "A tokeniser splits text into words, folds case and drops stop words before indexing"),
        ("MVCC snapshots", "transactions", "Multi version concurrency control gives every reader a consistent snapshot without locks"),
        ("Serializable commits", "transactions", "Conflict checks at commit time stop lost updates between concurrent transactions"),
        ("Group commit", "transactions", "Group commit lets one fsync make many concurrent transactions durable"),
        ("Graph overlays", "graphs", "A graph overlay stores nodes and typed edges beside documents in the same key space"),
        ("Traversal", "graphs", "Breadth first traversal walks the neighbourhood of a node to a chosen depth"),
        ("TOON format", "formats", "TOON encodes tabular JSON compactly for language models with fewer tokens"),
        ("Terminal UIs", "tools", "A terminal explorer shows keys, values, queries, search results and graphs in panes"),
        ("東京の図書館", "tools", "多言語のテキスト and wide characters in a terminal need display width aware layout"),
        ("Context windows", "search", "Context queries pack the most relevant documents into a token budget for a language model"),
    ]
}
