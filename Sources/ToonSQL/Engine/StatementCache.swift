/// A handle's compiled statements by SQL text; past `capacity` texts the
/// least recently used is dropped.
struct StatementCache {
    static let capacity = 64

    private var entries: [String: (statements: [CompiledStatement], lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// The statements compiled from `text`, if cached.
    mutating func lookup(_ text: String) -> [CompiledStatement]? {
        guard let hit = entries[text] else { return nil }
        clock += 1
        entries[text]!.lastUse = clock
        return hit.statements
    }

    /// Keeps the statements compiled from `text`.
    mutating func insert(_ text: String, _ statements: [CompiledStatement]) {
        clock += 1
        if entries[text] == nil, entries.count >= Self.capacity,
           let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
        }
        entries[text] = (statements, clock)
    }
}
