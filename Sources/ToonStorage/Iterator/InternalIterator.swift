/// A cursor over internal keys (``InternalKey``) in order, the shape every
/// source of entries takes: memtables, segment files, levels and their merge.
protocol InternalIterator: AnyObject {
    /// Whether the cursor is on an entry.
    var isValid: Bool { get }
    /// The entry's internal key; only while valid. It points into the
    /// source's memory and stays valid until the cursor moves or is freed:
    /// copy it to keep it.
    var key: UnsafeRawBufferPointer { get }
    /// The entry's value, valid as long as ``key``.
    var value: UnsafeRawBufferPointer { get }
    /// Moves to the first entry.
    func seekToFirst() throws
    /// Moves to the first entry whose internal key is at or after `target`.
    func seek(_ target: [UInt8]) throws
    /// Moves to the next entry; only while valid.
    func next() throws
}
