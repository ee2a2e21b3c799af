import Synchronization

/// How many layer-0 link lists name each slot. Inserts on several threads
/// update it while they link, so each count is an atomic; a pruning list
/// reads it to keep the links that are an element's only way in.
final class InDegrees: @unchecked Sendable {
    private let storage: AtomicWords
    private let words: UnsafeMutablePointer<Atomic<UInt32>>
    /// The number of counters.
    var count: Int { storage.count }

    /// `count` counters at zero.
    init(count: Int) {
        storage = AtomicWords(count: count)
        words = storage.words
    }

    @inline(__always)
    subscript(_ slot: UInt32) -> UInt32 { words[Int(slot)].load(ordering: .relaxed) }

    @inline(__always)
    func increment(_ slot: UInt32) { words[Int(slot)].wrappingAdd(1, ordering: .relaxed) }

    @inline(__always)
    func decrement(_ slot: UInt32) { words[Int(slot)].wrappingSubtract(1, ordering: .relaxed) }

    @inline(__always)
    func store(_ slot: UInt32, _ value: UInt32) { words[Int(slot)].store(value, ordering: .relaxed) }

    /// Sets every counter to zero.
    func reset() {
        for i in 0..<count { words[i].store(0, ordering: .relaxed) }
    }
}
