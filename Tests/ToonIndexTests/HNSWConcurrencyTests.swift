import Dispatch
import Foundation
import Testing
import ToonIndex
import ToonTestSupport

/// Searches, inserts, replacements and removals from several threads at once
/// (run once under `swift test --sanitize=thread --filter HNSWConcurrencyTests`).
@Suite struct HNSWConcurrencyTests {
    static let data = VectorTestData(count: 2000, dimension: 16, queries: 50, seed: 21)

    @Test func concurrentInsertsAndSearchesAreSafeAndComplete() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .euclidean, m: 8, efConstruction: 40), capacity: 16)
        let rows = Self.data.rows, queries = Self.data.queries
        // Seed a few so that searches have something to walk from the start.
        for i in 0..<50 { try index.insert(rows[i], label: UInt64(i)) }
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                if worker < 2 {
                    // Two writers: disjoint labels, growing the buffers as they go.
                    for i in stride(from: 50 + worker, to: rows.count, by: 2) { try index.insert(rows[i], label: UInt64(i)) }
                } else {
                    // Two readers: every answer is well formed while the graph changes.
                    for round in 0..<40 {
                        let q = queries[(round * 7 + worker) % queries.count]
                        let hits = try index.search(q, k: 10, efSearch: 32)
                        if hits.count != 10 || zip(hits, hits.dropFirst()).contains(where: { $0.distance > $1.distance })
                            || hits.contains(where: { $0.label >= UInt64(rows.count) || $0.distance.isNaN }) {
                            failures.add()
                        }
                        if round % 10 == 0, index.vector(label: 3) != rows[3] { failures.add() }
                    }
                }
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        #expect(index.count == rows.count)
        #expect(try Self.data.recall(index, efSearch: 64) >= 0.95)
    }

    @Test func concurrentReplacementsRemovalsAndSearches() throws {
        let index = try Self.data.index(.cosine, m: 8, efConstruction: 40)
        let rows = Self.data.rows, queries = Self.data.queries
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            do {
                switch worker {
                case 0: for i in 0..<300 { try index.insert(rows[(i * 13) % rows.count], label: UInt64(i)) }
                case 1: for i in 1000..<1300 { _ = index.remove(label: UInt64(i)); try index.insert(rows[i], label: UInt64(i + 5000)) }
                default:
                    for round in 0..<60 where try index.search(queries[round % queries.count], k: 5).count != 5 { failures.add() }
                }
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        #expect(index.count == rows.count)
        #expect(!index.contains(label: 1000) && index.contains(label: 6000))
    }
}

/// A thread-safe counter for the tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
