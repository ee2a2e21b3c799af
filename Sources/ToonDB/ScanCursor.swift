import ToonCore
internal import ToonStorage

/// One stored entry.
public typealias KeyValue = (key: [UInt8], value: [UInt8])

/// A single-pass, snapshot-consistent cursor over entries in key order.
///
/// Scans return a cursor, as GRDB's fetches do: every step can throw, so a
/// read error (an I/O error or a corrupt block) reaches the caller instead of
/// ending the iteration early as if the range were exhausted. Iterating holds
/// one entry (or one batch) at a time, whatever the size of the range, and
/// sees the database as it was when the scan was made.
///
/// ```swift
/// let cursor = try db.scanPrefix("users/")
/// while let (key, value) = try cursor.next() { … }
/// try db.scan(from: "item:", to: "item;").forEach { key, value in … }
/// ```
public final class ScanCursor: @unchecked Sendable {
    private let base: any EntryCursor
    private let area: KeyArea
    private let batchSize: Int
    private var buffer: [KeyValue] = []
    private var bufferIndex = 0
    private var exhausted = false

    init(base: any EntryCursor, area: KeyArea, batchSize: Int) {
        self.base = base
        self.area = area
        self.batchSize = batchSize
    }

    /// The next entry, nil at the end; throws a read error.
    public func next() throws -> KeyValue? {
        if batchSize <= 1 { return try nextUserEntry() }
        if bufferIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferIndex = 0
            while !exhausted && buffer.count < batchSize {
                if let e = try nextUserEntry() { buffer.append(e) } else { exhausted = true }
            }
            if buffer.isEmpty { return nil }
        }
        defer { bufferIndex += 1 }
        return buffer[bufferIndex]
    }

    /// Calls `body` with every remaining entry, throwing any read error or
    /// any error `body` throws.
    public func forEach(_ body: (KeyValue) throws -> Void) throws {
        while let e = try next() { try body(e) }
    }

    /// The remaining entries transformed by `transform`, in key order.
    public func map<T>(_ transform: (KeyValue) throws -> T) throws -> [T] {
        var out: [T] = []
        while let e = try next() { out.append(try transform(e)) }
        return out
    }

    /// The first remaining entry that satisfies `predicate`; reading stops there.
    public func first(where predicate: (KeyValue) throws -> Bool) throws -> KeyValue? {
        while let e = try next() {
            if try predicate(e) { return e }
        }
        return nil
    }

    /// Combines the remaining entries into one value.
    public func reduce<T>(into initial: T, _ combine: (inout T, KeyValue) throws -> Void) throws -> T {
        var result = initial
        while let e = try next() { try combine(&result, e) }
        return result
    }

    /// Collects every remaining entry (for small ranges).
    public func toArray() throws -> [KeyValue] { try map { $0 } }

    /// Entries of the scanned area only (the default area hides internal
    /// keys, which begin with NUL), with the area's base removed from keys.
    private func nextUserEntry() throws -> KeyValue? {
        while let e = try base.next() {
            if area.isVisible(e.key) {
                return area.base.isEmpty ? e : (Array(e.key[area.base.count...]), e.value)
            }
            base.seek([1])
        }
        return nil
    }
}
