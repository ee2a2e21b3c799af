/// A registered read snapshot: the backend keeps every version it may see
/// until the handle is released (on deinit).
package final class SnapshotHandle: @unchecked Sendable {
    /// The commit number reads through this handle see.
    package let sequence: UInt64
    private let release: @Sendable () -> Void

    /// A handle on snapshot `sequence`; `release` runs once, when it is freed.
    package init(sequence: UInt64, release: @escaping @Sendable () -> Void) {
        self.sequence = sequence
        self.release = release
    }

    deinit { release() }
}

extension StorageEngine {
    /// Registers a snapshot at the latest commit.
    package func acquireSnapshot() throws -> SnapshotHandle {
        try withMutex {
            try checkOpen()
            return registerSnapshotLocked()
        }
    }

    /// Registers a snapshot at the visible sequence; the mutex must be held.
    func registerSnapshotLocked() -> SnapshotHandle {
        let sequence = visibleSequence
        snapshots.add(sequence)
        return SnapshotHandle(sequence: sequence) { [weak self] in
            guard let self else { return }
            self.withMutex { self.snapshots.remove(sequence) }
        }
    }
}
