import ToonCore

/// Concatenates the sorted, disjoint files of one level, opening each file's
/// cursor only when the walk reaches it.
final class LevelIterator: InternalIterator {
    private let files: [TableFile]
    private var index = 0
    private var current: InternalIterator?

    init(_ files: [TableFile]) { self.files = files }

    var isValid: Bool { current?.isValid ?? false }
    var key: UnsafeRawBufferPointer { current!.key }
    var value: UnsafeRawBufferPointer { current!.value }

    func seekToFirst() throws {
        index = 0
        current = files.first?.reader.makeIterator()
        try current?.seekToFirst()
        try skipEmpty()
    }

    func seek(_ target: [UInt8]) throws {
        var lo = 0, hi = files.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if InternalKey.compare(files[mid].largest, target) < 0 { lo = mid + 1 } else { hi = mid }
        }
        index = lo
        guard lo < files.count else { current = nil; return }
        current = files[lo].reader.makeIterator()
        try current!.seek(target)
        try skipEmpty()
    }

    func next() throws {
        try current!.next()
        try skipEmpty()
    }

    private func skipEmpty() throws {
        while let c = current, !c.isValid {
            index += 1
            guard index < files.count else { current = nil; return }
            current = files[index].reader.makeIterator()
            try current!.seekToFirst()
        }
    }
}
