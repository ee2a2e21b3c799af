import Synchronization
import ToonCore
internal import ToonStorage

/// One stored entry.
public typealias KeyValue = (key: [UInt8], value: [UInt8])

/// A lazy, snapshot-consistent range of entries in key order.
///
/// Iterating holds one entry (or one batch) at a time, whatever the size of
/// the range, and sees the database as it was when the scan was created. A
/// `for … in` loop stops early if a read fails (an I/O error or a corrupt
/// block); the failure is then in ``error``. ``forEach(_:)`` and
/// ``ScanCursor/next()`` throw it instead.
public struct ScanSequence: Sequence, Sendable {
    let source: ScanSource

    /// A cursor that throws read errors.
    public func cursor() throws -> ScanCursor { try source.makeCursor() }

    /// Calls `body` with every entry, throwing any read error.
    public func forEach(_ body: (KeyValue) throws -> Void) throws {
        let c = try cursor()
        while let e = try c.next() { try body(e) }
    }

    /// The error that ended the last `for … in` loop early, if any.
    public var error: ToonDBError? { source.lastError.withLock { $0 } }

    /// Collects every entry (for small ranges).
    public func toArray() throws -> [KeyValue] {
        var out: [KeyValue] = []
        try forEach { out.append($0) }
        return out
    }

    public func makeIterator() -> Iterator {
        do {
            return Iterator(cursor: try source.makeCursor(), source: source)
        } catch {
            source.record(error)
            return Iterator(cursor: nil, source: source)
        }
    }

    /// Yields entries until the end or the first read error.
    public struct Iterator: IteratorProtocol {
        let cursor: ScanCursor?
        let source: ScanSource

        public mutating func next() -> KeyValue? {
            guard let cursor else { return nil }
            do {
                return try cursor.next()
            } catch {
                source.record(error)
                return nil
            }
        }
    }
}

/// A throwing cursor over a scan's entries, optionally fetching them in batches.
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

    /// The next entry, nil at the end.
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

/// What a scan reads (a database snapshot or a transaction's view), shared by its iterators.
final class ScanSource: Sendable {
    let open: @Sendable () throws -> any EntryCursor
    let batchSize: Int
    let area: KeyArea
    let lastError = Mutex<ToonDBError?>(nil)

    init(batchSize: Int, area: KeyArea = .user, open: @escaping @Sendable () throws -> any EntryCursor) {
        self.batchSize = batchSize
        self.area = area
        self.open = open
    }

    func makeCursor() throws -> ScanCursor {
        ScanCursor(base: try open(), area: area, batchSize: batchSize)
    }

    func record(_ error: Error) {
        let e = error as? ToonDBError ?? ToonDBError(.ioError, "\(error)")
        lastError.withLock { $0 = e }
    }
}
