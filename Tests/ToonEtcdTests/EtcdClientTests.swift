import Dispatch
import Foundation
import Synchronization
import Testing
import ToonCore
import ToonEtcd
import ToonTestSupport

/// EtcdClient against real etcd members: one, or three (EtcdFailoverTests.swift).
/// One suite, serialized: each test starts its own members.
@Suite(.serialized, .enabled(if: etcdTestsRun, etcdSkipReason))
struct EtcdClientTests {
    @Test func putThenRangeAtARevisionSeesTheOldValue() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let first = try etcd.put(b("k"), b("v1"))
        let second = try etcd.put(b("k"), b("v2"))
        #expect(second == first + 1)

        let now = try etcd.range(b("k"))
        #expect(now.revision == second)
        #expect(now.count == 1 && !now.more)
        let kv = try #require(now.kvs.first)
        #expect(s(kv.key) == "k" && s(kv.value) == "v2")
        #expect(kv.createRevision == first && kv.modRevision == second && kv.version == 2)

        let old = try etcd.range(b("k"), revision: first)
        #expect(old.kvs.map { s($0.value) } == ["v1"])
        #expect(old.kvs.first?.version == 1)
        #expect(try etcd.range(b("k"), revision: first - 1).kvs.isEmpty, "before the first put the key did not exist")
        #expect(try etcd.range(b("absent")).kvs.isEmpty)

