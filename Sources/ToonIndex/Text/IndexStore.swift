/// Where an index keeps its bytes: an ordered key space of its own, usually a
/// slice of the database's key space inside one storage transaction, so that
/// the index changes atomically and durably with the documents it indexes.
///
/// ToonIndex defines this protocol and never sees the storage engine; ToonDB
/// implements it over a storage transaction and a key prefix. Keys given to and
/// received from a store are relative to that prefix. Reads see the store's own
/// earlier writes.
package protocol IndexStore {
    /// The value stored under `key`, or nil.
    func get(_ key: [UInt8]) throws -> [UInt8]?
    /// Stores `value` under `key`, replacing any previous value.
    func put(_ key: [UInt8], _ value: [UInt8]) throws
    /// Removes `key`; removing a missing key is not an error.
    func delete(_ key: [UInt8]) throws
    /// Visits the entries with `lower <= key < upper` (no upper bound when
    /// `upper` is nil) in ascending byte order until `body` returns false. The
    /// buffers are borrowed: valid only during the call, and the store must not
    /// be written to from inside `body`.
    func scan(from lower: [UInt8], to upper: [UInt8]?,
              _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws
}
