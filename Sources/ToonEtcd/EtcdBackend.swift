import Foundation
import Synchronization
import ToonCore
package import ToonStorage

/// ToonDB's storage on an etcd v3 cluster (ARCHITECTURE.md, "Storage
/// backends"): every key of the database lives under one key prefix of the
/// cluster, a snapshot is an etcd revision, and a commit is one etcd `Txn`.
///
/// Conflicts: a transaction's commit compares, for every key it writes, the
/// key's `mod_revision` with the one it had at the snapshot (0 when absent),
/// so a put, a delete or a delete-and-recreate by anyone after the snapshot
/// fails the compare and the commit is `transactionConflict`, as embedded.
/// A range the transaction guards (``WriteBatch/guardedRanges``) is one
/// compare over the range: every key in it must have a `mod_revision` at or
/// below the snapshot, so a key put there since fails it. (etcd keeps no
/// trace of a deleted key to compare, so a delete inside a guarded range is
/// caught only where the key is also written, as above; the embedded engine
/// catches it too.)
package final class EtcdBackend: StorageBackend, @unchecked Sendable {
    /// The client all requests go through.
    let client: EtcdClient
    /// The bytes every key of this database starts with in the cluster.
    let keyPrefix: [UInt8]
    /// Where vector index files are kept (a local directory).
    package let fs: any FileSystem
    /// Keys a `Range` page holds at most.
    let pageSize: Int
    private let transactionNumbers = Atomic<UInt64>(0)
    private let counters = EtcdCounters()
    /// What reads at the snapshots of open transactions learned (``SnapshotReads``).
    private let snapshotReads = Mutex<[UInt64: SnapshotReads]>([:])

    /// A backend on `client` whose keys live under `prefix`.
    package init(client: EtcdClient, prefix: [UInt8], fs: any FileSystem = PosixFileSystem(), pageSize: Int = 512) {
        self.client = client
        self.keyPrefix = prefix
        self.fs = fs
        self.pageSize = pageSize
    }

    // MARK: keys

    /// The cluster key of database key `key`.
    func stored(_ key: [UInt8]) -> [UInt8] { keyPrefix + key }

    /// The end of the cluster range for database range end `upper` (nil: the end of the prefix).
    func storedEnd(_ upper: [UInt8]?) -> [UInt8] {
        if let upper { return keyPrefix + upper }
        // Every key of the prefix; an all-0xFF prefix has no successor: etcd's "\0" end means "to the end".
        return keyPrefix.prefixSuccessor ?? [0]
    }

    // MARK: reads

    package func get(_ key: [UInt8], snapshot: UInt64?) throws -> [UInt8]? {
        let page = try client.range(stored(key), revision: Int64(snapshot ?? 0))
        if let snapshot { learn([(key, page.kvs.first?.modRevision ?? 0)], at: snapshot) }
        return page.kvs.first?.value
    }

    /// Remembers the `mod_revision` (0: absent) that keys had at `snapshot`, while a transaction reads there.
    func learn(_ revisions: [([UInt8], Int64)], at snapshot: UInt64) {
        snapshotReads.withLock { reads in
            guard reads[snapshot] != nil else { return }
            for (key, revision) in revisions where reads[snapshot]!.modRevisions.count < SnapshotReads.capacity {
                reads[snapshot]!.modRevisions[key] = revision
            }
        }
    }

    package func cursor(lower: [UInt8], upper: [UInt8]?, snapshot: UInt64?) throws -> EtcdCursor {
        EtcdCursor(backend: self, lower: lower, upper: upper, revision: snapshot.map(Int64.init))
    }

    /// The revision of the latest commit (one linearizable request).
    func currentRevision() throws -> UInt64 {
        UInt64(try client.range(stored([]), countOnly: true).revision)
    }

    package func acquireSnapshot() throws -> SnapshotHandle {
        SnapshotHandle(sequence: try currentRevision()) {}
    }

    /// A transaction whose snapshot its first read fixes (the revision that
    /// read is served at), so beginning costs no request.
    package func beginTransaction() throws -> StorageTransaction {
        StorageTransaction(backend: self, id: transactionNumbers.add(1, ordering: .relaxed).newValue, snapshot: nil)
    }

    package func fixSnapshot() throws -> UInt64 {
        try hold(currentRevision())
    }

    /// Counts one more transaction at snapshot `revision` (``endTransaction(snapshot:committed:)`` counts it out).
    private func hold(_ revision: UInt64) -> UInt64 {
        snapshotReads.withLock { $0[revision, default: SnapshotReads()].transactions += 1 }
        return revision
    }

    /// One linearizable `Range` at the latest revision: the value, and that revision as the snapshot.
    package func readFixingSnapshot(_ key: [UInt8]) throws -> (value: [UInt8]?, snapshot: UInt64) {
        let page = try client.range(stored(key))
        let revision = hold(UInt64(page.revision))
        learn([(key, page.kvs.first?.modRevision ?? 0)], at: revision)
        return (page.kvs.first?.value, revision)
    }

    package func endTransaction(snapshot: UInt64?, committed: Bool) {
        if let snapshot {
            snapshotReads.withLock { reads in
                reads[snapshot]?.transactions -= 1
                if reads[snapshot]?.transactions == 0 { reads[snapshot] = nil }
            }
        }
        if committed { counters.commits.add(1, ordering: .relaxed) } else { counters.aborts.add(1, ordering: .relaxed) }
    }

    // MARK: writes

    package func write(_ batch: WriteBatch, snapshot: UInt64?) throws -> UInt64 {
        // etcd refuses a key twice in one Txn: the last operation on a key wins, in first-seen order.
        var last: [[UInt8]: Int] = [:]
        for (i, op) in batch.operations.enumerated() { last[op.key] = i }
        let ops = batch.operations.enumerated().filter { last[$0.element.key] == $0.offset }.map(\.element)
        // Nothing to write (a read-only transaction commits so): no request; its snapshot is its commit.
        if ops.isEmpty { return try snapshot ?? currentRevision() }
        // A lone write with no snapshot to check needs no Txn: a Put or a DeleteRange is lighter for etcd.
        if snapshot == nil, ops.count == 1 {
            let op = ops[0]
            counters.bytesWritten.add(op.key.count + op.value.count, ordering: .relaxed)
            return UInt64(op.kind == .value ? try client.put(stored(op.key), op.value)
                                            : try client.deleteRange(stored(op.key)).revision)
        }
        var compares: [EtcdCompare] = []
        if let snapshot {
            var seen = snapshotReads.withLock { $0[snapshot]?.modRevisions } ?? [:]
            let unread = ops.map(\.key).filter { seen[$0] == nil }
            if !unread.isEmpty { seen.merge(try modRevisions(of: unread, at: Int64(snapshot))) { $1 } }
            // A guarded range holds when every key in it is at most as new as the
            // snapshot; that also covers a key written here that was absent then.
            let ranges = KeyRange.union(batch.guardedRanges)
            compares = ops.compactMap { op in
                let was = seen[op.key] ?? 0
                if was == 0, ranges.anyContains(op.key) { return nil }
                return EtcdCompare.modRevision(stored(op.key), .equal, was)
            }
            compares += ranges.map {
                EtcdCompare.modRevision(stored($0.lower), rangeEnd: storedEnd($0.upper), .less, Int64(snapshot) + 1)
            }
        }
        let requests = ops.map { op -> EtcdOp in
            op.kind == .value ? .put(key: stored(op.key), value: op.value) : .delete(key: stored(op.key))
        }
        let result = try client.txn(compares, success: requests)
        guard result.succeeded else {
            throw ToonDBError(.transactionConflict,
                              "another commit wrote one of this transaction's \(ops.count) keys, or into a range it relied on, after its snapshot (etcd revision \(snapshot ?? 0))",
                              remediation: "retry the transaction")
        }
        counters.bytesWritten.add(ops.reduce(0) { $0 + $1.key.count + $1.value.count }, ordering: .relaxed)
        return UInt64(result.revision)
    }

    /// The `mod_revision` each key had at `revision` (absent keys are left
    /// out), read in read-only Txns of at most ``readsPerTxn`` ranges each.
    func modRevisions(of keys: [[UInt8]], at revision: Int64) throws -> [[UInt8]: Int64] {
        var out: [[UInt8]: Int64] = [:]
        for start in stride(from: 0, to: keys.count, by: Self.readsPerTxn) {
            let part = keys[start..<min(keys.count, start + Self.readsPerTxn)]
            let ranges = part.map { EtcdOp.range(key: stored($0), revision: revision, keysOnly: true) }
            for case .range(let r) in try client.txn([], success: ranges).results {
                for kv in r.kvs { out[Array(kv.key.dropFirst(keyPrefix.count))] = kv.modRevision }
            }
        }
        return out
    }

    /// Reads per read-only Txn: etcd's default `--max-txn-ops`.
    static let readsPerTxn = 128

    package func purge(_ prefix: [UInt8]) throws {
        try client.deleteRange(stored(prefix), rangeEnd: storedEnd(prefix.prefixSuccessor))
    }

    // MARK: whole store

    package func checkpoint() throws {}

    package func compactAll() throws {
        throw ToonDBError(.invalidArgument, "compaction of an etcd cluster belongs to its operator",
                          remediation: "run `etcdctl compact REVISION` and `etcdctl defrag`, or start etcd with --auto-compaction-retention")
    }

    package func layout() -> StorageLayout {
        var layout = StorageLayout(lastSequence: (try? currentRevision()) ?? 0)
        layout.segmentEntries = (try? keyCount()) ?? 0
        layout.commits = counters.commits.load(ordering: .relaxed)
        layout.aborts = counters.aborts.load(ordering: .relaxed)
        layout.bytesWritten = counters.bytesWritten.load(ordering: .relaxed)
        return layout
    }

    /// The members (name, client URLs, which leads), and the first answering
    /// member's version, revision and database size; what failed to answer is said so.
    package func details() -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = [("endpoints", client.endpoints.map(\.description).joined(separator: ","))]
        do {
            let members = try client.memberList()
            let status = client.endpoints.lazy.compactMap { try? self.client.status($0) }.first
            let leader = status?.leader
            if let status {
                out += [("etcd version", status.version), ("revision", "\(status.revision)"),
                        ("raft term", "\(status.raftTerm)"), ("database size", "\(status.dbSize) bytes")]
            }
            for m in members {
                let role = m.id == leader ? "leader" : m.isLearner ? "learner" : "follower"
                out.append(("member \(m.name.isEmpty ? String(m.id, radix: 16) : m.name)",
                            "\(role), \(m.clientURLs.joined(separator: " "))"))
            }
            if leader == nil || leader == 0 { out.append(("leader", "none answered")) }
        } catch {
            out.append(("cluster", "\(error)"))
        }
        return out
    }

    /// How many keys the database has in the cluster.
    func keyCount() throws -> Int {
        Int(try client.range(stored([]), rangeEnd: storedEnd(nil), countOnly: true).count)
    }

    package func backup(to destination: String) throws -> StorageBackup {
        throw ToonDBError(.invalidArgument, "a database on etcd is backed up with etcd's own snapshot",
                          remediation: "run `etcdctl snapshot save FILE` against a member")
    }

    package func close() throws { client.close() }
}

