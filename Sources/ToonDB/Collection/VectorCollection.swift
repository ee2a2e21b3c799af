import Foundation
import OrderedCollections
import ToonCore
import ToonIndex
internal import ToonStorage

/// A collection of documents with vectors, metadata and optional text, in
/// a namespace (README.md, "From Swift"). Its vectors are indexed by HNSW; with
/// ``CollectionConfig/enableHybridSearch`` its text is indexed by BM25.
///
/// ```swift
/// let col = try ns.createCollection(CollectionConfig(name: "docs", dimension: 384))
/// try col.insert(id: "doc_1", vector: v, metadata: ["title": "Guide"], content: "ToonDB is fast")
/// let hits = try col.search(vector: q, k: 10, filter: ["lang": "en"], efSearch: 64)
/// ```
/// Writes are durable when they return (the documents are in the write-ahead
/// log); the index file is saved at checkpoints and on close, and brought up
/// to date from the documents when the database is reopened.
public final class VectorCollection: @unchecked Sendable {
    /// The namespace holding the collection.
    public let namespace: Namespace
    let state: CollectionState

    init(namespace: Namespace, state: CollectionState) {
        self.namespace = namespace
        self.state = state
    }

    /// The collection's name.
    public var name: String { state.config.name }
    /// Its configuration (immutable).
    public var config: CollectionConfig { state.config }
    /// The number of documents.
    public var count: Int { state.maps.withReadLock { state.entries.count } }
    var engine: any StorageBackend { namespace.database.engine }

    /// Adds a document; `alreadyExists` if `id` is taken (see ``upsert(id:vector:metadata:content:)``).
    /// Metadata is built from variables or literals (`["title": title, "year": year]`, see ``ValueConvertible``).
    public func insert(id: String, vector: [Float], metadata: OrderedDictionary<String, any ValueConvertible> = [:],
                       content: String? = nil) throws {
        try insert(id: id, vector: vector, metadata: metadata.toonValues, content: content)
    }

    /// Adds a document whose metadata is already made of ``Value``s.
    @_disfavoredOverload
    public func insert(id: String, vector: [Float], metadata: OrderedDictionary<String, Value> = [:],
                       content: String? = nil) throws {
        try write([CollectionDocument(id: id, vector: vector, metadata: metadata, content: content)], replacing: false)
    }

    /// Adds or replaces a document.
    public func upsert(id: String, vector: [Float], metadata: OrderedDictionary<String, any ValueConvertible> = [:],
                       content: String? = nil) throws {
        try upsert(id: id, vector: vector, metadata: metadata.toonValues, content: content)
    }

    /// Adds or replaces a document whose metadata is already made of ``Value``s.
    @_disfavoredOverload
    public func upsert(id: String, vector: [Float], metadata: OrderedDictionary<String, Value> = [:],
                       content: String? = nil) throws {
        try write([CollectionDocument(id: id, vector: vector, metadata: metadata, content: content)], replacing: true)
    }

    /// Adds many documents atomically (all or none), indexing them on every core.
    /// `alreadyExists` if any id is taken, unless `upsert` is true.
    public func insertBatch(_ documents: [CollectionDocument], upsert: Bool = false) throws {
        try write(documents, replacing: upsert)
    }

    /// The document `id`, or nil.
    public func get(_ id: String) throws -> CollectionDocument? {
        try namespace.checkLive()
        guard let bytes = try engine.get(state.documentKey(id)) else { return nil }
        guard let doc = bytes.withUnsafeBytes({ StoredDocument.decode(id: id, $0) }) else {
            throw ToonDBError(.corruption, "document \"\(id)\" of collection \"\(name)\" is damaged")
        }
        return doc.document
    }

    /// Removes the document `id`; returns whether it existed.
    @discardableResult
    public func delete(_ id: String) throws -> Bool {
        try namespace.checkLive()
        return try state.writeLock.withLock { _ in
            guard let entry = state.maps.withReadLock({ state.entries[id] }) else { return false }
            let txn = try engine.beginTransaction()
            do {
                if state.config.enableHybridSearch { try textIndex(txn).remove(docID: entry.primaryLabel) }
                try txn.delete(state.documentKey(id))
                try txn.commit()
            } catch {
                txn.abort()
                throw error
            }
            for label in entry.labels.values { _ = state.index.remove(label: label) }
            state.maps.withWriteLock {
                state.entries[id] = nil
                for label in entry.labels.values { state.owners[label] = nil }
            }
            state.dirty = true
            return true
        }
    }

