/// A cursor over internal keys (``InternalKey``) in order, the shape every
/// source of entries takes: memtables, segment files, levels and their merge.
protocol InternalIterator: AnyObject {
    /// Whether the cursor is on an entry.
    var isValid: Bool { get }
    /// The entry's internal key; only while valid.
    var key: [UInt8] { get }
    /// The entry's value; only while valid.
    var value: [UInt8] { get }
    /// Moves to the first entry.
    func seekToFirst() throws
    /// Moves to the first entry whose internal key is at or after `target`.
    func seek(_ target: [UInt8]) throws
    /// Moves to the next entry; only while valid.
    func next() throws
}
