import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// The key-value model test (``KeyValueModel``) on the embedded engine, with
/// reopen, checkpoint and compaction in between (the model-based test of issue 2).
@Suite struct ModelTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        let dir = TemporaryDirectory("model")
        let config = DatabaseConfig(syncMode: .normal, memtableSizeBytes: 64 * 1024)
        let db = try KeyValueModel.run(seed: seed, maintenance: true) { try Database.open(dir.path, config: config) }
        // The run went through flushes and compactions, not only the memtable.
        let levels = db.stats().segmentFilesPerLevel
        #expect(levels.dropFirst().reduce(0, +) > 0, "compacted files exist: \(levels)")
        try db.close()
    }
}
