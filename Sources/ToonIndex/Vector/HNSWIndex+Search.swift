import ToonCore

extension HNSWIndex {
    /// Full-precision vectors for re-ranking the candidates of a quantized
    /// index: writes the vector of `label` (as inserted) into the buffer of
    /// `dimension` floats and returns true, or returns false when it has none.
    package typealias VectorLookup = (_ label: UInt64, _ into: UnsafeMutableBufferPointer<Float>) -> Bool

    /// The `k` nearest live elements to `query`, nearest first (ties by label).
    ///
    /// - `efSearch`: how many candidates the search keeps while it walks the
    ///   graph; larger is slower and finds more of the true neighbours. The
    ///   default is `max(k, 64)`; a value below `k` (or below the re-ranked
    ///   candidates) is raised to it.
    /// - `filter`: only elements whose label it accepts are returned. The
    ///   search first estimates from a sample of up to 256 elements what
    ///   share `p` of the index it accepts; when few match (`p²·count ≤
    ///   32·k`) it compares the query with every accepted element (exact),
    ///   otherwise it walks the graph with a beam of `max(efSearch, 2·k/p)`
    ///   elements of every kind, collecting the accepted ones it meets (up
    ///   to the re-ranked candidates). When the walk collects fewer than `k`
    ///   hits, an exact scan of the accepted elements completes the answer,
    ///   so the result holds `min(k, accepted elements)` hits. It must not
    ///   call into the index.
    /// - `rerank` and `vectors` (quantized indexes only, ``VectorQuantization``): the
    ///   walk on codes keeps the best `rerank` candidates (default `4·k`,
    ///   at least `k`), whose distances `vectors` turns into full-precision
    ///   ones; the `k` nearest of those are returned. A candidate `vectors`
    ///   has no vector for is left out. Without `vectors` the distances are
    ///   those of the codes. An unquantized index ignores both.
    ///
    /// Throws `invalidArgument` for `k ≤ 0`, `efSearch ≤ 0`, `rerank ≤ 0` or a
    /// bad query, `dimensionMismatch` for a query of the wrong length.
    package func search(_ query: [Float], k: Int, efSearch: Int? = nil, filter: ((UInt64) -> Bool)? = nil,
                       rerank: Int? = nil, vectors: VectorLookup? = nil) throws -> [VectorHit] {
        try checkSearch(k: k, efSearch: efSearch, rerank: rerank)
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        let lookup = quantizer == nil ? nil : vectors
        let want = lookup == nil ? k : max(k, rerank ?? 4 * k)
        let ef = max(efSearch ?? max(k, 64), want)
        let code = stored(q)
        let hits: [VectorHit] = code.withUnsafeBytes { raw in
            structure.withReadLock { candidates(raw.baseAddress!, k: k, want: want, ef: ef, filter: filter) }
        }
        guard let lookup else { return hits }
        return Array(reranked(hits.map(\.label), query: q, lookup: lookup).prefix(k))
    }

    /// The `k` nearest live elements by brute force over every element, with
    /// the same distance kernels as ``search(_:k:efSearch:filter:rerank:vectors:)``;
    /// for measuring recall and for small or heavily filtered sets. For a
    /// quantized index `vectors` supplies the full-precision vectors (the
    /// distances are the codes' without it).
    package func exactSearch(_ query: [Float], k: Int, filter: ((UInt64) -> Bool)? = nil,
                            vectors: VectorLookup? = nil) throws -> [VectorHit] {
        try checkSearch(k: k, efSearch: nil, rerank: nil)
        let q = try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") }
        if quantizer != nil, let vectors {
            let accepted = structure.withReadLock {
                meta.withLock { Array(labelToSlot.keys) }.filter { filter?($0) ?? true }
            }
            return Array(reranked(accepted, query: q, lookup: vectors).prefix(k))
        }
        let code = stored(q)
        return code.withUnsafeBytes { raw in structure.withReadLock { exactScan(raw.baseAddress!, k: k, filter: filter) } }
    }

