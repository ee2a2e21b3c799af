/// A forward cursor over user entries, as scans consume them.
public protocol EntryCursor: AnyObject {
    /// The next entry, nil at the end.
    func next() throws -> (key: [UInt8], value: [UInt8])?
    /// Repositions so that the next entry is the first at or after `key`.
    func seek(_ key: [UInt8])
}

extension SnapshotIterator: EntryCursor {}
extension TransactionIterator: EntryCursor {}
