import Foundation
import Testing
import ToonTestSupport

/// The explorer on a database kept on etcd (issue 16): the keys pane lists
/// what another process wrote, and the stats pane says where the data is.
@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun && RequiredTool.etcd.testsRun,
                             "tmux or etcd is not installed (scripts/install-deps.sh --tests installs them)"))
struct ExplorerEtcdTmuxTests {
    @Test func keysAndWhereTheDataIs() throws {
        _ = try RequiredTool.tmux.require()
        _ = try RequiredTool.etcd.require()
        let cluster = try EtcdCluster(size: 1)
        defer { cluster.stop() }
        let url = "etcd://\(cluster.endpoints)/explored"
        let put = try CLI.run(["kv", "put", url, "users/alice", "hello"])
        #expect(put.status == 0, "\(put.stderr)")
        let cache = TemporaryDirectory("toondb-tmux-etcd")
        let t = try TmuxSession([url], environment: ["XDG_CACHE_HOME=" + cache.path])
        try t.waitFor("▸ users/")
        try t.waitFor(url)
        try t.keys("6")
        let stats = try t.waitFor("where it is")
        #expect(stats.contains("etcd version"), "\(stats)")
        try t.waitFor("leader")
        try t.keys("q")
        #expect(try t.waitForExit())
    }
}
