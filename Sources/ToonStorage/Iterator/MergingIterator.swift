import ToonCore

/// Merges sorted cursors into one sorted cursor (a binary min-heap on the
/// current key of each child). Among equal internal keys the earlier child
/// wins, so children are passed newest first.
final class MergingIterator: InternalIterator {
    private let children: [InternalIterator]
    /// Child indexes ordered as a heap; the first `heapCount` are live.
    private let heap: UnsafeMutableBufferPointer<Int>
    private var heapCount = 0
    /// The current key of each child (valid until that child moves).
    private let keys: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>

    init(_ children: [InternalIterator]) {
        self.children = children
        heap = .allocate(capacity: max(1, children.count))
        keys = .allocate(capacity: max(1, children.count))
        keys.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    deinit {
        heap.deallocate()
        keys.deallocate()
    }

    var isValid: Bool { heapCount > 0 }
    var key: UnsafeRawBufferPointer { keys[heap[0]] }
    var value: UnsafeRawBufferPointer { children[heap[0]].value }

    func seekToFirst() throws {
        for c in children { try c.seekToFirst() }
        rebuild()
    }

    func seek(_ target: [UInt8]) throws {
        for c in children { try c.seek(target) }
        rebuild()
    }

    func next() throws {
        let top = heap[0]
        let child = children[top]
        try child.next()
        if child.isValid {
            keys[top] = child.key
        } else {
            heapCount -= 1
            heap[0] = heap[heapCount]
        }
        if heapCount > 1 { siftDown(0) }
    }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        let c = InternalKey.compare(keys[a], keys[b])
        return c < 0 || (c == 0 && a < b)
    }

    private func rebuild() {
        heapCount = 0
        for (i, c) in children.enumerated() where c.isValid {
            keys[i] = c.key
            heap[heapCount] = i
            heapCount += 1
        }
        var i = heapCount / 2 - 1
        while i >= 0 { siftDown(i); i -= 1 }
    }

    private func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heapCount && less(heap[l], heap[m]) { m = l }
            if r < heapCount && less(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
