/// A posting list's per-posting BM25 weights, tf / (tf + k1 · (1 − b + b · |d| / avgdl)),
/// for one average length, with the largest weight of every chunk of
/// ``chunk`` postings and of the whole list: the bounds MaxScore prunes with.
/// Computed once per list and average length; immutable.
final class PostingImpacts: @unchecked Sendable {
    static let chunkShift = 6
    /// Postings per chunk.
    static let chunk = 1 << chunkShift

    let norm: Normaliser
    let weights: UnsafeMutableBufferPointer<Double>
    let chunkMax: UnsafeMutableBufferPointer<Double>
    let maxWeight: Double

    init(_ list: PostingList, norm: Normaliser) {
        self.norm = norm
        let n = list.count
        weights = .allocate(capacity: n)
        chunkMax = .allocate(capacity: (n + Self.chunk - 1) >> Self.chunkShift)
        var best = 0.0
        for c in 0..<chunkMax.count {
            var m = 0.0
            for i in (c << Self.chunkShift)..<min(n, (c + 1) << Self.chunkShift) {
                let w = norm.weight(list.frequencies[i], list.lengths[i])
                weights.initializeElement(at: i, to: w)
                m = max(m, w)
            }
            chunkMax.initializeElement(at: c, to: m)
            best = max(best, m)
        }
        maxWeight = best
    }

    deinit {
        weights.deallocate()
        chunkMax.deallocate()
    }
}
