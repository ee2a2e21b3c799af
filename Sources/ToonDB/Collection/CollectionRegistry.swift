import Foundation
import Synchronization
import ToonCore
internal import ToonStorage

/// The loaded collections of a database, so that every handle of one
/// collection shares one index, and checkpoints save every changed index.
final class CollectionRegistry: Sendable {
    private let states = Mutex<[String: CollectionState]>([:])

    private static func key(_ namespace: String, _ name: String) -> String { namespace + "/" + name }

    /// The state of a collection, loading it (and reconciling its index) on first use.
    func state(namespace: String, config: CollectionConfig, databasePath: String,
               engine: any StorageBackend) throws -> CollectionState {
        let key = Self.key(namespace, config.name)
        if let s = states.withLock({ $0[key] }) { return s }
        let loaded = try CollectionState.load(namespace: namespace, config: config, databasePath: databasePath,
                                              engine: engine)
        let (state, won) = states.withLock { current -> (CollectionState, Bool) in
            if let s = current[key] { return (s, false) }
            current[key] = loaded
            return (loaded, true)
        }
        if !won { loaded.stopFollowing() }
        return state
    }

    /// Registers the state of a collection just created.
    func add(_ state: CollectionState) {
        states.withLock { $0[Self.key(state.namespace, state.config.name)] = state }
    }

    /// Forgets a collection (deleted) or every collection of a namespace (`name` nil).
    func drop(namespace: String, name: String?) {
        let dropped = states.withLock { current in
            let gone = current.filter { $0.value.namespace == namespace && (name == nil || $0.value.config.name == name) }
            for key in gone.keys { current[key] = nil }
            return Array(gone.values)
        }
        for state in dropped { state.stopFollowing() }
    }

    /// Stops every collection following other writers (the database is closing).
    func stopFollowing() {
        for s in states.withLock({ Array($0.values) }) { s.stopFollowing() }
    }

    /// Writes every changed index file.
    func saveAll() throws {
        for s in states.withLock({ Array($0.values) }) { try s.save() }
    }
}
