/// The sequence numbers that live readers (transactions and scans) still
/// read at; compaction keeps every version one of them may see.
struct SnapshotRegistry {
    private var counts: [UInt64: Int] = [:]

    mutating func add(_ sequence: UInt64) { counts[sequence, default: 0] += 1 }

    mutating func remove(_ sequence: UInt64) {
        guard let c = counts[sequence] else { return }
        counts[sequence] = c == 1 ? nil : c - 1
    }

    var oldest: UInt64? { counts.keys.min() }
    var isEmpty: Bool { counts.isEmpty }
}
