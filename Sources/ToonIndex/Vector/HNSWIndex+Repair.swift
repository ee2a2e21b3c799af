/// Keeping every element reachable: consolidating tombstones, and relinking
/// what the walk from the entry point misses. Both run under the exclusive
/// lock, so nothing else reads or writes the graph meanwhile.
extension HNSWIndex {
    /// Which slots the entry point reaches through layer-0 links.
    func reachedFromEntry() -> [Bool] {
        let n = slotCount
        var reached = [Bool](repeating: false, count: n)
        guard entryPoint >= 0 else { return reached }
        var pending = [Int(entryPoint)]
        reached[Int(entryPoint)] = true
        while let slot = pending.popLast() {
            let list = linkList(slot, level: 0)
            for i in 0..<Int(list[0]) {
                let target = Int(list[1 + i])
                if !reached[target] {
                    reached[target] = true
                    pending.append(target)
                }
            }
        }
        return reached
    }

    /// Counts every slot's layer-0 in-links afresh.
    func recountInDegrees() {
        inDegrees.reset()
        for slot in 0..<slotCount {
            let list = linkList(slot, level: 0)
            for i in 0..<Int(list[0]) { inDegrees.increment(list[1 + i]) }
        }
    }

    /// Links every element the entry point does not reach (detached slots
    /// aside) from its nearest reachable element, and back, until the walk
    /// reaches them all; returns how many were relinked. A full list makes
    /// room by dropping the farthest link whose target other lists also
    /// reach. The exclusive lock is held and the in-link counts are current
    /// (inserts keep them; a load or a consolidation recounts first), so a
    /// sound graph costs one walk and nothing more.
    @discardableResult
    func repairReachability() -> Int {
        var relinked = 0
        for _ in 0..<16 {
            let reached = reachedFromEntry()
            let lost = (0..<slotCount).filter { !reached[$0] && tombstones[$0] != 2 }
            if lost.isEmpty { return relinked }
            for slot in lost {
                guard let nearest = nearestReachable(to: slot, reached: reached) else { continue }
                forceLink(from: Int(nearest.1), to: UInt32(slot))
                if !listContains(slot, nearest.1) { forceLink(from: slot, to: nearest.1) }
                relinked += 1
            }
        }
        return relinked
    }

    /// The nearest element to `slot`'s vector that the entry point reaches
    /// (a beam search from the entry point walks only reachable elements).
    private func nearestReachable(to slot: Int, reached: [Bool]) -> (Float, UInt32)? {
        var view = self.view
        if metric == .dotProduct && maxSquaredNorm > 0 {
            view = view.lifted(queryNorm: squaredNorms[slot], phi: maxSquaredNorm)
        }
        let q = UnsafeRawPointer(vectorPointer(slot))
        return withScratch { scratch in
            var current = UInt32(entryPoint)
            var distance = view.distance(q, current)
            for l in stride(from: Int(maxLevel), to: 0, by: -1) {
                view.greedyDescend(q, level: l, current: &current, distance: &distance, links: scratch.links)
            }
            let found = view.beamSearch(q, entry: current, entryDistance: distance, ef: parameters.efConstruction,
                                        level: 0, scratch: scratch, admission: AllBut(excluded: UInt32(slot)))
            return found.first { reached[Int($0.1)] }
        }
    }

    private func listContains(_ slot: Int, _ target: UInt32) -> Bool {
        let list = linkList(slot, level: 0)
        return (0..<Int(list[0])).contains { list[1 + $0] == target }
    }

    /// Adds `from → to` on layer 0 whatever the heuristic would say.
    private func forceLink(from: Int, to: UInt32) {
        let list = linkList(from, level: 0)
        let n = Int(list[0])
        if (0..<n).contains(where: { list[1 + $0] == to }) { return }
        if n < maxM0 {
            list[1 + n] = to
            list[0] = UInt32(n + 1)
        } else {
            let byDistance = (0..<n).sorted {
                distance(vectorPointer(from), vectorPointer(Int(list[1 + $0])))
                    > distance(vectorPointer(from), vectorPointer(Int(list[1 + $1])))
            }
            let victim = byDistance.first { inDegrees[list[1 + $0]] > 1 } ?? byDistance[0]
            inDegrees.decrement(list[1 + victim])
            list[1 + victim] = to
        }
        inDegrees.increment(to)
    }

    /// Detaches every removed element (after FreshDiskANN's delete
    /// consolidation): each list that names one keeps its live links and
    /// takes some of the removed element's own neighbours in its place, so no
    /// live element loses a way in; the removed slots lose their links
    /// and become free for inserts; a new entry point is chosen if the old one
    /// was removed; a repair pass follows. The exclusive lock is held.
    func consolidateRemoved() {
        let removed = meta.withLock { () -> [UInt32] in
            defer { removedSlots.removeAll() }
            return removedSlots
        }
        guard !removed.isEmpty else { return }
        var isRemoved = [Bool](repeating: false, count: slotCount)
        for slot in removed { isRemoved[Int(slot)] = true }
        // Construction's distances: for an inner product those of the lifted vectors.
        let view = metric == .dotProduct && maxSquaredNorm > 0
            ? self.view.lifted(queryNorm: maxSquaredNorm, phi: maxSquaredNorm) : self.view
        var candidates: [(Float, UInt32)] = []
        for slot in 0..<slotCount where !isRemoved[slot] && tombstones[slot] != 2 {
            for l in 0...Int(levels[slot]) {
                let list = linkList(slot, level: l)
                let n = Int(list[0])
                guard (0..<n).contains(where: { isRemoved[Int(list[1 + $0])] }) else { continue }
                // The live links stay; each removed one makes room for the
                // removed element's own neighbours, nearest first, those in
                // a new direction (the heuristic) before the rest.
                var kept = (0..<n).map { list[1 + $0] }.filter { !isRemoved[Int($0)] }
                let room = n - kept.count
                var seen = Set(kept)
                seen.insert(UInt32(slot))
                candidates.removeAll(keepingCapacity: true)
                for i in 0..<n where isRemoved[Int(list[1 + i])] {
                    let through = linkList(Int(list[1 + i]), level: l)
                    for j in 0..<Int(through[0]) {
                        let id = through[1 + j]
                        if !isRemoved[Int(id)], seen.insert(id).inserted {
                            candidates.append((view.elementDistance(UInt32(slot), id), id))
                        }
                    }
                }
                candidates.sort { $0.0 < $1.0 }
                var added = 0
                for c in candidates where added < room
                    && !kept.contains(where: { view.elementDistance(c.1, $0) < c.0 }) {
                    kept.append(c.1)
                    added += 1
                }
                for c in candidates where added < room && !kept.contains(c.1) {
                    kept.append(c.1)
                    added += 1
                }
                list[0] = UInt32(kept.count)
                for (i, id) in kept.enumerated() { list[1 + i] = id }
            }
        }
        for slot in removed.map(Int.init) {
            upperLinks[slot]?.deallocate()
            upperLinks[slot] = nil
            levels[slot] = 0
            linkList(slot, level: 0)[0] = 0
            tombstones[slot] = 2
        }
        meta.withLock { freeSlots.append(contentsOf: removed.reversed()) }
        entryLock.withLock {
            guard entryPoint >= 0, isRemoved[Int(entryPoint)] else { return }
            let remaining = (0..<slotCount).filter { tombstones[$0] != 2 }
            if let top = remaining.max(by: { levels[$0] < levels[$1] }) {
                entryPoint = Int32(top)
                maxLevel = levels[top]
            } else {
                entryPoint = -1
                maxLevel = -1
            }
        }
        recountInDegrees()
        repairReachability()
    }
}
