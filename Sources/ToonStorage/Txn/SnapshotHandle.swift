/// A registered read snapshot: compaction keeps every version it may see
/// until the handle is released (on deinit).
package final class SnapshotHandle: @unchecked Sendable {
    /// The sequence reads through this handle see.
    package let sequence: UInt64
    private weak var engine: StorageEngine?

    init(engine: StorageEngine, sequence: UInt64) {
        self.engine = engine
        self.sequence = sequence
    }

    deinit {
        guard let engine else { return }
        engine.withMutex { engine.snapshots.remove(sequence) }
    }
}

extension StorageEngine {
    /// Registers a snapshot at the latest commit.
    package func acquireSnapshot() throws -> SnapshotHandle {
        try withMutex {
            try checkOpen()
            snapshots.add(visibleSequence)
            return SnapshotHandle(engine: self, sequence: visibleSequence)
        }
    }
}
