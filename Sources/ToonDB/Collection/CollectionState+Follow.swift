import Foundation
import Synchronization
import ToonCore
import ToonIndex
internal import ToonStorage

/// Keeping a collection's index up to date with other processes' writes, on
/// a backend they share (etcd; README.md, "ToonDB on etcd").
///
/// The index reflects the documents at ``FollowState/applied``: the revision
/// it was loaded at, then each change the backend's feed delivers (puts and
/// deletes of documents, applied under ``writeLock`` like a local write, and
/// skipped when they are this process's own, already applied). A search with
/// ``SearchConsistency/latest`` first waits until `applied` reaches the
/// latest commit.
///
/// When the feed loses changes (the backend compacted its history past them
/// while this process was cut off), the index is read afresh from the
/// documents at the latest commit, on a thread of its own, and followed from
/// there; `.latest` searches wait for it. Searches go on meanwhile.
final class FollowState: Sendable {
    /// The revision the index reflects.
    let applied: Atomic<UInt64>
    let feed: Mutex<(any ChangeFeed)?> = Mutex(nil)
    /// Why the index stopped following, when reading the documents afresh
    /// failed too: `.latest` searches then fail with it.
    let failure: Mutex<String?> = Mutex(nil)
    /// Losses in quick succession (each within 10 s of the one before) and
    /// when the last was: a feed that keeps failing ends in ``failure``
    /// rather than in endless rereads.
    let losses = Mutex<(count: Int, last: ContinuousClock.Instant?)>((0, nil))
    /// Set when following stops for good (the collection dropped, the database closed).
    let stopped = Atomic<Bool>(false)

    init(applied: UInt64) { self.applied = Atomic(applied) }
}

extension CollectionState {
    /// Starts following other writers' changes to the documents after `revision`
    /// (nothing to do on a backend with no other writers).
    func follow(engine: any StorageBackend, after revision: UInt64) throws {
        following.applied.store(revision, ordering: .releasing)
        let feed = try engine.follow(prefix: documentPrefix, after: revision) { [weak self, weak engine] change in
            guard let self, let engine else { return }
            if case .lost(let reason) = change { readAfresh(engine: engine, after: reason) } else { apply(change) }
        }
        following.feed.withLock { $0 = feed }
    }

    /// Stops following (the collection was dropped or the database closed).
    func stopFollowing() {
        following.stopped.store(true, ordering: .releasing)
        following.feed.withLock { feed in
            feed?.cancel()
            feed = nil
        }
    }

    /// After the feed lost changes: on a thread of its own, reconciles the
    /// index with the documents at the latest commit and follows from there,
    /// as an open does. The lost feed stays in place until then, so `.latest`
    /// searches wait rather than answer from a stale index.
    private func readAfresh(engine: any StorageBackend, after reason: String) {
        let now = ContinuousClock.now
        let inARow = following.losses.withLock { losses in
            let quick = losses.last.map { now - $0 < .seconds(10) } ?? false
            losses = (quick ? losses.count + 1 : 1, now)
            return losses.count
        }
        guard inARow <= 3 else {
            following.failure.withLock { $0 = reason }
            return
        }
        do {
            try NativeThread.start("toondb-reread") { [weak self] in self?.reread(engine: engine, after: reason) }
        } catch {
            following.failure.withLock { $0 = "\(reason), and no thread could read the documents afresh: \(error)" }
        }
    }

    /// Reads the documents afresh and follows from there (``readAfresh(engine:after:)``'s thread).
    private func reread(engine: any StorageBackend, after reason: String) {
        guard !following.stopped.load(ordering: .acquiring) else { return }
        do {
            try writeLock.withLock { _ in
                let snapshot = try engine.acquireSnapshot().sequence
                try reconcile(engine: engine, at: snapshot, with: readDocuments(engine: engine, at: snapshot))
                dirty = true
                guard !following.stopped.load(ordering: .acquiring) else { return }
                let lost = following.feed.withLock { $0 }
                try follow(engine: engine, after: snapshot)
                lost?.cancel()
                recovery += "; read afresh from the documents at revision \(snapshot) after: \(reason)"
            }
        } catch {
            following.failure.withLock { $0 = "\(reason), and reading the documents afresh failed: \(error)" }
        }
    }

