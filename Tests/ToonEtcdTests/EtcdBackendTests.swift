import Dispatch
import Foundation
import Synchronization
import Testing
import ToonConnect
import ToonCore
import ToonDB
import ToonEtcd
import ToonStorage
import ToonTestSupport

/// ToonDB on etcd (issue 16): the key-value model, transactions and their
/// conflicts, SQL, collections, and the limits, against real etcd members.
/// The SQL differential test on etcd is `DifferentialTests.toonDBOnEtcdAgreesWithSQLite`.
@Suite(.serialized, .enabled(if: etcdTestsRun, etcdSkipReason))
struct EtcdBackendTests {
    /// etcd's defaults leave 128 operations per transaction: enough for these tests but the limit test.
    static let roomy = ["--max-txn-ops", "100000", "--max-request-bytes", "33554432"]

    static func url(_ cluster: EtcdCluster, _ prefix: String) -> String { "etcd://\(cluster.endpoints)/\(prefix)" }

    @Test(arguments: [1, 2] as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let db = try KeyValueModel.run(seed: seed, steps: 1500, maintenance: false) {
            try EtcdDatabase.open(Self.url(cluster, "model-\(seed)"))
        }
        try db.close()
    }

    @Test func twoHandlesSeeEachOthersCommitsAndSchema() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let a = try EtcdDatabase.open(Self.url(cluster, "shared"))
        let b = try EtcdDatabase.open(Self.url(cluster, "shared"))
        let other = try EtcdDatabase.open(Self.url(cluster, "shared/other"))
        try a.put("greeting", "hello")
        #expect(try b.getString("greeting") == "hello")
        #expect(try other.getString("greeting") == nil, "another prefix is another database, even one that extends it")
        try a.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")
        try a.executeSQL("INSERT INTO t(name) VALUES ('x'), ('y')")
        #expect(try b.executeSQL("SELECT count(*) FROM t").values == [[.integer(2)]])
        try b.executeSQL("ALTER TABLE t ADD COLUMN n INTEGER")
        try b.executeSQL("UPDATE t SET n = id * 10")
        #expect(try a.executeSQL("SELECT name, n FROM t ORDER BY id").values == [[.text("x"), .integer(10)], [.text("y"), .integer(20)]],
                "a handle sees the other's schema change")
        // A second process: the toondb binary reads what this one wrote.
        let read = try Binaries.run("toondb", ["kv", "get", Self.url(cluster, "shared"), "greeting"])
        #expect(read.status == 0 && read.stdout == "hello\n", "\(read.stderr)")
        // The explorer's stats pane shows where the data is.
        let facts = Dictionary(a.stats().backend, uniquingKeysWith: { x, _ in x })
        #expect(facts["etcd version"]?.hasPrefix("3.") == true, "\(facts)")
        #expect(facts.contains { $0.key.hasPrefix("member ") && $0.value.hasPrefix("leader") }, "\(facts)")
        #expect(facts["revision"].flatMap { UInt64($0) }.map { $0 >= 1 } == true, "\(facts)")
        for db in [a, b, other] { try db.close() }
    }

    @Test func aWriteAfterTheSnapshotIsAConflict() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let db = try EtcdDatabase.open(Self.url(cluster, "conflicts"))
        let other = try EtcdDatabase.open(Self.url(cluster, "conflicts"))
        try db.put("k", "0")

        // Both write k: the first committer wins.
        let t1 = try db.beginTransaction(), t2 = try other.beginTransaction()
        try t1.put("k", "1")
        try t2.put("k", "2")
        try t1.commit()
        #expect(toonError { try t2.commit() }?.code == .transactionConflict)
        #expect(try db.getString("k") == "1")

        // A delete after the snapshot conflicts with a write of the same key, as embedded.
        let t3 = try db.beginTransaction()
        #expect(try t3.getString("k") == "1", "reads see the snapshot")
        try other.delete("k")
        #expect(try t3.getString("k") == "1", "still the snapshot after another's delete")
        try t3.put("k", "3")
        #expect(toonError { try t3.commit() }?.code == .transactionConflict)
        #expect(try db.getString("k") == nil, "the deleted key was not brought back")

        // Writes to other keys do not conflict; a transaction sees its own writes in scans.
        let t4 = try db.beginTransaction()
        try t4.put("p/1", "a")
        try other.put("q", "x")
        #expect(try t4.scanPrefix("p/").toArray().map { String(decoding: $0.key, as: UTF8.self) } == ["p/1"])
        try t4.commit()
        #expect(try other.getString("p/1") == "a")
        try db.close()
        try other.close()
    }

    @Test func guardedRangesCatchPhantomsAsEmbedded() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let client = try EtcdClient(cluster.endpoints)
        try GuardedRangeChecks.run(EtcdBackend(client: client, prefix: b("guarded\0")))
        let db = try EtcdDatabase.open(Self.url(cluster, "unique"))
        try UniqueRaceChecks.run(db)
        try db.close()
        client.close()
    }

    @Test func concurrentTransfersFromTwoProcessesConserveTheTotal() throws {
        let cluster = try startCluster(size: 3, extraArguments: Self.roomy)
        defer { cluster.stop() }
        let url = Self.url(cluster, "bank")
        let handles = [try EtcdDatabase.open(url), try EtcdDatabase.open(url)]
        let accounts = 5
        try handles[0].executeSQL("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER NOT NULL)")
        for i in 0..<accounts { try handles[0].executeSQL("INSERT INTO acct VALUES (?, 100)", arguments: [i]) }

        // Another process: toondb shell moves money in transactions of its own; a commit that loses a conflict is an error line.
        var script = ""
        var rng = SeededRandom(seed: 99)
        for _ in 0..<40 {
            let from = Int(rng.next() % UInt64(accounts)), to = (from + 1 + Int(rng.next() % UInt64(accounts - 1))) % accounts
            script += "BEGIN;\nUPDATE acct SET bal = bal - 7 WHERE id = \(from);\nUPDATE acct SET bal = bal + 7 WHERE id = \(to);\nCOMMIT;\n"
        }
        let shell = Mutex<Binaries.Result?>(nil)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { [script] in
            let result = try? Binaries.run("toondb", ["shell", url], stdin: script)
            shell.withLock { $0 = result }
        }
        // This process: four threads on two handles, retrying their conflicts.
        let conflicts = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let db = handles[worker % 2]
            var rng = SeededRandom(seed: UInt64(worker) + 7)
            for _ in 0..<30 {
                let from = Int(rng.next() % UInt64(accounts)), to = (from + 1 + Int(rng.next() % UInt64(accounts - 1))) % accounts
                let amount = Int(rng.next() % 20) + 1
                while true {
                    do {
                        let t = try db.beginTransaction()
                        try t.executeSQL("UPDATE acct SET bal = bal - ? WHERE id = ?", arguments: [amount, from])
                        try t.executeSQL("UPDATE acct SET bal = bal + ? WHERE id = ?", arguments: [amount, to])
                        try t.commit()
                        break
                    } catch let e as ToonDBError where e.code == .transactionConflict {
                        conflicts.add(1, ordering: .relaxed)
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                        return
                    }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let result = try #require(shell.withLock { $0 })
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.allSatisfy { $0.contains("transactionConflict") }, "the other process fails only by conflicts: \(result.stderr)")
        #expect(errors.count < 40, "some of the other process's transfers committed")
        let total = try handles[1].executeSQL("SELECT sum(bal) FROM acct").values
        #expect(total == [[.integer(Int64(accounts * 100))]],
                "money is conserved (\(conflicts.load(ordering: .relaxed)) conflicts retried here, \(errors.count) lost there)")
        for db in handles { try db.close() }
    }

    @Test func collectionsAreSearchableAndRebuiltFromTheDocuments() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let cache = TemporaryDirectory("etcd-cache")
        setenv("XDG_CACHE_HOME", cache.path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        var db = try EtcdDatabase.open(Self.url(cluster, "vectors"))
        let col = try db.namespaceCreatingIfMissing("app")
            .createCollection(CollectionConfig(name: "docs", dimension: 3, metric: .euclidean))
        try col.insert(id: "a", vector: [1, 0, 0], metadata: ["kind": "x"])
        try col.insert(id: "b", vector: [0, 1, 0], metadata: ["kind": "y"])
        try col.insert(id: "c", vector: [0, 0, 1], metadata: ["kind": "x"])
        #expect(try col.search(vector: [0, 0.9, 0.1], k: 1).map(\.id) == ["b"])
        try db.close()
        // The local index files are in the cache directory, not in etcd.
        #expect(FileManager.default.fileExists(atPath: cache.path + "/toondb/etcd"))
        // Another handle, as another process would, with no local index: rebuilt from the documents.
        try FileManager.default.removeItem(atPath: cache.path + "/toondb")
        db = try EtcdDatabase.open(Self.url(cluster, "vectors"))
        let again = try db.namespace("app").collection("docs")
        #expect(try again.search(vector: [0.1, 0, 0.9], k: 2).map(\.id) == ["c", "a"])
        try db.close()
    }

    @Test func anotherProcessesDocumentsAreSearchableAfterLatest() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let cache = TemporaryDirectory("etcd-cache-follow")
        setenv("XDG_CACHE_HOME", cache.path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        // Two handles with their own clients, watches and indexes, as two processes have.
        let a = try EtcdDatabase.open(Self.url(cluster, "follow"))
        let b = try EtcdDatabase.open(Self.url(cluster, "follow"))
        let colA = try a.namespaceCreatingIfMissing("app")
            .createCollection(CollectionConfig(name: "docs", dimension: 2, metric: .euclidean))
        try colA.insert(id: "x", vector: [0, 0])
        let colB = try b.namespace("app").collection("docs")
        #expect(try colB.search(vector: [0, 0], k: 5).map(\.id) == ["x"])
        for round in 0..<20 {
            try colA.insert(id: "n\(round)", vector: [Float(round) + 10, 0])
            try colA.upsert(id: "x", vector: [Float(round) + 10.5, 0])
            let hits = try colB.search(vector: [Float(round) + 10.4, 0], k: 1, consistency: .latest)
            #expect(hits.map(\.id) == ["x"], "round \(round): the moved document is found where it is now")
        }
        #expect(try colA.delete("x"))
        try b.put("unrelated", "key")  // a later revision that touches no document
        let after = try colB.search(vector: [29.5, 0], k: 25, consistency: .latest).map(\.id)
        #expect(!after.contains("x") && after.count == 20, "\(after)")
        // Labels stay unique across writers: B writes too, then A sees B's document.
        try colB.insert(id: "from-b", vector: [-5, -5])
        #expect(try colA.search(vector: [-5, -5], k: 1, consistency: .latest).map(\.id) == ["from-b"])
        #expect(try colA.search(vector: [0, 0], k: 50).count == 21)
        #expect(try colB.search(vector: [0, 0], k: 50).count == 21)
        try a.close()
        try b.close()
    }

    @Test func anIndexThatLostChangesIsReadAfreshFromTheDocuments() throws {
        let cluster = try startCluster(size: 3, extraArguments: Self.roomy)
        defer { cluster.stop() }
        let cache = TemporaryDirectory("etcd-cache-lost")
        setenv("XDG_CACHE_HOME", cache.path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        let m0 = cluster.members[0].endpoint, others = cluster.members[1...].map(\.endpoint).joined(separator: ",")
        // A talks to member 0 only, B to the two others.
        let a = try EtcdDatabase.open("etcd://\(m0)/lost")
        let b = try EtcdDatabase.open("etcd://\(others)/lost")
        let colA = try a.namespaceCreatingIfMissing("app")
            .createCollection(CollectionConfig(name: "docs", dimension: 2, metric: .euclidean))
        for i in 0..<5 { try colA.insert(id: "a\(i)", vector: [Float(i), 0]) }
        let colB = try b.namespace("app").collection("docs")

        // A is cut off while B writes, and the history of those writes is compacted away.
        cluster.kill(0)
        for i in 0..<10 { try colB.insert(id: "b\(i)", vector: [100 + Float(i), 0]) }
        #expect(try colB.delete("a0"))
        try colB.upsert(id: "a1", vector: [200, 0])
        let client = try EtcdClient(others)
        defer { client.close() }
        let revision = try client.range(Array("x".utf8), countOnly: true).revision
        _ = try cluster.etcdctl(["compact", "\(revision)"], endpoints: others)
        try cluster.restart(0)

        // A's watch resumes past the compaction: its index is read afresh, and .latest waits for that.
        let found = try colA.search(vector: [150, 0], k: 50, consistency: .latest).map(\.id)
        #expect(Set(found) == Set((0..<10).map { "b\($0)" } + ["a1", "a2", "a3", "a4"]), "\(found)")
        #expect(try colA.search(vector: [200, 0], k: 1).map(\.id) == ["a1"], "the moved document is where it is now")
        #expect(colA.indexStatus.contains("read afresh from the documents"), "\(colA.indexStatus)")
        // And it follows again: a later write of B's is found after .latest.
        try colB.insert(id: "later", vector: [-50, 0])
        #expect(try colA.search(vector: [-50, 0], k: 1, consistency: .latest).map(\.id) == ["later"])
        try a.close()
        try b.close()
    }

    @Test func connectAndTheServerOpenEtcdLocations() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let url = Self.url(cluster, "served")
        #expect(ConnectionMode.detect(url) == .etcd)
        let direct = try connect(url)
        #expect(direct is Database)
        try direct.put("from", "connect")

        // toondb-server serves the etcd database on a socket in its local directory.
        let cache = TemporaryDirectory("etcd-cache-server")
        let env = ["XDG_CACHE_HOME": cache.path]
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Binaries.path("toondb-server"))
        server.arguments = ["--db", url, "--log-level", "warn"]
        server.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var socket: String?
        for _ in 0..<500 where socket == nil {
            let status = try Binaries.run("toondb-server", ["status", "--db", url], environment: env)
            if status.status == 0, let line = status.stdout.split(separator: "\n").first(where: { $0.hasPrefix("[Server] Socket: ") }) {
                socket = String(line.dropFirst("[Server] Socket: ".count))
            } else {
                usleep(20_000)
            }
        }
        let path = try #require(socket, "the server reported no socket")
        #expect(path.hasPrefix(cache.path + "/toondb/etcd/"), "\(path)")
        let ipc = try connect(path)
        #expect(try ipc.get("from").map { String(decoding: $0, as: UTF8.self) } == "connect")
        try ipc.put("from", "ipc")
        try ipc.close()
        #expect(try direct.get("from").map { String(decoding: $0, as: UTF8.self) } == "ipc")
        let stop = try Binaries.run("toondb-server", ["stop", "--db", url], environment: env)
        #expect(stop.status == 0, "\(stop.stderr)")
        server.waitUntilExit()
        try direct.close()
    }

    @Test func namespacesGraphsPolicyAndTriggersWorkAsEmbedded() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let db = try EtcdDatabase.open(Self.url(cluster, "agent"))
        let ns = try db.namespaceCreatingIfMissing("memory")
        try ns.put("note", "remember")
        #expect(try db.listNamespaces().map(\.name) == ["memory"])
        let g = GraphOverlay(db, namespace: "memory")
        try g.addNode("alice", type: "person")
        try g.addNode("bob", type: "person")
        try g.addNode("acme", type: "company")
        try g.addEdge("alice", "knows", "bob")
        try g.addEdge("bob", "works_at", "acme")
        #expect(try g.neighbors("alice") == ["bob"])
        #expect(Set(try g.bfs("alice", maxDepth: 2)) == ["alice", "bob", "acme"])
        #expect(try db.verify().graphs.map(\.edges) == [2], "toondb verify reads a database on etcd too")

        let policy = PolicyEngine(db)
        try policy.beforeWrite("system/*") { _, _, _ in .deny("read-only") }
        policy.enableAudit()
        try policy.put("users/a", "1", context: ["agent_id": "a1"])
        #expect(throws: ToonDBError.self) { try policy.put("system/x", "1", context: ["agent_id": "a1"]) }
        #expect(try policy.auditLog(limit: 10).count >= 2)

        try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)")
        try db.executeSQL("CREATE TABLE log(msg TEXT)")
        try db.executeSQL("CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('inserted ' || NEW.v); END")
        try db.executeSQL("INSERT INTO t(v) VALUES (7)")
        #expect(try db.executeSQL("SELECT msg FROM log").values == [[.text("inserted 7")]])
        try db.deleteNamespace("memory", force: true)
        #expect(try db.listNamespaces().isEmpty)
        try db.close()
    }

    @Test func theShellAndTheSQLCommandRunOnEtcd() throws {
        let cluster = try startCluster(extraArguments: Self.roomy)
        defer { cluster.stop() }
        let url = Self.url(cluster, "shell")
        let shell = try Binaries.run("toondb", ["shell", url],
                                     stdin: "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO t(name) VALUES ('a'), ('b');\n.mode csv\nSELECT id, name FROM t ORDER BY id;\n")
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.contains("1,a") && shell.stdout.contains("2,b"), "\(shell.stdout)")
        let sql = try Binaries.run("toondb", ["sql", url, "SELECT count(*) AS n FROM t"])
        #expect(sql.status == 0 && sql.stdout.contains("2"), "\(sql.stdout)\(sql.stderr)")
        let bad = try Binaries.run("toondb", ["sql", "etcd://127.0.0.1:1/x?timeout=0.5", "SELECT 1"])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("toondb: unavailable:"), "\(bad.stderr)")
    }

    @Test func whatEtcdCannotDoIsRefusedWithTheWayOut() throws {
        let cluster = try startCluster()  // etcd's defaults: 128 operations per transaction
        defer { cluster.stop() }
        let db = try EtcdDatabase.open(Self.url(cluster, "limits"))
        let big = (0..<200).map { (key: Array("k/\($0)".utf8), value: Optional(Array("v".utf8))) }
        let tooMany = toonError { try db.writeBatch(big) }
        #expect(tooMany?.code == .invalidArgument)
        #expect(tooMany?.description.contains("--max-txn-ops") == true, "\(String(describing: tooMany))")
        #expect(try db.scanPrefix("k/").toArray().isEmpty, "nothing of a refused batch was written")
        let backup = toonError { try db.backup(to: TemporaryDirectory("etcd-backup").path + "/copy") }
        #expect(backup?.code == .invalidArgument && backup?.description.contains("etcdctl snapshot save") == true)
        let compact = toonError { try db.compact() }
        #expect(compact?.code == .invalidArgument && compact?.description.contains("etcdctl compact") == true)
        try db.close()
    }

    @Test func aFullStorageQuotaNamesTheFlagThatRaisesIt() throws {
        let cluster = try startCluster(extraArguments: ["--quota-backend-bytes", "2097152"])
        defer { cluster.stop() }
        let db = try EtcdDatabase.open(Self.url(cluster, "quota"))
        let value = [UInt8](repeating: 7, count: 512 * 1024)
        var error: ToonDBError?
        for i in 0..<40 where error == nil {
            do { try db.put("k\(i)", value) } catch let e as ToonDBError { error = e }
        }
        #expect(error?.code == .ioError)
        #expect(error?.message.contains("--quota-backend-bytes") == true, "\(String(describing: error))")
        #expect(error?.remediation?.contains("etcdctl alarm disarm") == true)
        #expect(try db.get("k0") == value, "what was written before stays readable")
        try db.close()
    }

    @Test func anUnreachableClusterIsUnavailable() throws {
        let port = try EtcdCluster.freePorts(1)[0]
        let e = toonError { _ = try EtcdDatabase.open("etcd://127.0.0.1:\(port)/x?timeout=1") }
        #expect(e?.code == .unavailable, "\(String(describing: e))")
    }

    @Test func killingTheLeaderLosesNoAcknowledgedCommit() throws {
        let cluster = try startCluster(size: 3, extraArguments: Self.roomy)
        defer { cluster.stop() }
        let db = try EtcdDatabase.open(Self.url(cluster, "failover") + "?timeout=2")
        var acknowledged: [Int] = []
        var errors: [ToonDBError] = []
        var killed = false
        var n = 0
        let deadline = ContinuousClock.now + .seconds(60)
        // Write until 100 writes went through after the kill.
        while acknowledged.filter({ $0 >= 1_000_000 }).count < 100, ContinuousClock.now < deadline {
            if acknowledged.count == 50, !killed {
                let leader = try #require(try leaderIndex(cluster))
                cluster.kill(leader)
                killed = true
            }
            let key = killed ? 1_000_000 + n : n
            n += 1
            do {
                try db.put("w/\(key)", "\(key)")
                acknowledged.append(key)
            } catch let e as ToonDBError {
                errors.append(e)
            }
        }
        #expect(killed)
        #expect(acknowledged.filter { $0 >= 1_000_000 }.count >= 100, "writes went on after a new leader was elected")
        #expect(errors.allSatisfy { $0.code == .unavailable }, "errors during the election are unavailable: \(errors)")
        let check = try EtcdDatabase.open(Self.url(cluster, "failover"))
        for key in acknowledged {
            #expect(try check.getString("w/\(key)") == "\(key)", "acknowledged write \(key) is present")
        }
        try check.close()
        try db.close()
    }

    @Test(arguments: [
        "etcd://127.0.0.1:2379", "etcd://127.0.0.1:2379/", "etcd:///x", "etcd://host/x", "etcd://127.0.0.1:2379/x?colour=red",
        "etcd://127.0.0.1:2379/x?timeout=0", "etcd://127.0.0.1:2379/x?timeout=soon", "etcd://127.0.0.1:2379/a%00b",
    ])
    func aBadLocationSaysWhatIsWrong(location: String) {
        let e = toonError { _ = try EtcdLocation(location) }
        #expect(e?.code == .invalidArgument)
        #expect(e?.remediation?.contains("etcd://HOST:PORT") == true || e?.description.contains("etcd endpoint") == true,
                "\(String(describing: e))")
    }

    @Test func aLocationParses() throws {
        let l = try EtcdLocation("etcd://10.0.0.1:2379,[::1]:2380/apps/one?cacert=/etc/ca.pem&user=me&timeout=2.5")
        #expect(l.endpoints.map(\.description) == ["10.0.0.1:2379", "[::1]:2380"])
        #expect(l.prefix == "apps/one" && l.caFile == "/etc/ca.pem" && l.user == "me" && l.timeout == .milliseconds(2500))
        #expect(l.keyPrefix == Array("apps/one".utf8) + [0])
        #expect(toonError { _ = try l.options(environment: [:]) }?.description.contains("TOONDB_ETCD_PASSWORD") == true)
        #expect(try l.options(environment: ["TOONDB_ETCD_PASSWORD": "pw"]).password == "pw")
        #expect(try EtcdLocation("etcd://h:1/a%2Fb").localName != (try EtcdLocation("etcd://h:1/a_b")).localName)
    }

    /// The index of the member the cluster takes as its leader.
    private func leaderIndex(_ cluster: EtcdCluster) throws -> Int? {
        let client = try EtcdClient(cluster.endpoints)
        defer { client.close() }
        for i in cluster.members.indices {
            if let status = try? client.status(client.endpoints[i]), status.isLeader { return i }
        }
        return nil
    }
}
