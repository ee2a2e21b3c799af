import Synchronization

/// A fixed-size array of atomic 32-bit words, zero at first: the storage of
/// ``NodeLocks`` and ``InDegrees``.
final class AtomicWords: @unchecked Sendable {
    let words: UnsafeMutablePointer<Atomic<UInt32>>
    /// The number of words.
    let count: Int

    init(count: Int) {
        self.count = count
        words = .allocate(capacity: max(count, 1))
        for i in 0..<max(count, 1) { (words + i).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: max(count, 1))
        words.deallocate()
    }
}
