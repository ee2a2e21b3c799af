import ToonCore
/// The deterministic data of a run: keys, values and the order of the reads,
/// all derived from one seed.
///
/// Key `i` is the 16 hex digits of a bijective 64-bit mix of `seed + i`, so
/// keys are distinct, 16 bytes long and, taken by index, in random key order:
/// the puts walk the indices in order, which is a random order of the keys.
struct Workload: Sendable {
    let keys: [[UInt8]]
    let values: [[UInt8]]
    /// Indices of the keys the random gets read, drawn with repetition.
    let getOrder: [Int]

    init(keys count: Int, valueSize: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        keys = (0..<count).map { Workload.hexKey(SplitMix64.mix(seed &+ UInt64($0))) }
        values = (0..<count).map { _ in (0..<valueSize).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        getOrder = (0..<count).map { _ in Int(rng.next() % UInt64(count)) }
    }

    /// The 16 lowercase hex digits of `x`.
    static func hexKey(_ x: UInt64) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return (0..<16).map { digits[Int(x >> (60 - 4 * UInt64($0)) & 15)] }
    }

    /// The key paths of the listing tree: `tree/<i % fanout>/<i>` for `i < count`.
    static func treePath(_ i: Int, fanout: Int) -> String { "tree/\(i % fanout)/\(i)" }
}

