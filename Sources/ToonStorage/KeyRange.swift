import ToonCore

/// The keys from `lower` (included) to `upper` (excluded; nil: to the end of the key space).
package struct KeyRange: Sendable, Hashable {
    package var lower: [UInt8]
    package var upper: [UInt8]?

    package init(lower: [UInt8], upper: [UInt8]?) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `key` lies in the range.
    package func contains(_ key: [UInt8]) -> Bool {
        compareBytes(key, lower) >= 0 && (upper.map { compareBytes(key, $0) < 0 } ?? true)
    }

    /// The union of `ranges` as disjoint ranges in key order (overlapping and
    /// touching ranges joined; empty ones dropped).
    package static func union(_ ranges: [KeyRange]) -> [KeyRange] {
        var out: [KeyRange] = []
        for range in ranges.sorted(by: { compareBytes($0.lower, $1.lower) < 0 }) {
            if let upper = range.upper, compareBytes(upper, range.lower) <= 0 { continue }
            if let last = out.last, last.upper.map({ compareBytes(range.lower, $0) <= 0 }) ?? true {
                // Overlapping or touching: the joined range ends at the later end (nil: none).
                if let lastUpper = last.upper, range.upper.map({ compareBytes($0, lastUpper) > 0 }) ?? true {
                    out[out.count - 1].upper = range.upper
                }
            } else {
                out.append(range)
            }
        }
        return out
    }
}

extension Array where Element == KeyRange {
    /// Whether one of these ranges, disjoint and in key order (``KeyRange/union(_:)``), holds `key`: a binary search.
    package func anyContains(_ key: [UInt8]) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if compareBytes(self[mid].lower, key) <= 0 { low = mid + 1 } else { high = mid }
        }
        return low > 0 && self[low - 1].contains(key)
    }
}
