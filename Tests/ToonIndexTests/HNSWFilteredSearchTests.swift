import Testing
import ToonCore
@testable import ToonIndex

/// Filters accepting 1 %, 10 % and 50 % of the elements keep recall@10 at
/// 0.95 or more, whichever plan the selectivity estimate picks (an exact scan
/// of the accepted elements or a filtered walk with a widened beam).
@Suite struct HNSWFilteredSearchTests {
    static let data = VectorTestData(count: 6000, dimension: 32, queries: 50, seed: 21)
    static let built: HNSWIndex? = try? data.index(.euclidean, m: 12, efConstruction: 64, threads: 2)

    /// Accepts about `percent` % of the labels, spread by a hash (not by slot order).
    static func filter(_ percent: UInt64) -> (UInt64) -> Bool {
        { SplitMix64.mix($0 &+ 0x1234) % 100 < percent }
    }

    @Test(arguments: [(UInt64(1), 10), (1, 64), (10, 10), (10, 64), (50, 10), (50, 64)])
    func recallStaysHighAtEverySelectivity(percent: UInt64, efSearch: Int) throws {
        let index = try #require(Self.built)
        let accepts = Self.filter(percent)
        let recall = try Self.data.recall(index, efSearch: efSearch, filter: accepts)
        #expect(recall >= 0.95, "\(percent) %, efSearch \(efSearch): recall@10 \(recall)")
        for q in Self.data.queries.prefix(10) {
            let hits = try index.search(q, k: 10, efSearch: efSearch, filter: accepts)
            #expect(hits.count == 10 && hits.allSatisfy { accepts($0.label) })
        }
    }

    @Test func theEstimatePicksAScanForSelectiveFiltersAndAWiderWalkOtherwise() throws {
        let index = try #require(Self.built)
        func plan(_ percent: UInt64, ef: Int) -> HNSWIndex.FilterPlan {
            index.structure.withReadLock { index.filterPlan(Self.filter(percent), ef: ef) }
        }
        // p²·count against 4·ef: 1 % of 6000 is 0.6, 10 % is 60, 50 % is 1500.
        #expect(plan(1, ef: 64) == .scan)
        #expect(plan(10, ef: 64) == .scan)
        #expect(plan(0, ef: 64) == .scan)
        guard case .walk(let wide) = plan(50, ef: 64) else { Issue.record("50 % should walk"); return }
        #expect(wide > 64 && wide <= 4 * 64)
        guard case .walk(let narrow) = plan(10, ef: 10) else { Issue.record("10 % at ef 10 should walk"); return }
        #expect(narrow > 10 && narrow <= 40)
        #expect(plan(100, ef: 64) == .walk(ef: 64))
    }
}
