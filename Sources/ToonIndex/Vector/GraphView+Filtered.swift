extension GraphView {
    /// The layer-0 search of a filtered query: a beam of the `ef` nearest
    /// elements of every kind steers the walk and decides when it ends, as
    /// an unfiltered search's does, while the `want` nearest live elements
    /// whose label `accepts` admits are collected beside it (among those that
    /// enter the beam); nearest first. A beam of about `2·want / p` for a
    /// filter accepting a share `p` holds the `want` nearest accepted
    /// elements with room to spare, at the cost of an unfiltered search of
    /// that width (see ``HNSWIndex/filterPlan(_:ef:want:)``).
    ///
    /// Also returns the share of the elements it asked `accepts` about that
    /// were accepted: near the share of the whole index when the filter is
    /// spread evenly, far below it when the query's neighbourhood is mostly
    /// rejected (a filter that follows clusters), where the walk's hits come
    /// from the edge of what it explored.
    func filteredBeamSearch(_ q: UnsafeRawPointer, entry: UInt32, entryDistance: Float, ef: Int, want: Int,
                            scratch: SearchScratch, accepts: (UInt64) -> Bool) -> (found: [(Float, UInt32)], acceptedShare: Double) {
        scratch.begin(slots: slots)
        let tags = scratch.tags, epoch = scratch.epoch
        let links = scratch.links, distances = scratch.distances
        var beam = scratch.results, candidates = scratch.candidates, found = scratch.accepted
        defer {
            scratch.results = beam
            scratch.candidates = candidates
            scratch.accepted = found
        }
        tags[Int(entry)] = epoch
        candidates.push(entryDistance, entry)
        beam.push(entryDistance, entry)
        var bound = entryDistance
        var asked = 1, accepted = 0
        if tombstones[Int(entry)] == 0 && accepts(label(entry)) {
            found.push(entryDistance, entry)
            accepted += 1
        }
        while !candidates.isEmpty {
            let (d, c) = candidates.pop()
            if d > bound && beam.count >= ef { break }
            let fresh = expand(c, level: 0, q, scratch: scratch)
            for i in 0..<fresh {
                let dist = distances[i]
                guard beam.count < ef || dist < bound else { continue }
                let id = links[i]
                candidates.push(dist, id)
                beam.push(dist, id)
                if beam.count > ef { beam.pop() }
                bound = beam.top.0
                if tombstones[Int(id)] == 0 && (found.count < want || dist < found.top.0) {
                    asked += 1
                    if accepts(label(id)) {
                        accepted += 1
                        found.push(dist, id)
                        if found.count > want { found.pop() }
                    }
                }
            }
        }
        var out = [(Float, UInt32)](repeating: (0, 0), count: found.count)
        var i = found.count - 1
        while !found.isEmpty {
            out[i] = found.pop()
            i -= 1
        }
        return (out, Double(accepted) / Double(asked))
    }
}
