/// The k best (document, score) pairs seen so far: a min-heap whose root is
/// the worst kept pair (lowest score; among equal scores, the largest id).
struct TopHits {
    let k: Int
    private var heap: [TextHit] = []

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(min(k, 1024))
    }

    /// Whether k pairs are kept.
    var isFull: Bool { heap.count >= k }
    /// The worst kept score (meaningful when full).
    var threshold: Double { heap.first?.score ?? -.infinity }

    /// Whether `a` ranks below `b`.
    @inline(__always)
    private static func worse(_ aScore: Double, _ aID: UInt64, than b: TextHit) -> Bool {
        aScore < b.score || (aScore == b.score && aID > b.docID)
    }

    /// Whether the pair would be kept.
    @inline(__always)
    func admits(_ docID: UInt64, _ score: Double) -> Bool {
        heap.count < k || Self.worse(heap[0].score, heap[0].docID, than: TextHit(docID: docID, score: score))
    }

    /// Keeps the pair, dropping the worst one when full (call after ``admits(_:_:)``).
    mutating func insert(_ docID: UInt64, _ score: Double) {
        let hit = TextHit(docID: docID, score: score)
        if heap.count < k {
            heap.append(hit)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.worse(heap[i].score, heap[i].docID, than: heap[parent]) else { break }
                heap.swapAt(i, parent)
                i = parent
            }
            return
        }
        heap[0] = hit
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && Self.worse(heap[l].score, heap[l].docID, than: heap[m]) { m = l }
            if r < heap.count && Self.worse(heap[r].score, heap[r].docID, than: heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }

    /// The kept pairs, best first.
    func sorted() -> [TextHit] {
        heap.sorted { $0.score > $1.score || ($0.score == $1.score && $0.docID < $1.docID) }
    }
}
