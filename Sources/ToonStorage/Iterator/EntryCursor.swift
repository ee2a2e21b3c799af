/// A forward cursor over user entries, as scans consume them.
package protocol EntryCursor: AnyObject {
    /// The next entry, nil at the end.
    func next() throws -> (key: [UInt8], value: [UInt8])?
    /// Hands the next entry to `body` without copying it (valid only during the call); false at the end.
    func nextEntry(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Bool
    /// Repositions so that the next entry is the first at or after `key`.
    func seek(_ key: [UInt8])
}

extension SnapshotIterator: EntryCursor {}
extension TransactionIterator: EntryCursor {}
