import Synchronization
import ToonCore

/// The in-memory sorted buffer of recent writes: a skip list whose nodes live
/// in an arena of large chunks (FORMAT.md §1 for the key layout).
///
/// Invariants:
/// 1. Nodes are never moved or freed while the memtable lives, so a node
///    address stays valid for any iterator holding the memtable.
/// 2. Links change only under the write lock; readers follow links under the
///    read lock. Keys and values of a linked node never change.
/// 3. Each (user key, sequence) pair is inserted at most once.
final class MemTable: @unchecked Sendable {
    static let maxHeight = 12
    private static let chunkSize = 1 << 20

    private let lock = ReadWriteLock()
    private var chunks: [UnsafeMutableRawPointer] = []
    private var chunkUsed = chunkSize
    private var chunkBase: UnsafeMutableRawPointer?
    private let head: UnsafeMutableRawPointer
    private var height = 1
    private var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
    private let usage = Atomic<Int>(0)
    private let entries = Atomic<Int>(0)
    /// Bytes allocated for entries; readable from any thread.
    var memoryUsage: Int { usage.load(ordering: .relaxed) }
    /// Entries inserted; readable from any thread.
    var entryCount: Int { entries.load(ordering: .relaxed) }
    /// The log file that holds this memtable's writes.
    let logNumber: UInt64

    init(logNumber: UInt64) {
        self.logNumber = logNumber
        head = UnsafeMutableRawPointer.allocate(byteCount: Node.linksOffset + 8 * MemTable.maxHeight, alignment: 8)
        head.initializeMemory(as: UInt8.self, repeating: 0, count: Node.linksOffset + 8 * MemTable.maxHeight)
        head.storeBytes(of: UInt32(MemTable.maxHeight), toByteOffset: 0, as: UInt32.self)
    }

    deinit {
        head.deallocate()
        for c in chunks { c.deallocate() }
    }

