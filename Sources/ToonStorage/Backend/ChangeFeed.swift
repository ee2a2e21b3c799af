/// A change to a key, as ``StorageBackend/follow(prefix:after:_:)`` delivers it.
package enum BackendChange: Sendable {
    /// `key` was set to `value` by the commit `revision`.
    case put(key: [UInt8], value: [UInt8], revision: UInt64)
    /// `key` was deleted by the commit `revision`.
    case delete(key: [UInt8], revision: UInt64)
    /// Every change up to `revision` has been delivered (the answer to ``ChangeFeed/requestCatchUp()``).
    case caughtUp(revision: UInt64)
    /// Changes were lost (the backend's history was compacted past them, or
    /// the feed ended): the follower must read the data afresh.
    case lost(reason: String)
}

/// A running feed of the changes under a prefix (``StorageBackend/follow(prefix:after:_:)``).
package protocol ChangeFeed: AnyObject, Sendable {
    /// Asks for a ``BackendChange/caughtUp(revision:)`` once every change up to
    /// the latest commit has been delivered.
    func requestCatchUp()
    /// Stops the feed: when it returns, the handler runs no more.
    func cancel()
}
