/// SplitMix64: a small, fast random generator fully determined by its seed,
/// so that benchmarks, fuzzers and model tests repeat exactly (and a failing
/// seed can be replayed) on every platform and Swift version.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser, a bijection on 64-bit values.
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    package mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    package mutating func openUnit() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

    /// Uniform in `0..<n` (modulo bias is irrelevant at these sizes).
    package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
