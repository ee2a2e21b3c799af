internal import CVectorKernels

/// A snapshot of an ``HNSWIndex``'s buffer addresses and layout, taken under
/// the shared lock (so the buffers cannot move while it is used). The walks
/// read through it rather than through the index's `var` properties, which
/// keeps dynamic exclusivity checks and reloads out of the inner loops.
struct GraphView {
    let records: UnsafeMutableRawPointer
    let recordSize: Int
    let vectorOffset: Int
    let labelOffset: Int
    let upperLinks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let upperListSize: Int
    let tombstones: UnsafeMutablePointer<UInt8>
    let locks: NodeLocks
    let slots: Int
    /// The squared norm of every element (kept for ``VectorMetric/dotProduct`` only).
    let squaredNorms: UnsafeMutablePointer<Float>
    /// How two stored vectors (floats or codes) compare.
    let space: VectorSpace
    /// For an insert under ``VectorMetric/dotProduct``: the largest squared
    /// norm `Φ` of the index, and the lift `√(Φ − |x|²)` of the vector being
    /// inserted; `lift` is 0 in every other walk (see ``lifted(queryNorm:phi:)``).
    var phi: Float = 0
    var lift: Float = 0

    @inline(__always)
    func vector(_ id: UInt32) -> UnsafeRawPointer { UnsafeRawPointer(records + (Int(id) &* recordSize &+ vectorOffset)) }

    @inline(__always)
    func label(_ id: UInt32) -> UInt64 { records.load(fromByteOffset: Int(id) &* recordSize &+ labelOffset, as: UInt64.self) }

    /// The distance from `q` to element `id`: the metric's, minus
    /// `lift · √(Φ − |id|²)` while an inner-product insert walks the graph.
    @inline(__always)
    func distance(_ q: UnsafeRawPointer, _ id: UInt32) -> Float {
        let d = space.distance(q, vector(id))
        if lift == 0 { return d }
        return d - lift * elementLift(id)
    }

    /// `√(Φ − |id|²)`, the extra component of element `id` lifted onto the sphere of radius `√Φ`.
    @inline(__always)
    func elementLift(_ id: UInt32) -> Float { max(0, phi - squaredNorms[Int(id)]).squareRoot() }

    /// The distance between two stored elements as construction measures it:
    /// for ``VectorMetric/dotProduct`` that of the lifted vectors (see ``lifted(queryNorm:phi:)``).
    @inline(__always)
    func elementDistance(_ a: UInt32, _ b: UInt32) -> Float {
        let d = space.distance(vector(a), vector(b))
        if phi == 0 { return d }
        return d - elementLift(a) * elementLift(b)
    }

    /// This view for inserting a vector of squared norm `queryNorm` under
    /// ``VectorMetric/dotProduct``, where `phi` is the largest squared norm
    /// in the index (at least `queryNorm`).
    ///
    /// An inner product is no metric: an element is not its own nearest
    /// neighbour (a longer vector in the same direction is "nearer"), and a
    /// graph linked by it leaves the elements that answer queries from
    /// other directions hard to reach. Construction therefore measures the
    /// vectors lifted onto a sphere, `x ↦ (x, √(Φ − |x|²))` (Bachrach et al.,
    /// 2014): between two elements `−(x·y) − √(Φ−|x|²)·√(Φ−|y|²)`, which is
    /// `½‖x′ − y′‖² − Φ`, a Euclidean distance. A query lifts to `(q, 0)`, so
    /// its distance in that space is `−(q·x)` plus a constant: searches use
    /// the plain inner product and rank exactly as before.
    func lifted(queryNorm: Float, phi: Float) -> GraphView {
        var view = self
        view.phi = phi
        view.lift = max(0, phi - queryNorm).squareRoot()
        return view
    }

    /// Copies the link list of `id` on `level` under its lock; returns its length.
    @inline(__always)
    func copyLinks(_ id: UInt32, level: Int, into buffer: UnsafeMutablePointer<UInt32>) -> Int {
        let list: UnsafeMutablePointer<UInt32>
        if level == 0 {
            list = (records + Int(id) &* recordSize).assumingMemoryBound(to: UInt32.self)
        } else {
            list = (upperLinks[Int(id)]! + (level &- 1) &* upperListSize).assumingMemoryBound(to: UInt32.self)
        }
        locks.lock(Int(id))
        let n = Int(list[0])
        buffer.update(from: list + 1, count: n)
        locks.unlock(Int(id))
        return n
    }

