import ToonCore
internal import ToonStorage

extension Database {
    /// Entries with `from <= key < to` in key order (`to` nil: to the end).
    public func scan(from: some ByteConvertible, to: (some ByteConvertible)? = String?.none) throws -> ScanCursor {
        try makeScan(lower: from.toonBytes, upper: to?.toonBytes, batchSize: 1)
    }

    /// Entries whose key starts with `prefix`, in key order.
    public func scanPrefix(_ prefix: some ByteConvertible) throws -> ScanCursor {
        let p = prefix.toonBytes
        return try makeScan(lower: p, upper: p.prefixSuccessor, batchSize: 1)
    }

    /// Like ``scan(from:to:)``, reading ahead `batchSize` entries at a time
    /// (memory stays proportional to the batch, not the range).
    public func scanBatched(from: some ByteConvertible, to: (some ByteConvertible)? = String?.none,
                            batchSize: Int = 1000) throws -> ScanCursor {
        guard batchSize > 0 else {
            throw ToonDBError(.invalidArgument, "batchSize must be positive, not \(batchSize)")
        }
        return try makeScan(lower: from.toonBytes, upper: to?.toonBytes, batchSize: batchSize)
    }

    func makeScan(lower: [UInt8], upper: [UInt8]?, batchSize: Int) throws -> ScanCursor {
        queries.add(1, ordering: .relaxed)
        return try KeyArea.user.scan(engine: engine, lower: lower, upper: upper, batchSize: batchSize)
    }
}
