import Synchronization

/// One small spinlock per element slot: held only while an element's link
/// lists are read (copied) or rewritten, never two at once, so they cannot
/// deadlock. Uncontended, a lock is one compare-and-swap and one store.
final class NodeLocks: @unchecked Sendable {
    private let storage: AtomicWords
    private let words: UnsafeMutablePointer<Atomic<UInt32>>
    /// The number of locks.
    var count: Int { storage.count }

    /// `count` unlocked locks.
    init(count: Int) {
        storage = AtomicWords(count: count)
        words = storage.words
    }

    /// Acquires lock `i`, spinning (and yielding the processor) while it is held.
    @inline(__always)
    func lock(_ i: Int) {
        var spins = 0
        while true {
            if words[i].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
            while words[i].load(ordering: .relaxed) != 0 {
                spins &+= 1
                if spins > 64 { sched_yield_shim(); spins = 0 }
            }
        }
    }

    /// Releases lock `i`.
    @inline(__always)
    func unlock(_ i: Int) {
        words[i].store(0, ordering: .releasing)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func sched_yield_shim() { _ = sched_yield() }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func sched_yield_shim() { _ = sched_yield() }
#endif
