/// Ranks documents by the sum of their query terms' contributions without
/// scoring every posting: MaxScore (Turtle and Flood, 1995) with block-max
/// skipping (after Ding and Suel, 2011).
///
/// Each term has an upper bound on what it adds to a score: its factor
/// (repeats · idf) times its largest weight. Once k hits are kept, terms
/// whose bounds together cannot lift a document above the k-th score are
/// *non-essential*: candidates come only from the other terms' postings, and
/// the non-essential lists are merely probed (galloping search) for them. A
/// chunk of an essential list whose largest weight, plus every other term's
/// bound, cannot beat the k-th score is skipped whole: no document in it can
/// enter the top k, whatever other terms it holds.
///
/// Candidates arrive in ascending id order, so one that can at best tie the
/// k-th score loses the tie (larger id) and may be skipped: the result is
/// exactly the full ranking's top k. Bounds are inflated by 1e-9 and the k-th
/// score lowered by as much against rounding. Final scores add the terms'
/// contributions in query order, so equal postings give bit-equal scores.
struct MaxScoreRanker {
    struct Term {
        let list: PostingList
        /// repeats · idf.
        let factor: Double
    }

    let terms: [Term]
    let norm: Normaliser

    /// The first index at or after `from` whose id is >= `target`.
    @inline(__always)
    private static func seek(_ ids: UnsafeMutableBufferPointer<UInt64>, from: Int, to target: UInt64) -> Int {
        let n = ids.count
        guard from < n, ids[from] < target else { return from }
        var low = from, step = 1  // ids[low] < target
        while low + step < n && ids[low + step] < target {
            low += step
            step &<<= 1
        }
        var high = min(low + step, n)  // ids[high] >= target, or high == n
        low += 1
        while low < high {
            let mid = (low + high) >> 1
            if ids[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func rank(k: Int, filter: ((UInt64) -> Bool)?) -> [TextHit] {
        let impacts = terms.map { $0.list.impacts(norm) }
        // `terms` and `impacts` hold the buffers read below for the whole call.
        return withExtendedLifetime((terms, impacts)) { rankLists(impacts, k: k, filter: filter) }
    }

    private func rankLists(_ impacts: [PostingImpacts], k: Int, filter: ((UInt64) -> Bool)?) -> [TextHit] {
        let m = terms.count
        guard m > 0 else { return [] }
        let slack = 1 + 1e-9
        let ids = terms.map(\.list.docIDs), counts = terms.map(\.list.count)
        let weights = impacts.map(\.weights), chunkMax = impacts.map(\.chunkMax)
        let factors = terms.map(\.factor)
        let bounds = (0..<m).map { factors[$0] * impacts[$0].maxWeight * slack }
        let order = (0..<m).sorted { bounds[$0] < bounds[$1] }
        var below = [Double](repeating: 0, count: m)  // below[j] = Σ bounds of order[0...j]
        var sum = 0.0
        for j in 0..<m {
            sum += bounds[order[j]]
            below[j] = sum
        }
        let positions = UnsafeMutableBufferPointer<Int>.allocate(capacity: m)
        positions.initialize(repeating: 0)
        let parts = UnsafeMutableBufferPointer<Double>.allocate(capacity: m)
        parts.initialize(repeating: 0)
        defer {
            positions.deallocate()
            parts.deallocate()
        }
        var top = TopHits(k: k)
        var essential = 0  // order[essential...] are essential
        var theta = -Double.infinity  // the k-th score once full, lowered by a rounding margin
        let shift = PostingImpacts.chunkShift, chunkMask = PostingImpacts.chunk - 1

        /// Adds the non-essential terms' contributions to a candidate whose
        /// essential ones are in `parts` (summing to `partial`), then keeps it
        /// if it makes the top k.
        func finish(_ candidate: UInt64, _ partial: Double) {
            var partial = partial
            var j = essential - 1
            while j >= 0 {
                if partial + below[j] <= theta { return }
                let t = order[j]
                let p = Self.seek(ids[t], from: positions[t], to: candidate)
                positions[t] = p
                if p < counts[t] && ids[t][p] == candidate {
                    let c = factors[t] * weights[t][p]
                    parts[t] = c
                    partial += c
                } else {
                    parts[t] = 0
                }
                j -= 1
            }
            var score = 0.0
            for t in 0..<m { score += parts[t] }
            guard top.admits(candidate, score), filter.map({ $0(candidate) }) ?? true else { return }
            top.insert(candidate, score)
            if top.isFull {
                theta = top.threshold - 1e-9 * max(1, abs(top.threshold))
                while essential < m && below[essential] <= theta { essential += 1 }
            }
        }

        while essential < m {
            if essential == m - 1 {
                // One essential list (the common case once k hits are kept): walk it
                // directly, skipping chunks and postings that cannot reach theta.
                let t = order[m - 1]
                let list = ids[t], w = weights[t], maxima = chunkMax[t], f = factors[t], n = counts[t]
                var p = positions[t]
                var checkChunk = true
                while p < n && essential == m - 1 {
                    let rest = below[m - 2 < 0 ? 0 : m - 2] * (m > 1 ? 1 : 0)
                    if checkChunk || p & chunkMask == 0 {
                        checkChunk = false
                        if f * maxima[p >> shift] * slack + rest <= theta {
                            p = ((p >> shift) + 1) << shift
                            continue
                        }
                    }
                    let c = f * w[p]
                    p += 1
                    if c * slack + rest <= theta { continue }
                    for u in 0..<m { parts[u] = 0 }
                    parts[t] = c
                    positions[t] = p
                    finish(list[p - 1], c)
                }
                positions[t] = min(p, n)
                if essential == m - 1 { break }  // the list is exhausted
                continue
            }
            // Several essential lists: skip chunks that cannot reach theta, take the smallest id.
            var candidate = UInt64.max
            var any = false
            for j in essential..<m {
                let t = order[j]
                var p = positions[t]
                if theta > -Double.infinity {
                    let others = below[m - 1] - bounds[t]
                    while p < counts[t] && factors[t] * chunkMax[t][p >> shift] * slack + others <= theta {
                        p = ((p >> shift) + 1) << shift
                    }
                    p = min(p, counts[t])
                    positions[t] = p
                }
                if p < counts[t] {
                    let id = ids[t][p]
                    if !any || id < candidate { candidate = id }
                    any = true
                }
            }
            guard any else { break }
            var partial = 0.0
            for j in 0..<essential { parts[order[j]] = 0 }
            for j in essential..<m {
                let t = order[j]
                let p = positions[t]
                if p < counts[t] && ids[t][p] == candidate {
                    let c = factors[t] * weights[t][p]
                    parts[t] = c
                    partial += c
                    positions[t] = p + 1
                } else {
                    parts[t] = 0
                }
            }
            finish(candidate, partial)
        }
        return top.sorted()
    }
}
