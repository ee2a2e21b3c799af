import Foundation
import Testing
import ToonCore
import ToonTestSupport
@testable import ToonIndex

/// The vector index never loses a node: after parallel builds (1, 2, 4 and 8
/// threads), consolidated deletes with slot reuse, replacements, saves,
/// reloads and rebuilds, every element is reachable from the entry point
/// (``HNSWIndex/verify()``); single inserts keep that in practice and a save
/// makes it certain, so after single inserts it is checked on the saved index.
/// Search quality is checked beside it: every live vector is its own nearest
/// neighbour at the default efSearch, but for at most 1 % misses (an
/// approximate search; the campaign in RELIABILITY.md counts them). Not for
/// an inner product, where no element is its own nearest, nor for M = 4,
/// below any recommended setting.
///
/// CI runs a few rounds; `TOONDB_HNSW_ROUNDS=1000 swift test --filter
/// HNSWGraphPropertyTests` runs the campaign recorded in RELIABILITY.md.
@Suite struct HNSWGraphPropertyTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["TOONDB_HNSW_ROUNDS"] ?? "") ?? 12

    /// One round's shape, drawn from its seed.
    struct Shape: CustomStringConvertible {
        let seed: UInt64, count: Int, dimension: Int, threads: Int, metric: VectorMetric, m: Int
        init(seed: UInt64) {
            var rng = SplitMix(seed &* 0x9E37_79B9 &+ 17)
            count = [40, 200, 500, 1200][Int(rng.next() % 4)]
            dimension = [4, 8, 16][Int(rng.next() % 3)]
            threads = [1, 2, 4, 8][Int(seed % 4)]
            metric = [.euclidean, .cosine, .dotProduct][Int(rng.next() % 3)]
            m = [4, 8, 16][Int(rng.next() % 3)]
            self.seed = seed
        }
        var description: String {
            "seed \(seed): \(count)×\(dimension) \(metric), M \(m), \(threads) threads"
        }
    }

    /// What a campaign counted.
    final class Tally: @unchecked Sendable {
        var reachabilityChecks = 0, elementsWalked = 0, searches = 0, misses = 0
    }

    /// Clustered vectors (ten well-separated centres) and one far outlier,
    /// the shape that once left a node unreachable.
    static func vectors(_ shape: Shape, count: Int, salt: UInt64) -> [[Float]] {
        var rng = SplitMix(shape.seed &+ salt)
        let centres = (0..<10).map { _ in (0..<shape.dimension).map { _ in rng.gaussian() * 3 } }
        var rows = (0..<count).map { i in centres[i % 10].map { $0 + rng.gaussian() } }
        if count > 1 { rows[count - 1] = rows[0].map { $0 + 100 } }
        return rows
    }

    /// Every element reachable from the entry point, and the live count right.
    static func checkReachable(_ index: HNSWIndex, _ live: [UInt64: [Float]], _ what: String, _ shape: Shape,
                               _ tally: Tally) {
        do {
            let stats = try index.verify()
            #expect(stats.live == live.count, "\(shape), \(what): \(stats.live) live, \(live.count) expected")
            tally.reachabilityChecks += 1
            tally.elementsWalked += stats.slots
        } catch {
            Issue.record("\(shape), \(what): \(error)")
        }
    }

    /// Each live vector found as its own nearest neighbour, but for at most 1 %.
    static func checkSelfSearch(_ index: HNSWIndex, _ live: [UInt64: [Float]], _ what: String, _ shape: Shape,
                                _ tally: Tally) throws {
        guard shape.m >= 8, shape.metric != .dotProduct else { return }
        var missed: [UInt64] = []
        for (label, vector) in live {
            let hit = try index.search(vector, k: 1).first
            if hit?.label != label && hit?.distance != 0 { missed.append(label) }
        }
        tally.searches += live.count
        tally.misses += missed.count
        #expect(missed.count * 100 <= live.count,
                "\(shape), \(what): \(missed.count) of \(live.count) vectors are not their own nearest neighbour: \(missed.sorted().prefix(10))")
    }

    @Test func everyNodeStaysReachableThroughBuildsDeletesReuseAndReloads() throws {
        let dir = TemporaryDirectory("hnsw-property")
        let tally = Tally()
        for round in 0..<Self.rounds {
            let shape = Shape(seed: UInt64(round))
            let parameters = HNSWParameters(dimension: shape.dimension, metric: shape.metric, m: shape.m,
                                            efConstruction: 100, seed: shape.seed)
            let rows = Self.vectors(shape, count: shape.count, salt: 0)
            let index = try HNSWIndex(parameters, capacity: 16)
            try rows.flatMap { $0 }.withUnsafeBufferPointer {
                try index.insert(rows: $0, labels: (0..<rows.count).map(UInt64.init), threads: shape.threads, progress: nil)
            }
            var live = Dictionary(uniqueKeysWithValues: rows.enumerated().map { (UInt64($0.offset), $0.element) })
            Self.checkReachable(index, live, "parallel build", shape, tally)
            try Self.checkSelfSearch(index, live, "parallel build", shape, tally)

            // Delete a fifth, then insert new labels (the first consolidates
            // the tombstones and reuses their slots) and replace some vectors.
            var rng = SplitMix(shape.seed &+ 99)
            for label in live.keys.sorted() where rng.next() % 5 == 0 {
                #expect(index.remove(label: label))
                live[label] = nil
            }
            let fresh = Self.vectors(shape, count: shape.count / 4 + 1, salt: 7)
            for (i, v) in fresh.enumerated() {
                let label = UInt64(100_000 + i)
                try index.insert(v, label: label)
                live[label] = v
                if i == 0 { Self.checkReachable(index, live, "consolidation", shape, tally) }
            }
            for label in live.keys.sorted().prefix(shape.count / 10) {
                let moved = live[label]!.map { $0 * 0.5 + 1 }
                try index.insert(moved, label: label)
                live[label] = moved
            }
            try Self.checkSelfSearch(index, live, "deletes, reuse and replacements", shape, tally)

            let path = dir.path + "/round\(round).hnsw"
            try index.write(to: path)
            Self.checkReachable(index, live, "save after single inserts", shape, tally)
            let loaded = try HNSWIndex.load(from: path)
            Self.checkReachable(loaded, live, "reload", shape, tally)
            try Self.checkSelfSearch(loaded, live, "reload", shape, tally)

            // A rebuild from the live vectors, as a collection rebuilds from its documents.
            let rebuilt = try HNSWIndex(parameters)
            let labels = live.keys.sorted()
            try labels.flatMap { live[$0]! }.withUnsafeBufferPointer {
                try rebuilt.insert(rows: $0, labels: labels, threads: shape.threads, progress: nil)
            }
            Self.checkReachable(rebuilt, live, "rebuild", shape, tally)
            try Self.checkSelfSearch(rebuilt, live, "rebuild", shape, tally)
        }
        print("HNSW campaign: \(Self.rounds) rounds, \(tally.reachabilityChecks) reachability checks over "
              + "\(tally.elementsWalked) elements, \(tally.searches) self-searches, \(tally.misses) misses")
    }

    @Test func verifyReportsAnUnreachableElement() throws {
        let index = try HNSWIndex(HNSWParameters(dimension: 2, metric: .euclidean, m: 4))
        for i in 0..<20 { try index.insert([Float(i), Float(i % 3)], label: UInt64(i)) }
        #expect(try index.verify().live == 20)
        // Cut every link into one element that is not the entry point.
        let (entry, _) = index.entryLock.withLock { (index.entryPoint, index.maxLevel) }
        let victim = entry == 7 ? 8 : 7
        for slot in 0..<20 {
            for l in 0...Int(index.levels[slot]) {
                let list = index.linkList(slot, level: l)
                let kept = (0..<Int(list[0])).map { list[1 + $0] }.filter { $0 != UInt32(victim) }
                for (i, id) in kept.enumerated() { list[1 + i] = id }
                list[0] = UInt32(kept.count)
            }
        }
        #expect(throws: ToonDBError.self) { try index.verify() }
        do { try index.verify() } catch let e as ToonDBError {
            #expect(e.code == .corruption)
            #expect(e.message.contains("cannot be reached"), "\(e.message)")
        }
    }

    /// A load walks a version 2 file for elements it cannot reach and links
    /// them; a version 3 file, which a save repairs before writing, is not
    /// walked, and `verify()` reports what it cannot reach.
    @Test func onlyAFileOlderThanVersionThreeIsRepairedOnLoad() throws {
        let dir = TemporaryDirectory("toondb-hnsw-reach")
        defer { withExtendedLifetime(dir) {} }
        let index = try HNSWIndex(HNSWParameters(dimension: 2, metric: .euclidean, m: 4))
        for i in 0..<30 { try index.insert([Float(i), Float(i % 3)], label: UInt64(i)) }
        let path = dir.file("index.hnsw")
        try index.write(to: path)
        var bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        func put(_ at: Int, _ v: UInt32) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
        // Cut every layer-0 link into one element that is not the entry point.
        let recordSize = HNSWIndex.recordLayout(index.parameters).size
        let victim: UInt32 = u32(56) == 7 ? 8 : 7
        for slot in 0..<30 {
            let at = 72 + slot * recordSize
            let kept = (0..<Int(u32(at))).map { u32(at + 4 + 4 * $0) }.filter { $0 != victim }
            for (i, id) in kept.enumerated() { put(at + 4 + 4 * i, id) }
            put(at, UInt32(kept.count))
        }
        func save(_ name: String, version: UInt8) throws -> String {
            bytes[8] = version
            let end = bytes.count - 4
            put(end, CRC32C.mask(CRC32C.checksum(Array(bytes[0..<end]))))
            let file = dir.file(name)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return file
        }
        let current = try HNSWIndex.load(from: try save("v3.hnsw", version: 3))
        let e = #expect(throws: ToonDBError.self) { try current.verify() }
        #expect(e?.message.contains("cannot be reached") == true, "\(String(describing: e))")
        let older = try HNSWIndex.load(from: try save("v2.hnsw", version: 2), checksum: .inBackground)
        try older.waitForLoadChecks()
        #expect(try older.verify().live == 30)
        #expect(try older.search([Float(victim), Float(victim % 3)], k: 1).first?.label == UInt64(victim))
    }
}
