/// The sizes of one `kv` run, from the command line.
struct Plan: Sendable {
    /// Keys loaded for the `.normal` puts and read back by gets and scans.
    var keys: Int
    var valueSize: Int
    /// Keys written by the `.full` runs (fsync per commit makes them slower).
    var fullKeys: Int
    /// Writer threads of the concurrent `.full` run.
    var writers: Int
    /// Keys of the listing tree, `tree/<i % fanout>/<i>`.
    var treeKeys: Int
    /// Repetitions whose median is reported.
    var runs: Int

    /// Children of `tree/` in the listing tree.
    let fanout = 1000
    /// The child of `tree/` whose own children are listed.
    var listedChild: Int { 7 % fanout }
    /// Keys below `tree/<listedChild>/`.
    var listedChildCount: Int { stride(from: listedChild, to: treeKeys, by: fanout).underestimatedCount }
}
