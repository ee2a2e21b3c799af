import Synchronization

/// Decoded posting lists kept in memory between searches, so that a search
/// of common terms need not decode their blocks again.
///
/// A list is cached under its term's *version*, a number stored in the
/// term's tail block that every change of any of the term's blocks replaces
/// with one never used before (in this or, but for a 2^-64 chance, any other
/// process). A search reads the tail's version through its own transaction,
/// so it can only find the list its snapshot holds: the cache needs no
/// invalidation, is correct under concurrent transactions (aborted ones
/// included), and may be shared by several indexes. Stale lists are simply
/// never asked for again and leave when the budget needs room.
///
/// Thread-safe. Keep one per database or per collection and pass it to every
/// ``BM25Index`` made over that data.
package final class TextIndexCache: Sendable {
    /// The memory the cached lists may hold, in bytes.
    package let budgetBytes: Int
    /// Lists shorter than this are decoded each time instead of cached.
    package static let minimumPostings = 64

    private struct State {
        var lists: [UInt64: PostingList] = [:]
        var bytes = 0
        var hits = 0
        var misses = 0
    }
    private let state = Mutex(State())

    /// A cache of at most `budgetBytes` (default 64 MiB; 16 bytes per posting).
    package init(budgetBytes: Int = 64 << 20) {
        self.budgetBytes = max(0, budgetBytes)
    }

    /// Lookups that found a list, and lookups that did not.
    package var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// Bytes held now.
    package var bytes: Int { state.withLock { $0.bytes } }

    func list(version: UInt64) -> PostingList? {
        state.withLock { s in
            let found = s.lists[version]
            if found != nil { s.hits += 1 } else { s.misses += 1 }
            return found
        }
    }

    func store(_ list: PostingList, version: UInt64) {
        let size = list.bytes
        guard size <= budgetBytes else { return }
        state.withLock { s in
            if s.bytes + size > budgetBytes {
                // Evict in the dictionary's (arbitrary) order until the list fits.
                var victims: [UInt64] = [], freed = 0
                for (v, old) in s.lists where s.bytes - freed + size > budgetBytes {
                    victims.append(v)
                    freed += old.bytes
                }
                for v in victims { s.lists[v] = nil }
                s.bytes -= freed
            }
            if let old = s.lists.updateValue(list, forKey: version) { s.bytes -= old.bytes }
            s.bytes += size
        }
    }
}
