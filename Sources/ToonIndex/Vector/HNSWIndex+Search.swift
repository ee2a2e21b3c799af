import ToonCore

extension HNSWIndex {
    /// The `k` nearest live elements to `query`, nearest first (ties by label).
    ///
    /// - `efSearch`: how many candidates the search keeps while it walks the
    ///   graph; larger is slower and finds more of the true neighbours. The
    ///   default is `max(k, 64)`; a value below `k` is raised to `k`.
    /// - `filter`: only elements whose label it accepts are returned. It is
    ///   applied during the walk (other elements are traversed but not
    ///   collected); when the walk collects fewer than `k` hits, an exact scan
    ///   of the accepted elements completes the answer, so the result holds
    ///   `min(k, accepted elements)` hits. It must not call into the index.
    ///
    /// Throws `invalidArgument` for `k ≤ 0`, `efSearch ≤ 0` or a bad query,
    /// `dimensionMismatch` for a query of the wrong length.
    public func search(_ query: [Float], k: Int, efSearch: Int? = nil,
                       filter: ((UInt64) -> Bool)? = nil) throws -> [VectorHit] {
        try checkSearch(k: k, efSearch: efSearch)
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        let ef = max(efSearch ?? max(k, 64), k)
        let hits: [VectorHit] = q.withUnsafeBytes { raw in
            structure.withReadLock { graphSearch(raw.baseAddress!, k: k, ef: ef, filter: filter) }
        }
        if hits.count >= k { return hits }
        // Too few hits from the walk (a selective filter, tombstones, or a
        // small index): the exact answer over the accepted elements.
        let exact = q.withUnsafeBytes { raw in structure.withReadLock { exactScan(raw.baseAddress!, k: k, filter: filter) } }
        return exact.count > hits.count ? exact : hits
    }

    /// The `k` nearest live elements by brute force over every element, with
    /// the same distance kernels as ``search(_:k:efSearch:filter:)``; for
    /// measuring recall and for small or heavily filtered sets.
    public func exactSearch(_ query: [Float], k: Int, filter: ((UInt64) -> Bool)? = nil) throws -> [VectorHit] {
        try checkSearch(k: k, efSearch: nil)
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        return q.withUnsafeBytes { raw in structure.withReadLock { exactScan(raw.baseAddress!, k: k, filter: filter) } }
    }

    /// The distance from `query` to each element of `labels` (nil for a label
    /// the index does not hold), with the same kernels as the searches.
    public func distances(_ query: [Float], labels: [UInt64]) throws -> [Float?] {
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        return q.withUnsafeBytes { raw in
            structure.withReadLock {
                let slots = meta.withLock { labels.map { labelToSlot[$0] } }
                return slots.map { slot in slot.map { distance(raw.baseAddress!, vectorPointer(Int($0))) } }
            }
        }
    }

    /// Tombstones the element with `label`: searches never return it and its
    /// node keeps routing searches until a later insert consolidates the
    /// tombstones (see ``HNSWIndex``) and reuses the slot. False when there
    /// is no such element.
    @discardableResult
    public func remove(label: UInt64) -> Bool {
        changes.withReadLock {
            structure.withWriteLock {
                meta.withLock {
                    guard let slot = labelToSlot.removeValue(forKey: label) else { return false }
                    tombstones[Int(slot)] = 1
                    removedSlots.append(slot)
                    return true
                }
            }
        }
    }

    private func checkSearch(k: Int, efSearch: Int?) throws {
        guard k > 0 else {
            throw ToonDBError(.invalidArgument, "k = \(k) is not positive", remediation: "ask for k of 1 or more hits")
        }
        if let efSearch, efSearch <= 0 {
            throw ToonDBError(.invalidArgument, "efSearch = \(efSearch) is not positive",
                              remediation: "pass efSearch of 1 or more, or leave it out for max(k, 64)")
        }
    }

    /// The walk: greedy on the upper layers, a beam of width `ef` on layer 0.
    func graphSearch(_ q: UnsafeRawPointer, k: Int, ef: Int, filter: ((UInt64) -> Bool)?) -> [VectorHit] {
        let (entry, top) = entryLock.withLock { (entryPoint, maxLevel) }
        guard entry >= 0 else { return [] }
        let view = self.view
        return withScratch { scratch in
            var current = UInt32(entry)
            var currentDistance = view.distance(q, current)
            var l = Int(top)
            while l > 0 {
                view.greedyDescend(q, level: l, current: &current, distance: &currentDistance, links: scratch.links)
                l -= 1
            }
            let found = if let filter {
                view.beamSearch(q, entry: current, entryDistance: currentDistance, ef: ef, level: 0, scratch: scratch,
                                admission: LiveAndFiltered(filter: filter))
            } else {
                view.beamSearch(q, entry: current, entryDistance: currentDistance, ef: ef, level: 0, scratch: scratch,
                                admission: LiveOnly())
            }
            return found.prefix(k).map { VectorHit(label: view.label($0.1), distance: $0.0) }
                .sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }
        }
    }

    /// Brute force over the live elements, nearest first, ties by label.
    func exactScan(_ q: UnsafeRawPointer, k: Int, filter: ((UInt64) -> Bool)?) -> [VectorHit] {
        let slots = meta.withLock { Array(labelToSlot.values) }
        var best = DistanceHeap(capacity: min(k, slots.count) + 1, maxOnTop: true)
        defer { best.free() }
        for slot in slots {
            if let filter, !filter(label(ofSlot: Int(slot))) { continue }
            let d = distance(q, vectorPointer(Int(slot)))
            if best.count < k {
                best.push(d, slot)
            } else if d < best.top.0 || (d == best.top.0 && label(ofSlot: Int(slot)) < label(ofSlot: Int(best.top.1))) {
                best.pop()
                best.push(d, slot)
            }
        }
        var hits: [VectorHit] = []
        hits.reserveCapacity(best.count)
        while !best.isEmpty {
            let (d, slot) = best.pop()
            hits.append(VectorHit(label: label(ofSlot: Int(slot)), distance: d))
        }
        return hits.sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }
    }

    /// Runs `body` with a search scratch from the pool.
    func withScratch<T>(_ body: (SearchScratch) throws -> T) rethrows -> T {
        let scratch = scratchLock.withLock { scratchPool.popLast() } ?? SearchScratch(slots: capacity, maxLinks: maxM0)
        defer { scratchLock.withLock { scratchPool.append(scratch) } }
        return try body(scratch)
    }
}
