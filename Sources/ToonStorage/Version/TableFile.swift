import ToonCore

/// One live segment file: its metadata and open reader. When a compaction
/// makes it obsolete, the file is deleted once no version or iterator holds it.
final class TableFile: @unchecked Sendable {
    let number: UInt64
    let size: Int
    /// Smallest and largest internal keys.
    let smallest: [UInt8]
    let largest: [UInt8]
    /// The user-key parts of `smallest` and `largest`, kept so that a lookup allocates nothing.
    let smallestUserKey: [UInt8]
    let largestUserKey: [UInt8]
    let reader: SegmentReader
    private let onObsoleteRelease: ObsoleteFlag

    /// Set by a compaction that replaced the file; the deinit then removes it.
    final class ObsoleteFlag: @unchecked Sendable {
        var isObsolete = false
        let remove: @Sendable () -> Void
        init(remove: @escaping @Sendable () -> Void) { self.remove = remove }
    }

    init(number: UInt64, size: Int, smallest: [UInt8], largest: [UInt8], reader: SegmentReader,
         remove: @escaping @Sendable () -> Void) {
        self.number = number
        self.size = size
        self.smallest = smallest
        self.largest = largest
        smallestUserKey = InternalKey.userKey(smallest)
        largestUserKey = InternalKey.userKey(largest)
        self.reader = reader
        onObsoleteRelease = ObsoleteFlag(remove: remove)
    }

    /// Marks the file for deletion when its last holder lets go.
    func markObsolete() { onObsoleteRelease.isObsolete = true }

    deinit { if onObsoleteRelease.isObsolete { onObsoleteRelease.remove() } }

    /// Whether the file's user-key range meets `[lo, hi]` (nil = unbounded).
    func overlaps(_ lo: [UInt8]?, _ hi: [UInt8]?) -> Bool {
        if let lo, compareBytes(largestUserKey, lo) < 0 { return false }
        if let hi, compareBytes(smallestUserKey, hi) > 0 { return false }
        return true
    }
}
