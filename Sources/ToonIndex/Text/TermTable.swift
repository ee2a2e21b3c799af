/// The distinct terms of a batch of documents, each stored once in one byte
/// arena and numbered densely in order of first occurrence; an open-addressing
/// hash table finds a term's number from its bytes without allocating.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = []
    private var slots: [Int32]
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 1024)
        mask = 1023
        arena.reserveCapacity(16 << 10)
    }

    var count: Int { starts.count }

    /// The bytes of term `id`.
    func withTerm<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = starts[id], end = id + 1 < starts.count ? starts[id + 1] : arena.count
        return try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The bytes of term `id`, copied.
    func term(_ id: Int) -> [UInt8] { withTerm(id) { [UInt8]($0) } }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The number of the term with these bytes, added when new.
    mutating func id(of bytes: UnsafeRawBufferPointer) -> Int {
        var i = Self.hash(bytes) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            if withTerm(Int(s), { $0.elementsEqual(bytes) }) { return Int(s) }
            i = (i + 1) & mask
        }
        let id = starts.count
        starts.append(arena.count)
        arena.append(contentsOf: bytes)
        slots[i] = Int32(id)
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<starts.count {
            var i = withTerm(id) { Self.hash($0) } & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(id)
        }
    }
}