    /// How a filtered search runs (see ``search(_:k:efSearch:filter:rerank:vectors:)``).
    package enum FilterPlan: Equatable {
        /// Compare the query with every accepted element.
        case scan
        /// Walk the graph with a beam of this width, collecting accepted elements.
        case walk(ef: Int)
    }

    /// The widest beam a filtered walk is given (wider filters scan).
    static let widestFilteredBeam = 4096

    /// The plan for `filter` with a beam of `ef` and `want` hits, from the
    /// share of a sample of up to 256 live elements (evenly spread over the
    /// slots) it accepts; the shared lock must be held. A scan costs about
    /// `p·count` distances, a walk about `16·2·want/p`.
    package func filterPlan(_ filter: (UInt64) -> Bool, ef: Int, want: Int) -> FilterPlan {
        plan(share: sampledShare(filter), ef: ef, want: want)
    }

    /// The share of a sample of up to 256 live elements (evenly spread over
    /// the slots) that `filter` accepts; 0 when there is none.
    private func sampledShare(_ filter: (UInt64) -> Bool) -> Double {
        let slots = meta.withLock { slotCount }
        let step = max(1, slots / 256)
        var sampled = 0, accepted = 0
        for slot in stride(from: 0, to: slots, by: step) where tombstones[slot] == 0 {
            sampled += 1
            if filter(label(ofSlot: slot)) { accepted += 1 }
        }
        return sampled == 0 ? 0 : Double(accepted) / Double(sampled)
    }

    /// The plan for a filter accepting a share `p` of the elements.
    private func plan(share p: Double, ef: Int, want: Int) -> FilterPlan {
        let live = meta.withLock { labelToSlot.count }
        guard live > 0, p > 0 else { return .scan }
        let width = Double(2 * want) / p
        if p * p * Double(live) <= Double(32 * want) || width > Double(Self.widestFilteredBeam) { return .scan }
        return .walk(ef: max(ef, Int(width.rounded(.up))))
    }

    /// Up to `want` (at least `k`) nearest candidates by the stored vectors;
    /// the shared lock must be held.
    private func candidates(_ q: UnsafeRawPointer, k: Int, want: Int, ef: Int,
                            filter: ((UInt64) -> Bool)?) -> [VectorHit] {
        var width = ef, share = 1.0
        if let filter {
            share = sampledShare(filter)
            switch plan(share: share, ef: ef, want: k) {
            case .scan: return exactScan(q, k: want, filter: filter)
            case .walk(let widened): width = widened
            }
        }
        let (hits, localShare) = graphSearch(q, k: want, ef: width, filter: filter)
        // The query's neighbourhood was mostly rejected (a filter that follows
        // clusters): the walk's hits are from the edge of what it explored, so
        // the exact answer over the accepted elements is given instead.
        if filter != nil && localShare < share / 2 { return exactScan(q, k: want, filter: filter) }
        if hits.count >= k { return hits }
        // Too few hits from the walk (a selective filter, tombstones, or a
        // small index): the exact answer over the accepted elements.
        let exact = exactScan(q, k: want, filter: filter)
        return exact.count > hits.count ? exact : hits
    }