    /// The `k` nearest documents to `vector` (approximately, by HNSW), best
    /// first. `filter` is applied during the search, so k hits come back
    /// whenever k documents match (a selective filter is answered by an
    /// exact scan of the matching documents, see
    /// ``HNSWIndex/search(_:k:efSearch:filter:rerank:vectors:)``). `efSearch`
    /// (default max(k, 64)) trades speed for recall. In a quantized
    /// collection the best `rerank` candidates (default 4·k) are re-ranked
    /// with the vectors stored in their documents.
    /// `consistency` says whether to wait for other processes' latest writes
    /// first (``SearchConsistency``; only a database on etcd has such writes).
    public func search(vector: [Float], k: Int, filter: [String: MetadataFilter] = [:],
                       efSearch: Int? = nil, rerank: Int? = nil,
                       consistency: SearchConsistency = .eventual) throws -> [SearchResult] {
        if consistency == .latest { try state.waitUntilCurrent(engine: engine) }
        let vectors = state.documentVectors(engine: engine)
        return try vectorHits(vector, k: k, filter: filter) { q, k, f in
            try state.index.search(q, k: k, efSearch: efSearch, filter: f, rerank: rerank, vectors: vectors)
        }
    }

    /// Like ``search(vector:k:filter:efSearch:)`` but exact (every document
    /// compared), for verification and small collections.
    public func exactSearch(vector: [Float], k: Int, filter: [String: MetadataFilter] = [:]) throws -> [SearchResult] {
        let vectors = state.documentVectors(engine: engine)
        return try vectorHits(vector, k: k, filter: filter) { q, k, f in
            try state.index.exactSearch(q, k: k, filter: f, vectors: vectors)
        }
    }

    /// Up to `limit` document ids in byte order, after `after` when given.
    public func documentIDs(after: String? = nil, limit: Int) throws -> [String] {
        try namespace.checkLive()
        guard limit > 0 else { return [] }
        let prefix = state.documentPrefix
        let lower = after.map { prefix + Array($0.utf8) + [0] } ?? prefix
        let it = try engine.iterator(lower: lower, upper: prefix.prefixSuccessor, snapshot: nil)
        var out: [String] = []
        while out.count < limit, let (key, _) = try it.next() {
            out.append(String(decoding: key[prefix.count...], as: UTF8.self))
        }
        return out
    }

    /// How the index was loaded ("loaded …", "rebuilt from the documents: …") and its size.
    public var indexStatus: String { state.recovery }

    /// The index's element counts and memory: bytes per vector (floats or
    /// codes), graph bytes and tombstones. The documents' own vectors, which
    /// a quantized collection re-ranks with, are in the key space, not here.
    public func stats() throws -> VectorIndexStats {
        try namespace.checkLive()
        return state.index.stats
    }

    // MARK: - internals

    /// Runs an index search and turns labels into results, one per document.
    private func vectorHits(_ query: [Float], k: Int, filter: [String: MetadataFilter],
                            run: ([Float], Int, ((UInt64) -> Bool)?) throws -> [VectorHit]) throws -> [SearchResult] {
        try namespace.checkLive()
        try checkK(k)
        try checkVector(query, what: "the query vector")
        namespace.database.queries.add(1, ordering: .relaxed)
        let s = state
        let resolved: [(id: String, distance: Float)] = try s.maps.withReadLock {
            let predicate: ((UInt64) -> Bool)? = filter.isEmpty ? nil : { label in
                guard let owner = s.owners[label], let e = s.entries[owner.id] else { return false }
                return MetadataFilter.matches(filter, e.metadata)
            }
            // A document with several vectors can appear more than once: ask for more until k distinct.
            var want = k
            while true {
                let hits = try run(query, want, predicate)
                var seen = Set<String>(), out: [(String, Float)] = []
                for h in hits {
                    guard let owner = s.owners[h.label], seen.insert(owner.id).inserted else { continue }
                    out.append((owner.id, h.distance))
                    if out.count == k { break }
                }
                if out.count == k || hits.count < want { return out }
                want *= 2
            }
        }
        return try resolved.map { try result(id: $0.id, distance: $0.distance) }
    }

    /// A result for a document found at `distance`.
    func result(id: String, distance: Float) throws -> SearchResult {
        let (score, d) = SearchResult.scoreAndDistance(distance, state.config.metric)
        return try result(id: id, score: score, distance: d)
    }

    /// A result with metadata and content read from the stored document.
    func result(id: String, score: Double, distance: Double) throws -> SearchResult {
        guard let bytes = try engine.get(state.documentKey(id)),
              let doc = bytes.withUnsafeBytes({ StoredDocument.decode(id: id, $0, withVectors: false) }) else {
            throw ToonDBError(.notFound, "document \"\(id)\" of collection \"\(name)\" vanished during the search")
        }
        return SearchResult(id: id, score: score, distance: distance, metadata: doc.document.metadata,
                            content: doc.document.content)
    }

    func checkK(_ k: Int) throws {
        if k <= 0 {
            throw ToonDBError(.invalidArgument, "k must be positive, not \(k)", remediation: "ask for 1 or more results")
        }
    }

