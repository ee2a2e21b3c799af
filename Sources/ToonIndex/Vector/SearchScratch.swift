/// A binary heap of `(distance, id)` pairs in one buffer, ordered so that the
/// top is the largest distance (`maxOnTop`) or the smallest.
struct DistanceHeap {
    private(set) var items: UnsafeMutablePointer<(Float, UInt32)>
    private(set) var count = 0
    private var capacity: Int
    let maxOnTop: Bool

    init(capacity: Int, maxOnTop: Bool) {
        self.capacity = max(capacity, 16)
        self.maxOnTop = maxOnTop
        items = .allocate(capacity: self.capacity)
    }

    func free() { items.deallocate() }

    var isEmpty: Bool { count == 0 }
    /// The top pair; the heap must not be empty.
    var top: (Float, UInt32) { items[0] }

    @inline(__always)
    private func above(_ a: Float, _ b: Float) -> Bool { maxOnTop ? a > b : a < b }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func push(_ d: Float, _ id: UInt32) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<(Float, UInt32)>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: items, count: count)
            items.deallocate()
            items = bigger
            capacity *= 2
        }
        var i = count
        count &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            if !above(d, items[parent].0) { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = (d, id)
    }

    @discardableResult @inline(__always)
    mutating func pop() -> (Float, UInt32) {
        let result = items[0]
        count &-= 1
        if count > 0 {
            let last = items[count]
            var i = 0
            while true {
                let l = 2 &* i &+ 1
                if l >= count { break }
                let r = l &+ 1
                let c = r < count && above(items[r].0, items[l].0) ? r : l
                if !above(items[c].0, last.0) { break }
                items[i] = items[c]
                i = c
            }
            items[i] = last
        }
        return result
    }
}

/// The reusable memory of one search: an epoch-tagged visited list (a slot
/// is visited when its tag equals the current epoch, so nothing is cleared
/// between searches), the two heaps and a buffer for copied link lists.
final class SearchScratch {
    private(set) var tags: UnsafeMutablePointer<UInt16>
    private(set) var tagCount: Int
    private(set) var epoch: UInt16 = 0
    var results: DistanceHeap
    var candidates: DistanceHeap
    /// The accepted elements a filtered walk collects beside its beam.
    var accepted: DistanceHeap
    let links: UnsafeMutablePointer<UInt32>
    let distances: UnsafeMutablePointer<Float>

    init(slots: Int, maxLinks: Int) {
        tagCount = max(slots, 1)
        tags = .allocate(capacity: tagCount)
        tags.initialize(repeating: 0, count: tagCount)
        results = DistanceHeap(capacity: 256, maxOnTop: true)
        candidates = DistanceHeap(capacity: 256, maxOnTop: false)
        accepted = DistanceHeap(capacity: 64, maxOnTop: true)
        links = .allocate(capacity: maxLinks + 1)
        distances = .allocate(capacity: maxLinks + 1)
    }

    deinit {
        tags.deallocate()
        results.free()
        candidates.free()
        accepted.free()
        links.deallocate()
        distances.deallocate()
    }

    /// Starts a search over `slots` slots: a new epoch (clearing the tags only
    /// when the epoch wraps), empty heaps.
    func begin(slots: Int) {
        if slots > tagCount {
            tags.deallocate()
            tagCount = max(slots, tagCount * 2)
            tags = .allocate(capacity: tagCount)
            tags.initialize(repeating: 0, count: tagCount)
            epoch = 0
        }
        epoch &+= 1
        if epoch == 0 {
            tags.update(repeating: 0, count: tagCount)
            epoch = 1
        }
        results.removeAll()
        candidates.removeAll()
        accepted.removeAll()
    }

    /// Marks `id` visited; false when it already was.
    @inline(__always)
    func visit(_ id: UInt32) -> Bool {
        if tags[Int(id)] == epoch { return false }
        tags[Int(id)] = epoch
        return true
    }
}