    /// `labels` with their full-precision distances to the prepared query
    /// `q`, nearest first (ties by label); labels `lookup` lacks are left out.
    private func reranked(_ labels: [UInt64], query q: [Float], lookup: VectorLookup) -> [VectorHit] {
        var v = [Float](repeating: 0, count: dimension)
        var hits: [VectorHit] = []
        hits.reserveCapacity(labels.count)
        q.withUnsafeBytes { qp in
            v.withUnsafeMutableBufferPointer { vp in
                for label in labels where lookup(label, vp) {
                    let raw = UnsafeRawPointer(vp.baseAddress!)
                    let d: Float = switch metric {
                    case .euclidean: kernels.squaredL2(qp.baseAddress!, raw, dimension)
                    case .dotProduct: -kernels.dot(qp.baseAddress!, raw, dimension)
                    case .cosine: 1 - kernels.dot(qp.baseAddress!, raw, dimension)
                        / max(kernels.dot(raw, raw, dimension).squareRoot(), .leastNormalMagnitude)
                    }
                    hits.append(VectorHit(label: label, distance: d))
                }
            }
        }
        return hits.sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }
    }

    /// The distance from `query` to each element of `labels` (nil for a label
    /// the index does not hold), with the same kernels as the searches (for
    /// a quantized index: between the codes).
    package func distances(_ query: [Float], labels: [UInt64]) throws -> [Float?] {
        try checkLoadFailure()
        let q = stored(try query.withUnsafeBufferPointer { try prepared($0, what: "the query vector") })
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
    package func remove(label: UInt64) -> Bool {
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

    private func checkSearch(k: Int, efSearch: Int?, rerank: Int?) throws {
        try checkLoadFailure()
        if let rerank, rerank <= 0 {
            throw ToonDBError(.invalidArgument, "rerank = \(rerank) is not positive",
                              remediation: "pass rerank of 1 or more, or leave it out for 4·k")
        }
        guard k > 0 else {
            throw ToonDBError(.invalidArgument, "k = \(k) is not positive", remediation: "ask for k of 1 or more hits")
        }
        if let efSearch, efSearch <= 0 {
            throw ToonDBError(.invalidArgument, "efSearch = \(efSearch) is not positive",
                              remediation: "pass efSearch of 1 or more, or leave it out for max(k, 64)")
        }
    }

    /// The walk: greedy on the upper layers, a beam of width `ef` on layer 0;
    /// with the hits, the share of the elements met that `filter` accepted
    /// (1 without a filter; see ``GraphView/filteredBeamSearch(_:entry:entryDistance:ef:want:scratch:accepts:)``).
    func graphSearch(_ q: UnsafeRawPointer, k: Int, ef: Int, filter: ((UInt64) -> Bool)?) -> (hits: [VectorHit], acceptedShare: Double) {
        let (entry, top) = entryLock.withLock { (entryPoint, maxLevel) }
        guard entry >= 0 else { return ([], 1) }
        let view = self.view
        return withScratch { scratch in
            var current = UInt32(entry)
            var currentDistance = view.distance(q, current)
            var l = Int(top)
            while l > 0 {
                view.greedyDescend(q, level: l, current: &current, distance: &currentDistance, links: scratch.links)
                l -= 1
            }
            let (found, share) = if let filter {
                view.filteredBeamSearch(q, entry: current, entryDistance: currentDistance, ef: ef, want: k,
                                        scratch: scratch, accepts: filter)
            } else {
                (view.beamSearch(q, entry: current, entryDistance: currentDistance, ef: ef, level: 0, scratch: scratch,
                                 admission: LiveOnly()), 1.0)
            }
            return (found.prefix(k).map { VectorHit(label: view.label($0.1), distance: $0.0) }
                .sorted { ($0.distance, $0.label) < ($1.distance, $1.label) }, share)
        }
    }

    /// Brute force over the live elements, nearest first, ties by label. The
    /// filter sees the labels of the label map, so rejected elements' records
    /// are never read.
    func exactScan(_ q: UnsafeRawPointer, k: Int, filter: ((UInt64) -> Bool)?) -> [VectorHit] {
        let live = meta.withLock { Array(labelToSlot) }
        var best = DistanceHeap(capacity: min(k, live.count) + 1, maxOnTop: true)
        defer { best.free() }
        for (label, slot) in live {
            if let filter, !filter(label) { continue }
            let d = distance(q, vectorPointer(Int(slot)))
            if best.count < k {
                best.push(d, slot)
            } else if d < best.top.0 || (d == best.top.0 && label < self.label(ofSlot: Int(best.top.1))) {
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
