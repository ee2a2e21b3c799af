import ToonCore

/// An ordered list of puts and deletes applied atomically under consecutive
/// sequence numbers. Its encoding is the payload of a WAL record (FORMAT.md §2).
package struct WriteBatch: Sendable {
    /// One operation.
    package struct Operation: Sendable {
        /// Put or delete.
        package var kind: ValueKind
        /// The user key.
        package var key: [UInt8]
        /// The value (empty for a delete).
        package var value: [UInt8]
    }

    /// The operations, in order.
    package private(set) var operations: [Operation] = []
    /// Bytes of keys and values, to size the memtable.
    package private(set) var approximateSize = 0
    /// Key ranges the commit needs untouched by anyone else since its
    /// snapshot (``guardRange(lower:upper:)``); checked at commit, never logged.
    package private(set) var guardedRanges: [KeyRange] = []

    /// An empty batch.
    package init() {}

    /// Adds a put.
    package mutating func put(_ key: [UInt8], _ value: [UInt8]) {
        operations.append(Operation(kind: .value, key: key, value: value))
        approximateSize += key.count + value.count + 24
    }

    /// Adds a delete.
    package mutating func delete(_ key: [UInt8]) {
        operations.append(Operation(kind: .deletion, key: key, value: []))
        approximateSize += key.count + 24
    }

    /// Makes the commit of this batch at a snapshot fail with
    /// `transactionConflict` when another commit after that snapshot wrote
    /// any key in `[lower, upper)` (upper nil: to the end of the key space).
    /// A transaction declares so the ranges whose emptiness it relied on
    /// (SQL's check that no other row holds a unique value), which checking
    /// the written keys alone would not protect from phantoms.
    package mutating func guardRange(lower: [UInt8], upper: [UInt8]?) {
        guardedRanges.append(KeyRange(lower: lower, upper: upper))
    }

    /// Whether there is nothing to apply.
    package var isEmpty: Bool { operations.isEmpty }

    /// `fixed64 firstSequence ‖ fixed32 count ‖ (kind, varint keyLen, key, [varint valueLen, value])*`.
    package func encode(firstSequence: UInt64, into out: inout [UInt8]) {
        Varint.appendFixed64(firstSequence, to: &out)
        Varint.appendFixed32(UInt32(operations.count), to: &out)
        for op in operations {
            out.append(op.kind.rawValue)
            Varint.append(UInt64(op.key.count), to: &out)
            out.append(contentsOf: op.key)
            if op.kind == .value {
                Varint.append(UInt64(op.value.count), to: &out)
                out.append(contentsOf: op.value)
            }
        }
    }

    /// Decodes a WAL payload; nil when it is malformed.
    package static func decode(_ p: UnsafeRawBufferPointer) -> (firstSequence: UInt64, batch: WriteBatch)? {
        guard p.count >= 12 else { return nil }
        let seq = Varint.fixed64(p, 0)
        let count = Int(Varint.fixed32(p, 8))
        var pos = 12
        var batch = WriteBatch()
        for _ in 0..<count {
            guard pos < p.count, let kind = ValueKind(rawValue: p[pos]) else { return nil }
            pos += 1
            guard let kl = Varint.read(p, &pos), kl <= UInt64(p.count - pos) else { return nil }
            let key = [UInt8](p[pos..<(pos + Int(kl))])
            pos += Int(kl)
            if kind == .value {
                guard let vl = Varint.read(p, &pos), vl <= UInt64(p.count - pos) else { return nil }
                batch.put(key, [UInt8](p[pos..<(pos + Int(vl))]))
                pos += Int(vl)
            } else {
                batch.delete(key)
            }
        }
        return pos == p.count ? (seq, batch) : nil
    }
}

