import Foundation
import Synchronization
import ToonCore
import ToonIndex
internal import ToonStorage

/// The in-memory side of one collection, shared by every ``VectorCollection``
/// handle of it: the HNSW index and the maps from documents to index labels.
///
/// Invariants:
/// 1. The documents in the key space are the truth; the index is derived.
///    Every write stores the document first (committed), then updates the
///    index, so a crash can only leave the index behind the documents.
/// 2. Loading reconciles the saved index file with the documents: labels no
///    document owns are removed, owned labels missing from the file are
///    inserted. A file that is missing, damaged or built with other
///    parameters is rebuilt from the documents (``recovery`` says which).
/// 3. Labels are never reused: the next label is stored with each write.
/// 4. A label is in ``owners`` before it is in the index and leaves the
///    index before it leaves ``owners``, so a search never finds a label it
///    cannot resolve. Writers hold ``writeLock``; the maps change only under
///    ``maps`` held exclusively, and searches hold it shared.
final class CollectionState: @unchecked Sendable {
    struct Entry {
        var labels: [String: UInt64]
        var metadata: OrderedDictionary<String, Value>
    }

    let namespace: String
    let config: CollectionConfig
    /// `\0n/<ns>/c/<name>/`.
    let base: [UInt8]
    let indexPath: String
    /// The database's file system (``DatabaseConfig/fileSystem``), which holds the index file.
    let fs: any FileSystem
    let index: HNSWIndex
    let writeLock = Mutex<Void>(())
    let maps = ReadWriteLock()
    var entries: [String: Entry] = [:]
    var owners: [UInt64: (id: String, field: String)] = [:]
    var nextLabel: UInt64 = 1
    /// Decoded posting lists of the text index, shared by every search (it
    /// checks each term's version, so it is never stale).
    let textCache = TextIndexCache()
    /// Whether the index changed since it was last saved.
    var dirty = false
    /// How far the index follows other writers (``follow(engine:after:)``).
    let following = FollowState(applied: 0)
    /// How the index was loaded (and read afresh after lost changes), for stats and the explorer.
    var recovery: String {
        get { recoveryNote.withLock { $0 } }
        set { recoveryNote.withLock { $0 = newValue } }
    }
    private let recoveryNote = Mutex("")

    var nextLabelKey: [UInt8] { base + Array("next".utf8) }
    var documentPrefix: [UInt8] { base + Array("d/".utf8) }
    func documentKey(_ id: String) -> [UInt8] { documentPrefix + Array(id.utf8) }
    /// Where the collection's text index keeps its keys.
    var textPrefix: [UInt8] { base + Array("t/".utf8) }

    /// The state of a collection with an empty index.
    convenience init(namespace: String, config: CollectionConfig, databasePath: String, fs: any FileSystem) throws {
        self.init(namespace: namespace, config: config,
                  indexPath: Self.indexPath(databasePath: databasePath, namespace: namespace, collection: config.name),
                  fs: fs, index: try HNSWIndex(config.hnsw))
    }

    private init(namespace: String, config: CollectionConfig, indexPath: String, fs: any FileSystem, index: HNSWIndex) {
        self.namespace = namespace
        self.config = config
        self.base = KeySpace.collection(namespace, config.name)
        self.indexPath = indexPath
        self.fs = fs
        self.index = index
    }

    /// `<db>/vectors/<namespace>/<collection>.hnsw`.
    static func indexPath(databasePath: String, namespace: String, collection: String) -> String {
        vectorDirectory(databasePath: databasePath, namespace: namespace) + "/" + collection + ".hnsw"
    }

    /// `<db>/vectors/<namespace>`: the index files of a namespace's collections.
    static func vectorDirectory(databasePath: String, namespace: String) -> String {
        databasePath + "/vectors/" + namespace
    }

    /// Loads the state of a collection whose config is stored: the saved index
    /// when it is sound, reconciled with the documents (invariant 2). The
    /// index file's checksum is computed in the background while the
    /// documents are read (``HNSWIndex/ChecksumCheck/inBackground``); a
    /// mismatch rebuilds the index from them before the collection is used.
    static func load(namespace: String, config: CollectionConfig, databasePath: String,
                     engine: any StorageBackend) throws -> CollectionState {
        let path = indexPath(databasePath: databasePath, namespace: namespace, collection: config.name)
        var note = "built from the documents"
        var saved: HNSWIndex?
        let fs = engine.fs
        if fs.fileExists(path) {
            do {
                let index = try HNSWIndex.load(from: path, fileSystem: fs, checksum: .inBackground)
                guard index.parameters.dimension == config.dimension, index.parameters.metric == config.metric,
                      index.parameters.m == config.m, index.parameters.quantization == config.quantization else {
                    throw ToonDBError(.corruption, "\(path) was built with other parameters than the collection's")
                }
                saved = index
                note = "loaded"
            } catch let e as ToonDBError {
                note = "rebuilt from the documents: \(e.message)"
            }
        }
        var state: CollectionState
        if let saved {
            state = CollectionState(namespace: namespace, config: config, indexPath: path, fs: fs, index: saved)
        } else {
            state = try CollectionState(namespace: namespace, config: config, databasePath: databasePath, fs: fs)
        }
        let snapshot = try engine.acquireSnapshot()
        let documents = try state.readDocuments(engine: engine, at: snapshot.sequence)
        do {
            try saved?.waitForLoadChecks()
        } catch let e as ToonDBError {
            note = "rebuilt from the documents: \(e.message)"
            state = try CollectionState(namespace: namespace, config: config, databasePath: databasePath, fs: fs)
        }
        try state.writeLock.withLock { _ in try state.reconcile(engine: engine, at: snapshot.sequence, with: documents) }
        try state.follow(engine: engine, after: snapshot.sequence)
        if note == "loaded", !state.dirty { state.recovery = "loaded \(path)" }
        else if note == "loaded" { state.recovery = "loaded \(path) and brought up to date from the documents" }
        else { state.recovery = note }
        return state
    }

