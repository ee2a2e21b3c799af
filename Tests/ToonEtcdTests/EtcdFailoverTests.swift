import Foundation
import Synchronization
import Testing
import ToonCore
import ToonEtcd
import ToonTestSupport

/// EtcdClient against a 3-member cluster whose leader is killed.
extension EtcdClientTests {
    /// The index of the member that leads, asked of every running member.
    static func leaderIndex(_ etcd: EtcdClient, _ cluster: EtcdCluster, excluding dead: Int? = nil) -> Int? {
        for i in cluster.members.indices where i != dead {
            guard let status = try? etcd.status(etcd.endpoints[i]), status.leader != 0 else { continue }
            for j in cluster.members.indices where j != dead {
                if let other = try? etcd.status(etcd.endpoints[j]), other.memberID == status.leader { return j }
            }
        }
        return nil
    }

    @Test func killingTheLeaderGivesUnavailableOrFailoverThenWritesContinue() throws {
        let cluster = try startCluster(size: 3)
        let etcd = try EtcdClient(cluster.endpoints, options: EtcdOptions(timeout: .seconds(2)))
        defer { etcd.close() }
        #expect(try etcd.memberList().count == 3)
        var acknowledged: [String: Int64] = [:]
        for i in 0..<20 { acknowledged["before/\(i)"] = try etcd.put(b("before/\(i)"), b("\(i)")) }

        let leader = try #require(Self.leaderIndex(etcd, cluster), "no leader among the three members")
        cluster.kill(leader)

        // Write through the election: every call succeeds (via another endpoint)
        // or fails with a retryable `unavailable`; nothing else.
        var unavailable = 0
        var otherErrors: [ToonDBError] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        var i = 0
        var consecutiveSuccesses = 0
        while clock.now < deadline && consecutiveSuccesses < 20 {
            let key = "during/\(i)"
            do {
                acknowledged[key] = try etcd.put(b(key), b("\(i)"))
                let cas = try etcd.txn([.version(b(key), .equal, 1)], success: [.put(key: b(key), value: b("cas \(i)"))])
                if cas.succeeded { acknowledged[key] = cas.revision }
                consecutiveSuccesses += 1
            } catch let e as ToonDBError where e.code == .unavailable {
                unavailable += 1
                consecutiveSuccesses = 0
            } catch let e as ToonDBError {
                otherErrors.append(e)
                consecutiveSuccesses = 0
            }
            i += 1
        }
        #expect(otherErrors.isEmpty, "errors other than unavailable: \(otherErrors)")
        #expect(consecutiveSuccesses >= 20, "writes did not resume within 30 s (\(unavailable) unavailable)")

        let newLeader = Self.leaderIndex(etcd, cluster, excluding: leader)
        #expect(newLeader != nil && newLeader != leader)

        // Every acknowledged write is there.
        for (key, revision) in acknowledged {
            let kv = try etcd.range(b(key)).kvs.first
            #expect(kv != nil && kv!.modRevision >= revision, "\(key) acknowledged at \(revision) is \(String(describing: kv))")
        }

        // The killed member comes back and catches up.
        try cluster.restart(leader)
        let latest = try etcd.put(b("after"), b("x"))
        var caughtUp = false
        for _ in 0..<100 where !caughtUp {
            if let status = try? etcd.status(etcd.endpoints[leader]), status.revision >= latest { caughtUp = true }
            else { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(caughtUp, "the restarted member did not reach revision \(latest)")
    }

    @Test func aWatchResumesOnAnotherMemberWithoutLosingEvents() throws {
        let cluster = try startCluster(size: 3)
        let etcd = try EtcdClient(cluster.endpoints, options: EtcdOptions(timeout: .seconds(2)))
        defer { etcd.close() }
        let log = EventLog()
        let first = try etcd.put(b("w/0"), b("0"))
        let watch = try etcd.watch(b("w/"), rangeEnd: prefixEnd("w/"), startRevision: first) { log.add($0) }
        defer { watch.cancel() }
        #expect(log.wait(for: 1).count == 1)
        // The watch's stream goes to the first endpoint; kill that member.
        cluster.kill(0)
        var written: [String] = ["w/0"]
        for i in 1...10 {
            while true {
                do {
                    try etcd.put(b("w/\(i)"), b("\(i)"))
                    break
                } catch let e as ToonDBError where e.code == .unavailable {
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            written.append("w/\(i)")
        }
        _ = log.wait(for: 11, seconds: 20)
        Thread.sleep(forTimeInterval: 0.5)   // a put applied twice brings one more event
        let events = log.all
        let puts = events.compactMap { event -> EtcdKeyValue? in
            if case .put(let kv) = event { return kv }
            return nil
        }
        #expect(puts.count == events.count, "only puts happened: \(events)")
        // A put retried after an unknown outcome may be applied twice (two revisions);
        // the watch itself must neither lose nor repeat a revision.
        let revisions = puts.map(\.modRevision)
        #expect(zip(revisions, revisions.dropFirst()).allSatisfy { $0 < $1 }, "revisions: \(revisions)")
        var keys: [String] = []
        for kv in puts where keys.last != s(kv.key) { keys.append(s(kv.key)) }
        #expect(keys == written, "events: \(events)")
    }
}
