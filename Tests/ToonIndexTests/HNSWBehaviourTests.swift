import Testing
import ToonCore
@testable import ToonIndex
import ToonTestSupport

/// Bad input, deletes, replacement, filters and the small-data path.
@Suite struct HNSWBehaviourTests {
    static let data = VectorTestData(count: 3000, dimension: 16, queries: 60, seed: 11)

    func code(_ body: () throws -> Void) -> ErrorCode? {
        do { try body() } catch let e as ToonDBError { return e.code } catch { return .internalError }
        return nil
    }

    @Test func badParametersAreRejected() {
        for p in [HNSWParameters(dimension: 0, metric: .cosine), HNSWParameters(dimension: 65537, metric: .cosine),
                  HNSWParameters(dimension: 4, metric: .cosine, m: 1), HNSWParameters(dimension: 4, metric: .cosine, efConstruction: 0)] {
            #expect(code { _ = try HNSWIndex(p) } == .invalidArgument, "\(p)")
        }
        #expect(code { _ = try HNSWIndex(HNSWParameters(dimension: 65536, metric: .euclidean, m: 2), capacity: 1) } == nil)
    }

    @Test func badVectorsAndQueriesAreRejected() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 3, metric: .cosine))
        #expect(code { try index.insert([1, 2], label: 1) } == .dimensionMismatch)
        #expect(code { try index.insert([], label: 1) } == .invalidArgument)
        #expect(code { try index.insert([1, .nan, 2], label: 1) } == .invalidArgument)
        #expect(code { try index.insert([1, .infinity, 2], label: 1) } == .invalidArgument)
        #expect(code { try index.insert([0, 0, 0], label: 1) } == .invalidArgument)
        #expect(code { try index.insert([3e38, 3e38, 3e38], label: 1) } == .invalidArgument)
        #expect(index.count == 0)
        try index.insert([1, 2, 3], label: 1)
        #expect(code { _ = try index.search([1, 2], k: 1) } == .dimensionMismatch)
        #expect(code { _ = try index.search([1, 2, .nan], k: 1) } == .invalidArgument)
        #expect(code { _ = try index.search([1, 2, 3], k: 0) } == .invalidArgument)
        #expect(code { _ = try index.search([1, 2, 3], k: 1, efSearch: 0) } == .invalidArgument)
        #expect(code { _ = try index.exactSearch([1, 2, 3], k: -1) } == .invalidArgument)
        // A huge k or efSearch allocates for the elements there are, not for k.
        #expect(try index.search([1, 2, 3], k: Int.max / 2, efSearch: Int.max).count == 1)
        #expect(try index.exactSearch([1, 2, 3], k: Int.max / 2).count == 1)
        // A bad row anywhere leaves a bulk insert without effect.
        let rows: [Float] = [1, 2, 3, 4, 5, .nan]
        #expect(code { try rows.withUnsafeBufferPointer { try index.insert(rows: $0, labels: [5, 6], threads: 2, progress: nil) } } == .invalidArgument)
        #expect(code { try rows.withUnsafeBufferPointer { try index.insert(rows: $0, labels: [5], threads: 2, progress: nil) } } == .dimensionMismatch)
        #expect(index.count == 1 && !index.contains(label: 5))
    }

    @Test func emptyAndSmallIndexesAnswerExactly() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .euclidean))
        #expect(try index.search(Self.data.queries[0], k: 5).isEmpty)
        for (i, row) in Self.data.rows.prefix(7).enumerated() { try index.insert(row, label: UInt64(i)) }
        for q in Self.data.queries.prefix(10) {
            let hits = try index.search(q, k: 10)
            #expect(hits.count == 7)
            #expect(hits == (try index.exactSearch(q, k: 10)))
        }
    }

    @Test func insertingALabelAgainReplacesItsVector() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 16, metric: .euclidean))
        for (i, row) in Self.data.rows.prefix(500).enumerated() { try index.insert(row, label: UInt64(i)) }
        let target = Self.data.queries[0]
        try index.insert(target, label: 3)
        #expect(index.count == 500)
        #expect(index.vector(label: 3) == target)
        let hit = try #require(try index.search(target, k: 1).first)
        #expect(hit.label == 3 && hit.distance == 0)
    }

    @Test func removedElementsAreNeverReturnedAndRecallSurvivesReinsertion() throws {
        let index = try Self.data.index(.euclidean, m: 12, efConstruction: 48)
        var rng = SplitMix(5)
        var removed = Set<UInt64>()
        while removed.count < 900 {   // 30%
            let label = rng.next() % 3000
            if removed.insert(label).inserted { #expect(index.remove(label: label)) }
        }
        #expect(!index.remove(label: Array(removed)[0]))
        #expect(index.count == 2100)
        for q in Self.data.queries {
            let hits = try index.search(q, k: 10)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { !removed.contains($0.label) })
        }
        #expect(try Self.data.recall(index, efSearch: 64) >= 0.95)
        // Reinsert them under new labels: slots are reused, the graph stays navigable.
        for label in removed.sorted() { try index.insert(Self.data.rows[Int(label)], label: label + 10_000) }
        #expect(index.count == 3000)
        #expect(index.tombstoneCount == 0)
        let recall = try Self.data.recall(index, efSearch: 64)
        #expect(recall >= 0.95, "recall after deleting 30% and reinserting: \(recall)")
    }

    @Test func aFilterMatchingOnePercentStillReturnsKHits() throws {
        let index = try Self.data.index(.cosine, m: 12, efConstruction: 48)
        let filter: (UInt64) -> Bool = { $0 % 100 == 0 }   // 30 of 3,000
        for q in Self.data.queries.prefix(20) {
            let hits = try index.search(q, k: 10, filter: filter)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { $0.label % 100 == 0 })
            #expect(hits == (try index.exactSearch(q, k: 10, filter: filter)))
        }
        // k beyond the matching count returns every match.
        #expect(try index.search(Self.data.queries[0], k: 50, filter: filter).count == 30)
        #expect(try index.search(Self.data.queries[0], k: 5, filter: { _ in false }).isEmpty)
        #expect(try Self.data.recall(index, efSearch: 64, filter: { $0 % 2 == 0 }) >= 0.95)
    }
}
