import ToonCore

/// What ``HNSWIndex/verify()`` found in a sound index.
public struct HNSWGraphStats: Sendable, Equatable {
    /// Slots in use (live elements and tombstones).
    public var slots: Int
    /// Live (searchable) elements.
    public var live: Int
    /// Removed elements and detached slots waiting for reuse.
    public var tombstones: Int
    /// The top layer (-1 when empty).
    public var topLevel: Int
    /// Links on each layer, layer 0 first.
    public var linksPerLevel: [Int]
}

extension HNSWIndex {
    /// Walks the whole graph and checks what searches rely on: every link
    /// names a slot in use on its layer (not a detached one), no list is
    /// longer than its limit or links an element to itself, the entry point
    /// sits on the top layer, and every element (removed ones route too) is
    /// reachable from the entry point through layer-0 links, so a search can
    /// find every live element.
    /// Throws `corruption` naming the first fault; returns the graph's sizes.
    /// Takes the exclusive lock (the walk reads link lists without their
    /// node locks), so inserts and searches wait while it runs.
    @discardableResult
    package func verify() throws -> HNSWGraphStats {
        try waitForLoadChecks()
        return try structure.withWriteLock {
            let (n, live, free) = meta.withLock { (slotCount, labelToSlot.count, removedSlots.count + freeSlots.count) }
            let (entry, top) = entryLock.withLock { (Int(entryPoint), Int(maxLevel)) }
            func fault(_ what: String) -> ToonDBError {
                ToonDBError(.corruption, "vector index: \(what)", remediation: "rebuild the index from the documents")
            }
            var stats = HNSWGraphStats(slots: n, live: live, tombstones: free, topLevel: top,
                                       linksPerLevel: Array(repeating: 0, count: max(top + 1, 1)))
            if n == 0 {
                guard entry == -1, top == -1 else { throw fault("an empty index has entry point \(entry)") }
                return stats
            }
            guard entry >= 0, entry < n, Int(levels[entry]) == top else {
                throw fault("entry point \(entry) is not an element on the top layer \(top)")
            }
            var buffer = [UInt32](repeating: 0, count: maxM0 + 1)
            for slot in 0..<n {
                let level = Int(levels[slot])
                guard level <= top else { throw fault("element \(slot) is on layer \(level), above the top layer \(top)") }
                if tombstones[slot] == 2 {
                    guard level == 0, linkList(slot, level: 0)[0] == 0 else { throw fault("detached slot \(slot) still has links") }
                    continue
                }
                for l in 0...level {
                    let count = buffer.withUnsafeMutableBufferPointer { view.copyLinks(UInt32(slot), level: l, into: $0.baseAddress!) }
                    guard count <= (l == 0 ? maxM0 : maxM) else { throw fault("element \(slot) has \(count) links on layer \(l)") }
                    stats.linksPerLevel[l] += count
                    for target in buffer.prefix(count).map(Int.init) {
                        guard target != slot else { throw fault("element \(slot) links to itself on layer \(l)") }
                        guard target < n, Int(levels[target]) >= l, tombstones[target] != 2 else {
                            throw fault("element \(slot) links to \(target), which is not on layer \(l)")
                        }
                    }
                }
            }
            let reached = reachedFromEntry()
            let lost = (0..<n).filter { !reached[$0] && tombstones[$0] != 2 }
            if let first = lost.first {
                throw fault("\(lost.count) of \(n) elements cannot be reached from the entry point (the first is element \(first), label \(label(ofSlot: first)))")
            }
            return stats
        }
    }
}