/// The `mod_revision` keys had at one snapshot revision (0: absent), learnt
/// by the reads of the transactions open at it: a commit asks etcd only for
/// the keys it writes without having read them. A fact about a revision never
/// changes, so transactions at the same snapshot share it.
struct SnapshotReads {
    /// Open transactions at the snapshot; the entry goes when the last ends.
    var transactions = 0
    var modRevisions: [[UInt8]: Int64] = [:]
    /// Keys remembered per snapshot at most (a long scan does not fill memory).
    static let capacity = 4096
}

/// Commits and aborts through one backend.
final class EtcdCounters: Sendable {
    let commits = Atomic<Int>(0)
    let aborts = Atomic<Int>(0)
    let bytesWritten = Atomic<Int>(0)
}

extension EtcdBackend {
    /// An etcd watch on the prefix from the revision after `revision`.
    package func follow(prefix: [UInt8], after revision: UInt64,
                        _ handler: @escaping @Sendable (BackendChange) -> Void) throws -> (any ChangeFeed)? {
        let cut = keyPrefix.count
        let watch = try client.watch(stored(prefix), rangeEnd: storedEnd(prefix.prefixSuccessor),
                                     startRevision: Int64(revision) + 1) { event in
            switch event {
            case .put(let kv):
                handler(.put(key: Array(kv.key.dropFirst(cut)), value: kv.value, revision: UInt64(kv.modRevision)))
            case .delete(let key, let at):
                handler(.delete(key: Array(key.dropFirst(cut)), revision: UInt64(at)))
            case .progress(let at):
                handler(.caughtUp(revision: UInt64(at)))
            case .compacted(let at):
                handler(.lost(reason: "etcd compacted its history past revision \(at)"))
            case .ended(let error):
                handler(.lost(reason: "the etcd watch ended: \(error)"))
            }
        }
        return EtcdChangeFeed(watch: watch)
    }
}

/// A ``ChangeFeed`` on an etcd watch.
final class EtcdChangeFeed: ChangeFeed {
    let watch: EtcdWatch

    init(watch: EtcdWatch) { self.watch = watch }

    func requestCatchUp() { watch.requestProgress() }
    func cancel() { watch.cancel() }
}
