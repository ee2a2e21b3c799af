import Testing
import ToonCore
import ToonIndex

/// Reciprocal Rank Fusion and weighted fusion, checked against arithmetic done by hand.
@Suite struct FusionTests {
    typealias R = Fusion.Ranked<String>

    static let vector = [R(id: "a", score: 0.9), R(id: "b", score: 0.8), R(id: "c", score: 0.5)]
    static let keyword = [R(id: "c", score: 7.0), R(id: "d", score: 3.0), R(id: "a", score: 1.0)]

    @Test func reciprocalRankFusionSumsOneOverSixtyPlusRank() throws {
        let hits = try Fusion.reciprocalRank([Self.vector, Self.keyword])
        // a: 1/61 + 1/63, c: 1/63 + 1/61 (equal; a ranks first: best rank 1 in input 0 vs c's rank 1 in input 1)
        // b: 1/62, d: 1/62 (b first: input 0)
        #expect(hits.map(\.id) == ["a", "c", "b", "d"])
        #expect(abs(hits[0].score - (1.0 / 61 + 1.0 / 63)) < 1e-15)
        #expect(hits[0].score == hits[1].score)
        #expect(abs(hits[2].score - 1.0 / 62) < 1e-15 && hits[2].score == hits[3].score)
        #expect(hits.map(\.rank) == [1, 2, 3, 4])
        // Each input's rank and score are kept.
        #expect(hits[0].inputs == [Fusion.InputPosition(rank: 1, score: 0.9), Fusion.InputPosition(rank: 3, score: 1.0)])
        #expect(hits[2].inputs == [Fusion.InputPosition(rank: 2, score: 0.8), nil])
        #expect(hits[3].inputs == [nil, Fusion.InputPosition(rank: 2, score: 3.0)])
        #expect(try Fusion.reciprocalRank([Self.vector, Self.keyword], limit: 2).map(\.id) == ["a", "c"])
        #expect(try Fusion.reciprocalRank([Self.vector], k: 0).map(\.score) == [1, 0.5, 1.0 / 3])
    }

    @Test func weightedFusionNormalisesEachSide() throws {
        // vector: a 1, b (0.8 − 0.5)/0.4 = 0.75, c 0; keyword: c 1, d (3 − 1)/6 = 1/3, a 0
        let hits = try Fusion.weighted(vector: Self.vector, keyword: Self.keyword, alpha: 0.7)
        let score = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0.score) })
        #expect(abs(score["a"]! - 0.7) < 1e-12)
        #expect(abs(score["b"]! - 0.7 * 0.75) < 1e-12)
        #expect(abs(score["c"]! - 0.3) < 1e-12)
        #expect(abs(score["d"]! - 0.3 / 3) < 1e-12)
        #expect(hits.map(\.id) == ["a", "b", "c", "d"])
        // alpha 0: keyword only; alpha 1: vector only (absent documents score 0 and tie by input order).
        #expect(try Fusion.weighted(vector: Self.vector, keyword: Self.keyword, alpha: 0).map(\.id) == ["c", "d", "a", "b"])
        #expect(try Fusion.weighted(vector: Self.vector, keyword: Self.keyword, alpha: 1).map(\.id) == ["a", "b", "c", "d"])
    }

    @Test func aSideWithOneHitOrEqualScoresNormalisesToOne() throws {
        let one = [R(id: "x", score: 0.2)]
        let flat = [R(id: "y", score: 4), R(id: "z", score: 4)]
        let hits = try Fusion.weighted(vector: one, keyword: flat, alpha: 0.5)
        #expect(hits.map(\.score) == [0.5, 0.5, 0.5])
        #expect(hits.map(\.id) == ["x", "y", "z"])
        #expect(try Fusion.weighted(vector: [R](), keyword: [], alpha: 0.5).isEmpty)
        #expect(try Fusion.reciprocalRank([[R](), []]).isEmpty)
    }

    @Test func badInputIsRejected() {
        func code(_ body: () throws -> Void) -> ErrorCode? {
            do { try body(); return nil } catch { return (error as? ToonDBError)?.code }
        }
        #expect(code { _ = try Fusion.weighted(vector: Self.vector, keyword: Self.keyword, alpha: 1.5) } == .invalidArgument)
        #expect(code { _ = try Fusion.weighted(vector: Self.vector, keyword: Self.keyword, alpha: .nan) } == .invalidArgument)
        #expect(code { _ = try Fusion.weighted(vector: [R(id: "a", score: .nan)], keyword: [], alpha: 0.5) } == .invalidArgument)
        #expect(code { _ = try Fusion.weighted([Self.vector], weights: [1, 2]) } == .invalidArgument)
        #expect(code { _ = try Fusion.reciprocalRank([[R(id: "a", score: 1), R(id: "a", score: 0)]]) } == .invalidArgument)
        #expect(code { _ = try Fusion.reciprocalRank([Self.vector], k: -1) } == .invalidArgument)
        #expect(code { _ = try Fusion.reciprocalRank([Self.vector], limit: -1) } == .invalidArgument)
    }

    @Test func fusesTextHitsOfTheIndex() throws {
        let text = [TextHit(docID: 4, score: 2.5), TextHit(docID: 9, score: 1.0)]
        let vectors = [Fusion.Ranked(id: UInt64(9), score: 0.99)]
        let fused = try Fusion.reciprocalRank([vectors, text.map { Fusion.Ranked(id: $0.docID, score: $0.score) }])
        #expect(fused.map(\.id) == [9, 4])
    }
}
