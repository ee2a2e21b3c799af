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
            structure.withShared { graphSearch(raw.baseAddress!, k: k, ef: ef, filter: filter) }
        }
        if hits.count >= k { return hits }
        // Too few hits from the walk (a selective filter, tombstones, or a
        // small index): the exact answer over the accepted elements.
        let exact = q.withUnsafeBytes { raw in structure.withShared { exactScan(raw.baseAddress!, k: k, filter: filter) } }
        return exact.count > hits.count ? exact : hits
    }

    /// The `k` nearest live elements by brute force over every element, with
    /// the same distance kernels as ``search(_:k:efSearch:filter:)``; for
    /// measuring recall and for small or heavily filtered sets.
    public func exactSearch(_ query: [Float], k: Int, filter: ((UInt64) -> Bool)? = nil) throws -> [VectorHit] {
        try checkSearch(k: k, efSearch: nil)
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        return q.withUnsafeBytes { raw in structure.withShared { exactScan(raw.baseAddress!, k: k, filter: filter) } }
    }

    /// Tombstones the element with `label`: searches never return it, its
    /// node keeps routing searches, and the next insert of a new label reuses
    /// its slot. False when there is no such element.
    @discardableResult
    public func remove(label: UInt64) -> Bool {
        structure.withExclusive {
            meta.withLock {
                guard let slot = labelToSlot.removeValue(forKey: label) else { return false }
                tombstones[Int(slot)] = 1
                freeSlots.append(slot)
                return true
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
        let (entry, top) = entryLock.withLock { (Int(entryPoint), Int(maxLevel)) }
        guard entry >= 0 else { return [] }
        return withScratch { scratch in
            var current = entry
            var currentDistance = distance(q, vectorPointer(current))
            var l = top
            while l > 0 {
                greedyDescend(query: q, level: l, current: &current, distance: &currentDistance, scratch: scratch)
                l -= 1
            }
            let found = searchBase(query: q, entry: current, entryDistance: currentDistance, ef: ef,
                                   scratch: scratch, filter: filter)
            return found.prefix(k).map { VectorHit(label: label(ofSlot: Int($0.1)), distance: $0.0) }
                .sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }
        }
    }

    /// Moves `current` to ever nearer neighbours on `level` until none is nearer.
    func greedyDescend(query q: UnsafeRawPointer, level: Int, current: inout Int, distance d: inout Float,
                       scratch: SearchScratch) {
        var changed = true
        while changed {
            changed = false
            let n = copyLinks(current, level: level, into: scratch.links)
            for i in 0..<n {
                let id = Int(scratch.links[i])
                let dist = distance(q, vectorPointer(id))
                if dist < d {
                    d = dist
                    current = id
                    changed = true
                }
            }
        }
    }

    /// Copies the link list of `slot` on `level` under its lock; returns its length.
    @inline(__always)
    func copyLinks(_ slot: Int, level: Int, into buffer: UnsafeMutablePointer<UInt32>) -> Int {
        let list = linkList(slot, level: level)
        nodeLocks.lock(slot)
        let n = Int(list[0])
        buffer.update(from: list + 1, count: n)
        nodeLocks.unlock(slot)
        return n
    }

    /// The construction beam search on one layer: up to `ef` nearest
    /// elements (tombstones included: they still route), nearest first,
    /// without `excluding`.
    func searchLayer(query q: UnsafeRawPointer, entry: Int, entryDistance: Float, ef: Int, level: Int,
                     scratch: SearchScratch, excluding: UInt32) -> [(Float, UInt32)] {
        scratch.begin(slots: capacity)
        _ = scratch.visit(UInt32(entry))
        scratch.candidates.push(entryDistance, UInt32(entry))
        if UInt32(entry) != excluding { scratch.results.push(entryDistance, UInt32(entry)) }
        var bound = scratch.results.isEmpty ? Float.infinity : entryDistance
        while !scratch.candidates.isEmpty {
            let (d, c) = scratch.candidates.pop()
            if d > bound && scratch.results.count >= ef { break }
            let n = copyLinks(Int(c), level: level, into: scratch.links)
            for i in 0..<n {
                let id = scratch.links[i]
                guard scratch.visit(id) else { continue }
                let dist = distance(q, vectorPointer(Int(id)))
                if scratch.results.count < ef || dist < bound {
                    scratch.candidates.push(dist, id)
                    if id != excluding {
                        scratch.results.push(dist, id)
                        if scratch.results.count > ef { scratch.results.pop() }
                        bound = scratch.results.top.0
                    }
                }
            }
        }
        return drain(&scratch.results)
    }

    /// The query beam search on layer 0: tombstones and elements the filter
    /// rejects are traversed but not collected.
    private func searchBase(query q: UnsafeRawPointer, entry: Int, entryDistance: Float, ef: Int,
                            scratch: SearchScratch, filter: ((UInt64) -> Bool)?) -> [(Float, UInt32)] {
        scratch.begin(slots: capacity)
        @inline(__always) func accepted(_ id: UInt32) -> Bool {
            if tombstones[Int(id)] != 0 { return false }
            guard let filter else { return true }
            return filter(label(ofSlot: Int(id)))
        }
        _ = scratch.visit(UInt32(entry))
        scratch.candidates.push(entryDistance, UInt32(entry))
        var bound = Float.infinity
        if accepted(UInt32(entry)) {
            scratch.results.push(entryDistance, UInt32(entry))
            bound = entryDistance
        }
        while !scratch.candidates.isEmpty {
            let (d, c) = scratch.candidates.pop()
            if d > bound && scratch.results.count >= ef { break }
            let n = copyLinks(Int(c), level: 0, into: scratch.links)
            for i in 0..<n {
                let id = scratch.links[i]
                guard scratch.visit(id) else { continue }
                let dist = distance(q, vectorPointer(Int(id)))
                if scratch.results.count < ef || dist < bound {
                    scratch.candidates.push(dist, id)
                    if accepted(id) {
                        scratch.results.push(dist, id)
                        if scratch.results.count > ef { scratch.results.pop() }
                        bound = scratch.results.top.0
                    }
                }
            }
        }
        return drain(&scratch.results)
    }

    /// Empties a max-heap into an array, nearest first (ties by label).
    private func drain(_ heap: inout DistanceHeap) -> [(Float, UInt32)] {
        var out = [(Float, UInt32)](repeating: (0, 0), count: heap.count)
        var i = heap.count - 1
        while !heap.isEmpty {
            out[i] = heap.pop()
            i -= 1
        }
        return out
    }

    /// Brute force over the live elements, nearest first, ties by label.
    func exactScan(_ q: UnsafeRawPointer, k: Int, filter: ((UInt64) -> Bool)?) -> [VectorHit] {
        let slots = meta.withLock { Array(labelToSlot.values) }
        var best = DistanceHeap(capacity: k + 1, maxOnTop: true)
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
        return drain(&best).map { VectorHit(label: label(ofSlot: Int($0.1)), distance: $0.0) }
            .sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }
    }

    /// Runs `body` with a search scratch from the pool.
    func withScratch<T>(_ body: (SearchScratch) throws -> T) rethrows -> T {
        let scratch = scratchLock.withLock { scratchPool.popLast() } ?? SearchScratch(slots: capacity, maxLinks: maxM0)
        defer { scratchLock.withLock { scratchPool.append(scratch) } }
        return try body(scratch)
    }
}