    /// Moves `current` to ever nearer neighbours on `level` until none is nearer.
    func greedyDescend(_ q: UnsafeRawPointer, level: Int, current: inout UInt32, distance d: inout Float,
                       links: UnsafeMutablePointer<UInt32>) {
        var changed = true
        while changed {
            changed = false
            let n = copyLinks(current, level: level, into: links)
            for i in 0..<n {
                let id = links[i]
                let dist = distance(q, id)
                if dist < d {
                    d = dist
                    current = id
                    changed = true
                }
            }
        }
    }

    /// Puts the neighbours of `c` on `level` not yet visited in this search
    /// into `scratch.links` (marking them visited) and their distances to
    /// `q` into `scratch.distances`; returns how many. The first two cache
    /// lines of every such vector are prefetched before the kernels run, so
    /// that their misses are in flight together.
    @inline(__always)
    func expand(_ c: UInt32, level: Int, _ q: UnsafeRawPointer, scratch: SearchScratch) -> Int {
        let tags = scratch.tags, epoch = scratch.epoch
        let links = scratch.links, distances = scratch.distances
        let n = copyLinks(c, level: level, into: links)
        var fresh = 0
        for i in 0..<n {
            let id = links[i]
            if tags[Int(id)] != epoch {
                tags[Int(id)] = epoch
                links[fresh] = id
                fresh &+= 1
            }
        }
        for i in 0..<fresh {
            let v = vector(links[i])
            toon_prefetch(v)
            toon_prefetch(v + 64)
        }
        for i in 0..<fresh { distances[i] = distance(q, links[i]) }
        return fresh
    }

    /// The beam search of one layer: up to `ef` nearest elements that
    /// `accepts` admits, nearest first. Every element is traversed; only
    /// admitted ones are collected. Distances of a node's unvisited
    /// neighbours are computed together before any is compared, so that
    /// their memory loads overlap.
    @inline(__always)
    func beamSearch<A: Admission>(_ q: UnsafeRawPointer, entry: UInt32, entryDistance: Float, ef: Int, level: Int,
                                  scratch: SearchScratch, admission: A) -> [(Float, UInt32)] {
        scratch.begin(slots: slots)
        let tags = scratch.tags, epoch = scratch.epoch
        let links = scratch.links, distances = scratch.distances
        var results = scratch.results, candidates = scratch.candidates
        defer {
            scratch.results = results
            scratch.candidates = candidates
        }
        tags[Int(entry)] = epoch
        candidates.push(entryDistance, entry)
        var bound = Float.infinity
        if admission.admits(entry, self) {
            results.push(entryDistance, entry)
            bound = entryDistance
        }
        while !candidates.isEmpty {
            let (d, c) = candidates.pop()
            if d > bound && results.count >= ef { break }
            let fresh = expand(c, level: level, q, scratch: scratch)
            for i in 0..<fresh {
                let dist = distances[i]
                if results.count < ef || dist < bound {
                    let id = links[i]
                    candidates.push(dist, id)
                    if admission.admits(id, self) {
                        results.push(dist, id)
                        if results.count > ef { results.pop() }
                        bound = results.top.0
                    }
                }
            }
        }
        var out = [(Float, UInt32)](repeating: (0, 0), count: results.count)
        var i = results.count - 1
        while !results.isEmpty {
            out[i] = results.pop()
            i -= 1
        }
        return out
    }
}

/// Which elements a beam search collects (all are traversed).
protocol Admission {
    func admits(_ id: UInt32, _ view: GraphView) -> Bool
}

/// Construction: every element but the one being linked (tombstones too: they route).
struct AllBut: Admission {
    let excluded: UInt32
    @inline(__always) func admits(_ id: UInt32, _ view: GraphView) -> Bool { id != excluded }
}

/// Queries: live elements.
struct LiveOnly: Admission {
    @inline(__always) func admits(_ id: UInt32, _ view: GraphView) -> Bool { view.tombstones[Int(id)] == 0 }
}
