import ToonCore
import ToonIndex
import ToonSQL
internal import ToonStorage

/// What ``Database/verify()`` read and found sound.
public struct VerificationReport: Sendable {
    /// Entries read from the key space (every block's checksum is checked as it is read).
    public var entries = 0
    /// Each collection's figures, by namespace and name.
    public var collections: [CollectionVerification] = []
    /// Each SQL index, by table and name.
    public var sqlIndexes: [SQLIndexVerification] = []
    /// Each namespace's graph that holds a node or an edge.
    public var graphs: [GraphVerification] = []
}

/// One collection as ``Database/verify()`` found it.
public struct CollectionVerification: Sendable {
    /// The namespace and the collection's name.
    public var namespace: String, name: String
    /// Stored documents, and vectors in the index (one per vector field).
    public var documents: Int, vectors: Int
    /// The vector index's graph (every element reachable from the entry point).
    public var graph: HNSWGraphStats
    /// The text index's figures, for a collection with hybrid search.
    public var text: TextIndexStats?
}

extension Database {
    /// Reads the whole database and checks what can be checked without a
    /// second copy: every entry of the key space (so every block's
    /// checksum); every SQL index against its table's rows
    /// (``SQLIndexVerification``); each namespace's graph, both adjacency
    /// lists against each other and the nodes (``GraphVerification``); and
    /// for each collection its vector index graph (``HNSWIndex/verify()``),
    /// that the index holds exactly the vectors of the stored documents, and
    /// its text index (``BM25Index/verify()``). Throws `corruption` naming
    /// the first fault. `toondb verify` runs it.
    public func verify() throws -> VerificationReport {
        var report = VerificationReport()
        let it = try engine.iterator(lower: [], upper: nil)
        while try it.next() != nil { report.entries += 1 }
        let txn = try engine.beginTransaction()
        defer { txn.abort() }
        report.sqlIndexes = try sql.verifyIndexes(in: txn)
        for info in try listNamespaces() {
            let graph = try GraphOverlay(self, namespace: info.name).verify()
            if graph.nodes > 0 || graph.edges > 0 { report.graphs.append(graph) }
            let ns = try namespace(info.name)
            for config in try ns.listCollections() {
                report.collections.append(try verifyCollection(try ns.collection(config.name).state, in: info.name))
            }
        }
        return report
    }

    private func verifyCollection(_ state: CollectionState, in namespace: String) throws -> CollectionVerification {
        let name = "\(namespace)/\(state.config.name)"
        func fault(_ what: String) -> ToonDBError {
            ToonDBError(.corruption, "collection \(name): \(what)",
                        remediation: "delete the collection's .hnsw file to rebuild the index from the documents")
        }
        let graph: HNSWGraphStats
        do { graph = try state.index.verify() } catch let e as ToonDBError { throw fault(e.message) }
        var documents = 0
        let prefix = state.documentPrefix
        let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor)
        while try it.next() != nil { documents += 1 }
        let (entries, owners) = state.maps.withReadLock { (state.entries.count, state.owners) }
        guard documents == entries else { throw fault("\(documents) documents are stored but \(entries) are loaded") }
        for (label, owner) in owners where !state.index.contains(label: label) {
            throw fault("the vector \"\(owner.field)\" of document \"\(owner.id)\" is missing from the index")
        }
        guard graph.live == owners.count else {
            throw fault("the index holds \(graph.live) vectors but the documents have \(owners.count)")
        }
        var text: TextIndexStats?
        if state.config.enableHybridSearch {
            let txn = try engine.beginTransaction()
            defer { txn.abort() }
            do {
                text = try BM25Index(store: StorageIndexStore(txn, prefix: state.textPrefix), cache: state.textCache).verify()
            } catch let e as ToonDBError { throw fault(e.message) }
        }
        return CollectionVerification(namespace: namespace, name: state.config.name, documents: documents,
                                      vectors: owners.count, graph: graph, text: text)
    }
}