    /// What the documents say at a snapshot: each one's labels and metadata,
    /// the owner of each label, and the next free label.
    struct DocumentMaps {
        var entries: [String: Entry] = [:]
        var owners: [UInt64: (id: String, field: String)] = [:]
        var nextLabel: UInt64 = 1
    }

    /// Reads every document's labels and metadata at `snapshot`.
    func readDocuments(engine: any StorageBackend, at snapshot: UInt64) throws -> DocumentMaps {
        var found = DocumentMaps()
        if let stored = try engine.get(nextLabelKey, snapshot: snapshot), stored.count == 8 {
            found.nextLabel = stored.withUnsafeBytes { Varint.fixed64($0, 0) }
        }
        // The index's count is the likely number of documents.
        found.entries.reserveCapacity(index.count)
        found.owners.reserveCapacity(index.count)
        let prefix = documentPrefix
        let it = try engine.iterator(lower: prefix, upper: prefix.prefixSuccessor, snapshot: snapshot)
        while let (key, value) = try it.next() {
            let id = String(decoding: key[prefix.count...], as: UTF8.self)
            guard let doc = value.withUnsafeBytes({ StoredDocument.decode(id: id, $0, withVectors: false) }) else {
                throw ToonDBError(.corruption, "document \"\(id)\" of collection \"\(config.name)\" is damaged",
                                  remediation: "restore the database from a backup")
            }
            found.entries[id] = Entry(labels: doc.labels, metadata: doc.document.metadata)
            for (field, label) in doc.labels {
                found.owners[label] = (id, field)
                found.nextLabel = max(found.nextLabel, label + 1)
            }
        }
        return found
    }

    /// Invariant 2: makes the index and the maps agree with `documents`
    /// (read at `snapshot` by ``readDocuments(engine:at:)``): inserts, in
    /// label order, the owned labels the index lacks and removes the labels
    /// no document owns. The caller holds ``writeLock``; searches may run
    /// meanwhile: the documents' labels join ``owners`` before the index, and
    /// labels no document owns leave the index before they leave ``owners``
    /// (invariant 4).
    func reconcile(engine: any StorageBackend, at snapshot: UInt64, with documents: DocumentMaps) throws {
        var missing: [(label: UInt64, owner: (id: String, field: String))] = []
        for (label, owner) in documents.owners where !index.contains(label: label) { missing.append((label, owner)) }
        missing.sort { $0.label < $1.label }
        // The index holds a label no document owns exactly when it holds more than the owned ones it has.
        let hasStale = index.count != documents.owners.count - missing.count
        maps.withWriteLock {
            if owners.isEmpty { owners = documents.owners } else { owners.merge(documents.owners) { $1 } }
        }
        if !missing.isEmpty {
            dirty = true
            var rows: [Float] = []
            var labels: [UInt64] = []
            rows.reserveCapacity(missing.count * config.dimension)
            for (label, owner) in missing {
                guard let bytes = try engine.get(documentKey(owner.id), snapshot: snapshot),
                      let doc = bytes.withUnsafeBytes({ StoredDocument.decode(id: owner.id, $0) }),
                      let v = doc.document.vectors[owner.field] else { continue }
                rows += v
                labels.append(label)
            }
            try rows.withUnsafeBufferPointer { p in
                try index.insert(rows: p, labels: labels, threads: ProcessInfo.processInfo.activeProcessorCount, progress: nil)
            }
        }
        if hasStale {
            for label in index.labels where documents.owners[label] == nil {
                _ = index.remove(label: label)
                dirty = true
            }
        }
        maps.withWriteLock {
            entries = documents.entries
            owners = documents.owners
        }
        nextLabel = max(nextLabel, documents.nextLabel)
    }

    /// The documents' own vectors, by label, for re-ranking a quantized
    /// index's candidates (``HNSWIndex/VectorLookup``); ``maps`` must be held.
    func documentVectors(engine: any StorageBackend) -> HNSWIndex.VectorLookup? {
        guard config.quantization != .none else { return nil }
        return { [self] label, out in
            guard let owner = owners[label],
                  let bytes = try? engine.get(documentKey(owner.id)),
                  let doc = bytes.withUnsafeBytes({ StoredDocument.decode(id: owner.id, $0) }),
                  let v = doc.document.vectors[owner.field], v.count == out.count else { return false }
            _ = out.update(fromContentsOf: v)
            return true
        }
    }

    /// Writes the index file when it changed (atomically, see ``HNSWIndex/write(to:fileSystem:)``).
    func save() throws {
        try writeLock.withLock { _ in
            guard dirty else { return }
            try fs.createDirectory(FilePaths.parent(of: indexPath))
            try index.write(to: indexPath, fileSystem: fs)
            dirty = false
        }
    }
}
