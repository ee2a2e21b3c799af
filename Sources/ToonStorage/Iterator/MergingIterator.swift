import ToonCore

/// Merges sorted cursors into one sorted cursor (a binary min-heap on the
/// current key of each child). Among equal internal keys the earlier child
/// wins, so children are passed newest first.
final class MergingIterator: InternalIterator {
    private let children: [InternalIterator]
    private var heap: [Int] = []
    private var keys: [[UInt8]]

    init(_ children: [InternalIterator]) {
        self.children = children
        keys = Array(repeating: [], count: children.count)
    }

    var isValid: Bool { !heap.isEmpty }
    var key: [UInt8] { keys[heap[0]] }
    var value: [UInt8] { children[heap[0]].value }

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
        try children[top].next()
        if children[top].isValid {
            keys[top] = children[top].key
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let c = InternalKey.compare(keys[a], keys[b])
        return c < 0 || (c == 0 && a < b)
    }

    private func rebuild() {
        heap.removeAll(keepingCapacity: true)
        for (i, c) in children.enumerated() where c.isValid {
            keys[i] = c.key
            heap.append(i)
        }
        var i = heap.count / 2 - 1
        while i >= 0 { siftDown(i); i -= 1 }
    }

    private func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && less(heap[l], heap[m]) { m = l }
            if r < heap.count && less(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
