import Testing
import ToonIndex
import ToonTestSupport

/// Recall of the graph search against exact search on a 5,000 × 32
/// Gaussian mixture, per metric; efSearch must matter (DESIGN failure 7).
@Suite struct HNSWRecallTests {
    static let data = VectorTestData(count: 5000, dimension: 32)
    /// One index per metric, built once on two threads and shared by the tests that only read.
    static let built: [VectorMetric: HNSWIndex] = {
        var out: [VectorMetric: HNSWIndex] = [:]
        for metric in VectorMetric.allCases { out[metric] = try? data.index(metric, m: 12, efConstruction: 48, threads: 2) }
        return out
    }()

    @Test(arguments: VectorMetric.allCases)
    func recallAtTenIsHighAtEf64(metric: VectorMetric) throws {
        let index = try #require(Self.built[metric])
        #expect(index.count == 5000)
        let recall = try Self.data.recall(index, efSearch: 64)
        #expect(recall >= 0.95, "recall@10 at efSearch 64 for \(metric) is \(recall)")
    }

    @Test func recallGrowsWithEfSearch() throws {
        // A sparse graph (M 4, efConstruction 10) so that small ef visibly misses neighbours.
        let index = try Self.data.index(.euclidean, m: 4, efConstruction: 16)
        let low = try Self.data.recall(index, efSearch: 10)
        let mid = try Self.data.recall(index, efSearch: 40)
        let high = try Self.data.recall(index, efSearch: 200)
        #expect(low < mid && mid < high, "recall at ef 10/40/200: \(low) \(mid) \(high)")
        #expect(high >= 0.85)
    }

    @Test func efSearchBelowKIsRaisedToK() throws {
        let index = try #require(Self.built[.euclidean])
        for q in Self.data.queries.prefix(10) {
            #expect(try index.search(q, k: 50, efSearch: 1).count == 50)
        }
    }

    @Test func parallelInsertBuildsAsGoodAGraphAsSerial() throws {
        let serial = try Self.data.index(.cosine, m: 12, efConstruction: 48, threads: 1)
        let parallel = try #require(Self.built[.cosine])
        #expect(parallel.count == serial.count)
        #expect(Set(parallel.labels) == Set(serial.labels))
        let r1 = try Self.data.recall(serial, efSearch: 32)
        let r2 = try Self.data.recall(parallel, efSearch: 32)
        #expect(r2 >= r1 - 0.02, "serial \(r1), two threads \(r2)")
    }

    @Test func distancesFollowTheDocumentedDefinitions() throws {
        let a: [Float] = [3, 4], b: [Float] = [4, 3]
        for metric in VectorMetric.allCases {
            let index = try HNSWIndex(HNSWParameters(dimension: 2, metric: metric))
            try index.insert(b, label: 9)
            let hit = try #require(try index.search(a, k: 1).first)
            let expected: Float = switch metric {
            case .euclidean: 2            // (3−4)² + (4−3)²
            case .cosine: 1 - 24.0 / 25   // 1 − cos
            case .dotProduct: -24         // −(a·b)
            }
            #expect(hit.label == 9)
            #expect(abs(hit.distance - expected) < 1e-5, "\(metric): \(hit.distance), expected \(expected)")
            // The exact path scores exactly like the graph path.
            #expect(try index.exactSearch(a, k: 1) == [hit])
        }
    }
}
