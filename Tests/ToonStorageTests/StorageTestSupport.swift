import Foundation
@testable import ToonStorage
import ToonCore
import ToonTestSupport

// Shared helpers of the component tests (MemTable, BloomFilter, Block,
// BlockCache, Manifest, Compaction, MergingIterator, WAL).

/// The UTF-8 bytes of a string.
func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

/// An internal key (FORMAT.md §1).
func ik(_ user: [UInt8], _ sequence: UInt64, _ kind: ValueKind = .value) -> [UInt8] {
    InternalKey.make(user, sequence: sequence, kind: kind)
}

func ik(_ user: String, _ sequence: UInt64, _ kind: ValueKind = .value) -> [UInt8] {
    ik(ascii(user), sequence, kind)
}

/// The bloom hash of a key.
func bloomHash(_ key: [UInt8]) -> UInt32 { key.withUnsafeBytes { BloomFilter.hash($0) } }

/// One decoded entry of an internal iterator.
struct IKEntry: Equatable, CustomStringConvertible {
    var user: [UInt8]
    var sequence: UInt64
    var kind: ValueKind
    var value: [UInt8]

    init(_ user: [UInt8], _ sequence: UInt64, _ kind: ValueKind, _ value: [UInt8]) {
        self.user = user
        self.sequence = sequence
        self.kind = kind
        self.value = value
    }

    init(_ user: String, _ sequence: UInt64, _ kind: ValueKind = .value, _ value: String = "") {
        self.init(ascii(user), sequence, kind, ascii(value))
    }

    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let t = InternalKey.trailer(key)
        self.init(InternalKey.userKey(key), t.sequence, t.kind, Array(value))
    }

    var internalKey: [UInt8] { ik(user, sequence, kind) }

    var description: String {
        "\(String(decoding: user, as: UTF8.self))#\(sequence)\(kind == .deletion ? "(del)" : "=" + String(decoding: value, as: UTF8.self))"
    }

    /// Internal-key order (FORMAT.md §1), written independently of the engine:
    /// user key ascending (unsigned bytes, shorter first on a tie), then tag descending.
    static func internalOrder(_ a: IKEntry, _ b: IKEntry) -> Bool {
        if a.user != b.user { return a.user.lexicographicallyPrecedes(b.user) }
        let ta = a.sequence << 8 | UInt64(a.kind.rawValue), tb = b.sequence << 8 | UInt64(b.kind.rawValue)
        return ta > tb
    }
}

/// Every entry from the cursor's current position to its end.
func drain(_ it: InternalIterator, limit: Int = 1_000_000) throws -> [IKEntry] {
    var out: [IKEntry] = []
    while it.isValid && out.count < limit {
        out.append(IKEntry(key: it.key, value: it.value))
        try it.next()
    }
    return out
}

/// Every entry of a cursor, from the first.
func allEntries(_ it: InternalIterator) throws -> [IKEntry] {
    try it.seekToFirst()
    return try drain(it)
}

/// A cursor over entries held in memory, in the order given (tests pass them sorted).
final class ArrayIterator: InternalIterator {
    private let keys: [UnsafeMutableRawBufferPointer]
    private let values: [UnsafeMutableRawBufferPointer]
    private var index: Int

    init(_ entries: [IKEntry]) {
        func copy(_ b: [UInt8]) -> UnsafeMutableRawBufferPointer {
            let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, b.count), alignment: 8)
            b.withUnsafeBytes { if $0.count > 0 { p.copyMemory(from: $0) } }
            return UnsafeMutableRawBufferPointer(rebasing: p[0..<b.count])
        }
        keys = entries.map { copy($0.internalKey) }
        values = entries.map { copy($0.value) }
        index = entries.count
    }

    deinit {
        for k in keys { UnsafeMutableRawBufferPointer(start: k.baseAddress, count: max(1, k.count)).deallocate() }
        for v in values { UnsafeMutableRawBufferPointer(start: v.baseAddress, count: max(1, v.count)).deallocate() }
    }

    var isValid: Bool { index < keys.count }
    var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(keys[index]) }
    var value: UnsafeRawBufferPointer { UnsafeRawBufferPointer(values[index]) }
    func seekToFirst() { index = 0 }
    func seek(_ target: [UInt8]) {
        index = keys.firstIndex { k in target.withUnsafeBytes { InternalKey.compare(UnsafeRawBufferPointer(k), $0) >= 0 } } ?? keys.count
    }
    func next() { index += 1 }
}

/// A read-only file held in memory.
final class MemoryReadableFile: ReadableFile, @unchecked Sendable {
    let path: String
    let data: [UInt8]
    init(_ data: [UInt8], path: String = "mem.log") {
        self.data = data
        self.path = path
    }
    var size: Int { data.count }
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset < data.count else { return [] }
        return Array(data[offset..<min(data.count, offset + count)])
    }
    func close() {}
}

/// A writable file held in memory.
final class MemoryWritableFile: WritableFile {
    let path: String
    private(set) var data: [UInt8]
    private(set) var syncs = 0
    private(set) var closed = false
    init(_ data: [UInt8] = [], path: String = "mem.log") {
        self.data = data
        self.path = path
    }
    var size: Int { data.count }
    var allocatedSize: Int { data.count }
    func append(_ bytes: UnsafeRawBufferPointer) throws { data.append(contentsOf: bytes) }
    func sync() throws { syncs += 1 }
    func preallocate(to length: Int) throws {}
    func truncate(to length: Int) throws { data.removeLast(data.count - length) }
    func close() throws { closed = true }
}

/// Writes `entries` (sorted here into internal order) as segment file `number` and opens it.
func writeSegment(_ entries: [IKEntry], number: UInt64, dir: String, cache: BlockCache) throws -> TableFile {
    let sorted = entries.sorted(by: IKEntry.internalOrder)
    let fs = PosixFileSystem()
    let writer = SegmentWriter(file: try fs.openWritable(DatabaseFileName.segment(number).path(in: dir), truncate: true))
    for e in sorted {
        try e.internalKey.withUnsafeBytes { k in try e.value.withUnsafeBytes { v in try writer.add(k, v) } }
    }
    let smallest = writer.smallest!, largest = writer.largest
    _ = try writer.finish()
    return try Recovery.openTable(dir: dir, fs: fs, cache: cache, number: number, smallest: smallest, largest: largest)
}

/// The bytes of a file.
func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Replaces the bytes of a file.
func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Parses a hex dump such as `"09 01 61"` (whitespace and newlines ignored).
func hex(_ s: String) -> [UInt8] {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
}

/// The error a throwing call raised, nil when it returned.
func caught<T>(_ body: () throws -> T) -> ToonDBError? {
    do { _ = try body(); return nil } catch let e as ToonDBError { return e } catch { return ToonDBError(.internalError, "\(error)") }
}