    /// Throws `dimensionMismatch` or `invalidArgument` for a vector the index would refuse.
    func checkVector(_ v: [Float], what: String) throws {
        if v.isEmpty { throw ToonDBError(.invalidArgument, "\(what) is empty") }
        if v.count != state.config.dimension {
            throw ToonDBError(.dimensionMismatch,
                              "\(what) has \(v.count) dimensions; collection \"\(name)\" has \(state.config.dimension)")
        }
        if let i = v.firstIndex(where: { !$0.isFinite }) {
            throw ToonDBError(.invalidArgument, "\(what) has a non-finite component (\(v[i]) at \(i))")
        }
        if state.config.metric == .cosine, v.allSatisfy({ $0 == 0 }) {
            throw ToonDBError(.invalidArgument, "\(what) is the zero vector, which has no cosine similarity")
        }
    }

    /// Stores documents in one transaction, then indexes them (CollectionState invariants 1, 3, 4).
    func write(_ documents: [CollectionDocument], replacing: Bool) throws {
        try namespace.checkLive()
        var ids = Set<String>()
        for d in documents {
            if d.id.isEmpty || d.id.utf8.count > 1024 {
                throw ToonDBError(.invalidArgument, "document id \"\(d.id.prefix(40))\" must be 1 to 1024 bytes")
            }
            guard ids.insert(d.id).inserted else {
                throw ToonDBError(.invalidArgument, "document id \"\(d.id)\" appears twice in one batch")
            }
            if d.vectors.isEmpty { throw ToonDBError(.invalidArgument, "document \"\(d.id)\" has no vector") }
            for (field, v) in d.vectors {
                try checkVector(v, what: field.isEmpty ? "the vector of \"\(d.id)\"" : "vector \"\(field)\" of \"\(d.id)\"")
            }
        }
        guard !documents.isEmpty else { return }
        let s = state
        try s.writeLock.withLock { _ in
            let previous = s.maps.withReadLock { documents.map { s.entries[$0.id] } }
            if !replacing, let i = previous.firstIndex(where: { $0 != nil }) {
                throw ToonDBError(.alreadyExists, "document \"\(documents[i].id)\" already exists in collection \"\(name)\"",
                                  remediation: "use upsert to replace it")
            }
            let txn = try engine.beginTransaction()
            // The stored counter, not only this process's: on a shared backend (etcd) another
            // process may have taken labels since; both writing the counter makes them conflict.
            var next = s.nextLabel
            if let bytes = try txn.get(s.nextLabelKey), bytes.count == 8 {
                next = max(next, bytes.withUnsafeBytes { Varint.fixed64($0, 0) })
            }
            let stored = documents.map { d in
                var labels: [String: UInt64] = [:]
                for field in d.vectors.keys.sorted() { labels[field] = next; next += 1 }
                return StoredDocument(document: d, labels: labels)
            }
            do {
                let text = s.config.enableHybridSearch ? try textIndex(txn) : nil
                var texts: [(docID: UInt64, text: String)] = []
                for (doc, old) in zip(stored, previous) {
                    if let text, let old { try text.remove(docID: old.primaryLabel) }
                    try txn.put(s.documentKey(doc.document.id), doc.encoded())
                    if let content = doc.document.content { texts.append((doc.labels.values.min()!, content)) }
                }
                if let text, !texts.isEmpty { try text.add(texts) }
                var nextBytes: [UInt8] = []
                Varint.appendFixed64(next, to: &nextBytes)
                try txn.put(s.nextLabelKey, nextBytes)
                try txn.commit()
            } catch {
                txn.abort()
                throw error
            }
            s.nextLabel = next
            // Owners first, then the index (invariant 4).
            s.maps.withWriteLock {
                for doc in stored {
                    for (field, label) in doc.labels { s.owners[label] = (doc.document.id, field) }
                }
            }
            var rows: [Float] = [], labels: [UInt64] = []
            for doc in stored {
                for (field, label) in doc.labels.sorted(by: { $0.value < $1.value }) {
                    rows += doc.document.vectors[field]!
                    labels.append(label)
                }
            }
            if labels.count == 1 {
                try s.index.insert(rows, label: labels[0])
            } else {
                try rows.withUnsafeBufferPointer { p in
                    try s.index.insert(rows: p, labels: labels, threads: ProcessInfo.processInfo.activeProcessorCount,
                                       progress: nil)
                }
            }
            for old in previous.compactMap({ $0 }) {
                for label in old.labels.values { _ = s.index.remove(label: label) }
            }
            s.maps.withWriteLock {
                for (doc, old) in zip(stored, previous) {
                    if let old { for label in old.labels.values { s.owners[label] = nil } }
                    s.entries[doc.document.id] = CollectionState.Entry(labels: doc.labels, metadata: doc.document.metadata)
                }
            }
            s.dirty = true
        }
    }
}

extension CollectionState.Entry {
    /// The smallest label of a document: its id in the text index.
    var primaryLabel: UInt64 { labels.values.min() ?? 0 }
}