    /// Applies one change another writer (or this process) committed.
    func apply(_ change: BackendChange) {
        switch change {
        case .put(let key, let value, let revision):
            let id = String(decoding: key[documentPrefix.count...], as: UTF8.self)
            if let doc = value.withUnsafeBytes({ StoredDocument.decode(id: id, $0) }) {
                writeLock.withLock { _ in applyPut(doc) }
            }
            advance(to: revision)
        case .delete(let key, let revision):
            let id = String(decoding: key[documentPrefix.count...], as: UTF8.self)
            writeLock.withLock { _ in applyDelete(id) }
            advance(to: revision)
        case .caughtUp(let revision):
            advance(to: revision)
        case .lost:
            break  // handled by the feed's handler (``follow(engine:after:)``), which knows the backend
        }
    }

    private func advance(to revision: UInt64) {
        _ = following.applied.max(revision, ordering: .releasing)
    }

    /// A document's new version: its labels replace the old ones (owners first, invariant 4).
    private func applyPut(_ doc: StoredDocument) {
        let id = doc.document.id
        let old = maps.withReadLock { entries[id] }
        if old?.labels == doc.labels { return }  // this process's own write, applied already
        maps.withWriteLock {
            for (field, label) in doc.labels { owners[label] = (id, field) }
        }
        for (field, label) in doc.labels.sorted(by: { $0.value < $1.value }) where !index.contains(label: label) {
            if let v = doc.document.vectors[field] { try? index.insert(v, label: label) }
        }
        nextLabel = max(nextLabel, (doc.labels.values.max() ?? 0) + 1)
        if let old { for label in old.labels.values where !doc.labels.values.contains(label) { _ = index.remove(label: label) } }
        maps.withWriteLock {
            if let old { for label in old.labels.values where !doc.labels.values.contains(label) { owners[label] = nil } }
            entries[id] = Entry(labels: doc.labels, metadata: doc.document.metadata)
        }
        dirty = true
    }

    /// A deleted document leaves the index, then the maps.
    private func applyDelete(_ id: String) {
        guard let old = maps.withReadLock({ entries[id] }) else { return }
        for label in old.labels.values { _ = index.remove(label: label) }
        maps.withWriteLock {
            entries[id] = nil
            for label in old.labels.values { owners[label] = nil }
        }
        dirty = true
    }

    /// Waits until the index reflects every commit up to the latest one, at most `timeout`.
    func waitUntilCurrent(engine: any StorageBackend, timeout: Duration = .seconds(10)) throws {
        guard following.feed.withLock({ $0 }) != nil else { return }
        let latest = try engine.acquireSnapshot().sequence
        let deadline = ContinuousClock.now + timeout
        var asked: ObjectIdentifier?
        while following.applied.load(ordering: .acquiring) < latest {
            if let reason = following.failure.withLock({ $0 }) {
                throw ToonDBError(.unavailable, "the vector index of collection \"\(config.name)\" stopped following the documents: \(reason)",
                                  remediation: "open the database again to rebuild it from the documents")
            }
            if ContinuousClock.now > deadline {
                throw ToonDBError(.unavailable, "the vector index of collection \"\(config.name)\" did not catch up with revision \(latest) within \(timeout)",
                                  remediation: "retry, or search with consistency .eventual")
            }
            // Ask the feed in place (a new one after the index was read afresh) for the latest revision.
            if let feed = following.feed.withLock({ $0 }), asked != ObjectIdentifier(feed) {
                feed.requestCatchUp()
                asked = ObjectIdentifier(feed)
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }
}