    /// Node layout: `u32 height ‖ u32 keyLen ‖ u32 valueLen ‖ u32 pad ‖ links[height] ‖ key ‖ value`.
    enum Node {
        static let linksOffset = 16
        @inline(__always) static func height(_ n: UnsafeMutableRawPointer) -> Int { Int(n.load(as: UInt32.self)) }
        @inline(__always) static func keyLength(_ n: UnsafeMutableRawPointer) -> Int { Int(n.load(fromByteOffset: 4, as: UInt32.self)) }
        @inline(__always) static func valueLength(_ n: UnsafeMutableRawPointer) -> Int { Int(n.load(fromByteOffset: 8, as: UInt32.self)) }
        @inline(__always) static func next(_ n: UnsafeMutableRawPointer, _ level: Int) -> UnsafeMutableRawPointer? {
            UnsafeMutableRawPointer(bitPattern: n.load(fromByteOffset: linksOffset + 8 * level, as: UInt.self))
        }
        @inline(__always) static func setNext(_ n: UnsafeMutableRawPointer, _ level: Int, _ to: UnsafeMutableRawPointer?) {
            n.storeBytes(of: UInt(bitPattern: to), toByteOffset: linksOffset + 8 * level, as: UInt.self)
        }
        @inline(__always) static func keyPointer(_ n: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: n + linksOffset + 8 * height(n), count: keyLength(n))
        }
        @inline(__always) static func valuePointer(_ n: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: n + linksOffset + 8 * height(n) + keyLength(n), count: valueLength(n))
        }
    }

    private func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        let size = (size + 7) & ~7
        usage.add(size, ordering: .relaxed)
        if size > MemTable.chunkSize / 4 {
            let p = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            chunks.append(p)
            return p
        }
        if chunkUsed + size > MemTable.chunkSize {
            let p = UnsafeMutableRawPointer.allocate(byteCount: MemTable.chunkSize, alignment: 8)
            chunks.append(p)
            chunkBase = p
            chunkUsed = 0
        }
        let p = chunkBase! + chunkUsed
        chunkUsed += size
        return p
    }

    private func randomHeight() -> Int {
        var h = 1
        while h < MemTable.maxHeight {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            if rng & 3 != 0 { break }
            h += 1
        }
        return h
    }

    /// Finds the first node at or after `target`, filling `prev` when given.
    private func findGreaterOrEqual(_ target: UnsafeRawBufferPointer,
                                    _ prev: UnsafeMutablePointer<UnsafeMutableRawPointer>?) -> UnsafeMutableRawPointer? {
        var x = head
        var level = height - 1
        while true {
            let nxt = Node.next(x, level)
            if let n = nxt, InternalKey.compare(Node.keyPointer(n), target) < 0 {
                x = n
            } else {
                prev?[level] = x
                if level == 0 { return nxt }
                level -= 1
            }
        }
    }

    /// Inserts a batch's operations under consecutive sequences from
    /// `firstSequence`; returns the last one it used.
    @discardableResult
    func add(_ batch: WriteBatch, firstSequence: UInt64) -> UInt64 {
        var sequence = firstSequence
        for op in batch.operations {
            add(sequence: sequence, kind: op.kind, key: op.key, value: op.value)
            sequence += 1
        }
        return sequence - 1
    }

    /// Inserts an entry (invariant 3: the caller never repeats a sequence).
    func add(sequence: UInt64, kind: ValueKind, key: [UInt8], value: [UInt8]) {
        lock.withWriteLock {
            let h = randomHeight()
            let keyLen = key.count + 8
            let node = allocate(Node.linksOffset + 8 * h + keyLen + value.count)
            node.storeBytes(of: UInt32(h), toByteOffset: 0, as: UInt32.self)
            node.storeBytes(of: UInt32(keyLen), toByteOffset: 4, as: UInt32.self)
            node.storeBytes(of: UInt32(value.count), toByteOffset: 8, as: UInt32.self)
            let keyStart = node + Node.linksOffset + 8 * h
            key.withUnsafeBytes { if $0.count > 0 { keyStart.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            keyStart.storeBytes(of: (sequence << 8 | UInt64(kind.rawValue)).littleEndian, toByteOffset: key.count, as: UInt64.self)
            value.withUnsafeBytes { if $0.count > 0 { (keyStart + keyLen).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: MemTable.maxHeight) { pb in
                pb.initialize(repeating: head)
                _ = findGreaterOrEqual(UnsafeRawBufferPointer(start: keyStart, count: keyLen), pb.baseAddress!)
                if h > height {
                    for l in height..<h { pb[l] = head }
                    height = h
                }
                for l in 0..<h {
                    Node.setNext(node, l, Node.next(pb[l], l))
                    Node.setNext(pb[l], l, node)
                }
            }
            entries.add(1, ordering: .relaxed)
        }
    }

    /// The newest version of `key` visible at `sequence`: `.some(value)`,
    /// `.some(nil)` for a tombstone, nil when the memtable has no version.
    func get(_ key: [UInt8], sequence: UInt64) -> [UInt8]?? {
        InternalKey.withSeekKey(key, sequence: sequence) { t -> [UInt8]?? in
            lock.withReadLock {
                guard let n = findGreaterOrEqual(t, nil) else { return nil }
                let k = Node.keyPointer(n)
                let uk = UnsafeRawBufferPointer(rebasing: k[0..<(k.count - 8)])
                guard compareBytes(uk, UnsafeRawBufferPointer(rebasing: t[0..<(t.count - 8)])) == 0 else { return nil }
                if k[k.count - 8] == ValueKind.deletion.rawValue { return .some(nil) }
                return .some(Array(Node.valuePointer(n)))
            }
        }
    }

    /// A cursor over the memtable's entries; it keeps the memtable alive.
    func makeIterator() -> InternalIterator { MemTableIterator(self) }

    fileprivate func first() -> UnsafeMutableRawPointer? { lock.withReadLock { Node.next(head, 0) } }
    fileprivate func successor(_ n: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? { lock.withReadLock { Node.next(n, 0) } }
    fileprivate func seek(_ target: [UInt8]) -> UnsafeMutableRawPointer? {
        lock.withReadLock { target.withUnsafeBytes { findGreaterOrEqual($0, nil) } }
    }
}

private final class MemTableIterator: InternalIterator {
    private let table: MemTable
    private var node: UnsafeMutableRawPointer?

    init(_ table: MemTable) { self.table = table }

    var isValid: Bool { node != nil }
    var key: UnsafeRawBufferPointer { MemTable.Node.keyPointer(node!) }
    var value: UnsafeRawBufferPointer { MemTable.Node.valuePointer(node!) }
    func seekToFirst() { node = table.first() }
    func seek(_ target: [UInt8]) { node = table.seek(target) }
    func next() { node = table.successor(node!) }
}