        let future = toonError { _ = try etcd.range(b("k"), revision: second + 100) }
        #expect(future?.code == .invalidArgument)
        #expect(toonError { _ = try etcd.range(b("k"), revision: -1) }?.code == .invalidArgument)
    }

    @Test func rangePagesWithALimitInKeyOrder() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        for i in (0..<10).reversed() { try etcd.put(b("p/\(i)"), b("value \(i)")) }
        try etcd.put(b("q/outside"), b("x"))

        var pages: [[String]] = []
        var from = b("p/")
        let revision = try etcd.range(b("p/"), rangeEnd: prefixEnd("p/"), countOnly: true).revision
        while true {
            let page = try etcd.range(from, rangeEnd: prefixEnd("p/"), revision: revision, limit: 3)
            pages.append(page.kvs.map { s($0.key) })
            guard page.more, let last = page.kvs.last else { break }
            from = last.key + [0]
        }
        #expect(pages == [["p/0", "p/1", "p/2"], ["p/3", "p/4", "p/5"], ["p/6", "p/7", "p/8"], ["p/9"]])

        let first = try etcd.range(b("p/"), rangeEnd: prefixEnd("p/"), limit: 3)
        #expect(first.more && first.count == 10 && first.kvs.count == 3)
        let keysOnly = try etcd.range(b("p/"), rangeEnd: prefixEnd("p/"), keysOnly: true)
        #expect(keysOnly.kvs.count == 10 && keysOnly.kvs.allSatisfy { $0.value.isEmpty })
        let counted = try etcd.range(b("p/"), rangeEnd: prefixEnd("p/"), countOnly: true)
        #expect(counted.count == 10 && counted.kvs.isEmpty)
        let everything = try etcd.range([0], rangeEnd: [0])
        #expect(everything.count == 11)
    }

    @Test func txnCompareAndSwapSucceedsOnceThenFails() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let written = try etcd.put(b("account"), b("100"))

        let swap = try etcd.txn([.modRevision(b("account"), .equal, written)],
                                success: [.put(key: b("account"), value: b("90")), .put(key: b("log"), value: b("-10"))],
                                failure: [.range(key: b("account"))])
        #expect(swap.succeeded)
        #expect(swap.revision == written + 1, "both puts of one txn share one revision")
        #expect(swap.results == [.put, .put])

        let again = try etcd.txn([.modRevision(b("account"), .equal, written)],
                                 success: [.put(key: b("account"), value: b("80"))],
                                 failure: [.range(key: b("account"))])
        #expect(!again.succeeded)
        #expect(again.revision == swap.revision, "a failed compare writes nothing")
        guard case .range(let current)? = again.results.first else {
            Issue.record("the failure branch's range result is missing: \(again.results)")
            return
        }
        #expect(current.kvs.map { s($0.value) } == ["90"])

        #expect(try etcd.txn([.value(b("account"), .equal, b("90"))], success: [.delete(key: b("log"))]).results
                == [.delete(deleted: 1)])
        #expect(try etcd.txn([.version(b("never"), .equal, 0)], success: []).succeeded, "a missing key has version 0")
        #expect(try !etcd.txn([.version(b("account"), .equal, 0)], success: []).succeeded)
    }

    @Test func compareOnAKeyRangeChecksEveryKeyInIt() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        try etcd.put(b("r/1"), b("a"))
        let snapshot = try etcd.put(b("r/2"), b("b"))
        try etcd.put(b("s/1"), b("outside the range"))
        let unchanged = EtcdCompare.modRevision(b("r/"), rangeEnd: prefixEnd("r/"), .less, snapshot + 1)

        #expect(try etcd.txn([unchanged], success: [.put(key: b("r/3"), value: b("c"))]).succeeded)
        // r/3 now has a mod revision above the snapshot: the same compare fails.
        let after = try etcd.txn([unchanged], success: [.put(key: b("r/4"), value: b("d"))])
        #expect(!after.succeeded)
        #expect(try etcd.range(b("r/4")).kvs.isEmpty)
        // An empty range holds vacuously; a change outside the range does not matter.
        let empty = EtcdCompare.modRevision(b("t/"), rangeEnd: prefixEnd("t/"), .less, 1)
        #expect(try etcd.txn([empty], success: []).succeeded)
    }

    @Test func deleteRangeRemovesExactlyTheRange() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        for k in ["d/1", "d/2", "d/3", "e/1"] { try etcd.put(b(k), b("x")) }
        let (deleted, revision) = try etcd.deleteRange(b("d/"), rangeEnd: prefixEnd("d/"))
        #expect(deleted == 3)
        #expect(try etcd.range(b("d/"), rangeEnd: prefixEnd("d/"), countOnly: true).count == 0)
        #expect(try etcd.range(b("e/1")).kvs.count == 1)
        #expect(try etcd.range(b("d/2"), revision: revision - 1).kvs.count == 1, "the old revision still has them")
        #expect(try etcd.deleteRange(b("e/1")).deleted == 1)
        #expect(try etcd.deleteRange(b("e/1")).deleted == 0)
    }

    @Test func watchDeliversEventsFromTheStartRevisionInOrder() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let start = try etcd.put(b("w/a"), b("1"))
        try etcd.put(b("w/b"), b("2"))
        try etcd.put(b("x/outside"), b("3"))
        try etcd.deleteRange(b("w/a"))

        let log = EventLog()
        let watch = try etcd.watch(b("w/"), rangeEnd: prefixEnd("w/"), startRevision: start) { log.add($0) }
        let late = try etcd.put(b("w/c"), b("4"))
        let events = log.wait(for: 4)
        watch.cancel()
        #expect(events.count == 4)
        guard events.count == 4 else { return }
        guard case .put(let a) = events[0], case .put(let bb) = events[1], case .delete(let key, let deletedAt) = events[2],
              case .put(let c) = events[3] else {
            Issue.record("unexpected events: \(events)")
            return
        }
        #expect(s(a.key) == "w/a" && s(a.value) == "1" && a.modRevision == start)
        #expect(s(bb.key) == "w/b" && bb.modRevision == start + 1)
        #expect(s(key) == "w/a" && deletedAt == start + 3)
        #expect(s(c.key) == "w/c" && c.modRevision == late)

        // After cancel nothing more arrives.
        try etcd.put(b("w/d"), b("5"))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(log.all.count == 4)
    }

    @Test func watchFromNowSeesOnlyLaterChanges() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        try etcd.put(b("n/old"), b("1"))
        let log = EventLog()
        let watch = try etcd.watch(b("n/"), rangeEnd: prefixEnd("n/")) { log.add($0) }
        defer { watch.cancel() }
        let revision = try etcd.put(b("n/new"), b("2"))
        let events = log.wait(for: 1)
        #expect(events == [.put(EtcdKeyValue(key: b("n/new"), value: b("2"), createRevision: revision,
                                             modRevision: revision, version: 1))])
    }

    @Test func watchAtACompactedRevisionReportsCompaction() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let first = try etcd.put(b("c/k"), b("1"))
        for i in 2...5 { try etcd.put(b("c/k"), b("\(i)")) }
        let compactAt = first + 3
        let compact = try cluster.etcdctl(["compact", "\(compactAt)"])
        #expect(compact.status == 0, "\(compact.stderrText)")

        let log = EventLog()
        let watch = try etcd.watch(b("c/k"), startRevision: first) { log.add($0) }
        defer { watch.cancel() }
        #expect(log.wait(for: 1) == [.compacted(revision: compactAt)])
        let old = toonError { _ = try etcd.range(b("c/k"), revision: first) }
        #expect(old?.code == .invalidArgument)
        #expect(old?.message.contains("compacted") == true)
    }

    @Test func statusAndMemberListDescribeTheMember() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let revision = try etcd.put(b("k"), b("v"))
        let endpoint = try #require(etcd.endpoints.first)
        let status = try etcd.status(endpoint)
        #expect(status.version.hasPrefix("3."))
        #expect(status.isLeader, "a single member leads itself")
        #expect(status.revision == revision)
        #expect(status.dbSize > 0 && status.raftTerm >= 1)

        let members = try etcd.memberList()
        #expect(members.count == 1)
        #expect(members.first?.id == status.memberID)
        #expect(members.first?.name == "m0")
        #expect(members.first?.clientURLs == ["http://\(cluster.members[0].endpoint)"])
        #expect(members.first?.peerURLs == ["http://127.0.0.1:\(cluster.members[0].peerPort)"])

        let stranger = toonError { _ = try etcd.status(EtcdEndpoint(host: "127.0.0.1", port: 1)) }
        #expect(stranger?.code == .invalidArgument)
    }

    @Test func overSizeRequestsNameTheLimitAndTheFlag() throws {
        let cluster = try startCluster(extraArguments: ["--max-txn-ops", "16"])
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        // Over --max-request-bytes (1.5 MiB) and over the gRPC limit above it (+512 KiB).
        for size in [1_700_000, 3_000_000] {
            let e = toonError { try etcd.put(b("big"), [UInt8](repeating: 7, count: size)) }
            #expect(e?.code == .invalidArgument, "\(size) bytes: \(String(describing: e))")
            #expect(e?.message.contains("--max-request-bytes") == true, "\(String(describing: e))")
        }
        let ops = (0..<17).map { EtcdOp.put(key: b("op/\($0)"), value: b("x")) }
        let e = toonError { _ = try etcd.txn([], success: ops) }
        #expect(e?.code == .invalidArgument)
        #expect(e?.message.contains("--max-txn-ops") == true, "\(String(describing: e))")
        #expect(try etcd.txn([], success: Array(ops.prefix(16))).succeeded, "16 ops are within the limit")
        #expect(try etcd.range(b("big")).kvs.isEmpty)
    }

    @Test func unreachableEndpointsAreUnavailableAndSkipped() throws {
        let cluster = try startCluster()
        let dead = try EtcdCluster.freePorts(1)[0]
        let lonely = try EtcdClient("127.0.0.1:\(dead)", options: EtcdOptions(timeout: .seconds(2)))
        defer { lonely.close() }
        let clock = ContinuousClock()
        let started = clock.now
        let e = toonError { try lonely.put(b("k"), b("v")) }
        #expect(e?.code == .unavailable, "\(String(describing: e))")
        #expect(clock.now - started < .seconds(5))

        let failover = try EtcdClient("127.0.0.1:\(dead),\(cluster.endpoints)", options: EtcdOptions(timeout: .seconds(2)))
        defer { failover.close() }
        let revision = try failover.put(b("k"), b("v"))
        #expect(try failover.range(b("k")).revision == revision)
        let txn = try failover.txn([.version(b("k"), .equal, 1)], success: [.put(key: b("k"), value: b("w"))])
        #expect(txn.succeeded)

        failover.close()
        #expect(toonError { _ = try failover.range(b("k")) }?.code == .databaseClosed)
    }

    @Test func leasesExpireKeysWhenRevoked() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let lease = try etcd.leaseGrant(ttl: 30)
        #expect(lease.ttl == 30)
        try etcd.put(b("leased"), b("v"), lease: lease.id)
        #expect(try etcd.range(b("leased")).kvs.first?.lease == lease.id)
        #expect(try etcd.leaseKeepAlive(lease.id) > 0)
        try etcd.leaseRevoke(lease.id)
        #expect(try etcd.range(b("leased")).kvs.isEmpty)
        #expect(toonError { try etcd.leaseKeepAlive(lease.id) }?.code == .notFound)
    }

    @Test func manyThreadsAndTasksCallAtOnceWithoutDeadlock() async throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        // Ordinary threads.
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { t in
            for i in 0..<20 {
                do { try etcd.put(b("t/\(t)/\(i)"), b("v")) } catch { failures.withLock { $0.append("\(error)") } }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(try etcd.range(b("t/"), rangeEnd: prefixEnd("t/"), countOnly: true).count == 320)
        // Tasks on the cooperative pool, each blocking its thread in a synchronous call.
        let counts = try await withThrowingTaskGroup(of: Int64.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<10 { try etcd.put(b("u/\(t)/\(i)"), b("v")) }
                    return try etcd.range(b("u/\(t)/"), rangeEnd: prefixEnd("u/\(t)/"), countOnly: true).count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 10, count: 8))
    }

    /// Transactions are not retried when their connection breaks, so this fails
    /// if the connection does: etcd's window-estimate PINGs, one per round trip,
    /// used to make SwiftNIO's HTTP/2 close it within a few hundred calls (PingAnswerer).
    @Test func busyTransactionsKeepTheirConnection() throws {
        let cluster = try startCluster()
        let etcd = try EtcdClient(cluster.endpoints)
        defer { etcd.close() }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { t in
            let key = b("counter/\(t)")
            do {
                var revision = try etcd.put(key, b("0"))
                for i in 1...40 {
                    let r = try etcd.txn([.modRevision(key, .equal, revision)], success: [.put(key: key, value: b("\(i)"))])
                    guard r.succeeded else { throw ToonDBError(.internalError, "compare failed on \(s(key)) at \(i)") }
                    revision = r.revision
                }
            } catch {
                failures.withLock { $0.append("\(s(key)): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let values = try etcd.range(b("counter/"), rangeEnd: prefixEnd("counter/")).kvs.map { s($0.value) }
        #expect(values == Array(repeating: "40", count: 16))
    }

    @Test func tlsWorksWithTheCAAndNotWithoutTLS() throws {
        _ = try RequiredTool.etcd.require()
        let cluster = try EtcdCluster(tls: true)
        let ca = try #require(cluster.caFile)
        let secure = try EtcdClient(cluster.endpoints, options: EtcdOptions(caFile: ca))
        defer { secure.close() }
        let revision = try secure.put(b("k"), b("over TLS"))
        #expect(try secure.range(b("k")).kvs.first.map { s($0.value) } == "over TLS")
        #expect(try secure.status(secure.endpoints[0]).revision == revision)

        let plain = try EtcdClient(cluster.endpoints, options: EtcdOptions(timeout: .seconds(2)))
        defer { plain.close() }
        #expect(toonError { _ = try plain.range(b("k")) }?.code == .unavailable)

        let missing = toonError { _ = try EtcdClient(cluster.endpoints, options: EtcdOptions(caFile: ca + ".missing")) }
        #expect(missing?.code == .invalidArgument && missing?.message.contains("CA file") == true)

        // A CA that did not sign the members' certificate is refused.
        let stranger = TemporaryDirectory("toondb-etcd-ca")
        let otherCA = try TestCertificates.make(in: stranger)
        let untrusting = try EtcdClient(cluster.endpoints, options: EtcdOptions(caFile: otherCA, timeout: .seconds(2)))
        defer { untrusting.close() }
        #expect(toonError { _ = try untrusting.range(b("k")) }?.code == .unavailable)
    }

    @Test func authNeedsTheRightPasswordAndSurvivesARestart() throws {
        let cluster = try startCluster()
        try cluster.enableAuth(user: "root", password: "secret")
        let wrong = try EtcdClient(cluster.endpoints, options: EtcdOptions(user: "root", password: "guess"))
        defer { wrong.close() }
        let refused = toonError { try wrong.put(b("k"), b("v")) }
        #expect(refused?.code == .policyDenied)
        #expect(refused?.message.contains("user name or password") == true, "\(String(describing: refused))")

        let anonymous = try EtcdClient(cluster.endpoints)
        defer { anonymous.close() }
        #expect(toonError { _ = try anonymous.range(b("k")) }?.code == .policyDenied)

        let root = try EtcdClient(cluster.endpoints, options: EtcdOptions(user: "root", password: "secret"))
        defer { root.close() }
        let revision = try root.put(b("k"), b("v"))
        // A restarted member has forgotten the token: the client authenticates again.
        try cluster.restart(0)
        #expect(try root.range(b("k")).kvs.first?.modRevision == revision)
    }
}
