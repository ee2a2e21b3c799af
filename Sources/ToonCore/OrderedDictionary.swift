import OrderedCollections

/// swift-collections' `OrderedDictionary`, the dictionary that keeps its keys
/// in insertion order: what a `Value.object` holds, so modules that build
/// objects need not depend on swift-collections themselves.
public typealias OrderedDictionary<Key: Hashable, Value> = OrderedCollections.OrderedDictionary<Key, Value>
