import Testing
@testable import ToonIndex

/// The SIMD kernels agree with plain loops for every length, including the
/// 16-, 8- and 1-float remainders.
@Suite struct VectorDistanceTests {
    @Test func kernelsMatchScalarLoops() {
        var rng = SplitMix(99)
        for n in [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 128, 129, 768] {
            let a = (0..<n).map { _ in rng.gaussian() }, b = (0..<n).map { _ in rng.gaussian() }
            var l2: Double = 0, dot: Double = 0
            for i in 0..<n {
                l2 += Double(a[i] - b[i]) * Double(a[i] - b[i])
                dot += Double(a[i]) * Double(b[i])
            }
            a.withUnsafeBytes { pa in
                b.withUnsafeBytes { pb in
                    let fl2 = VectorDistance.squaredL2(pa.baseAddress!, pb.baseAddress!, n)
                    let fdot = VectorDistance.dot(pa.baseAddress!, pb.baseAddress!, n)
                    #expect(abs(Double(fl2) - l2) <= 1e-4 * max(1, l2), "n \(n): \(fl2) vs \(l2)")
                    #expect(abs(Double(fdot) - dot) <= 1e-4 * max(1, abs(dot)) + 1e-4, "n \(n): \(fdot) vs \(dot)")
                    #expect(VectorDistance.distance(.dotProduct, pa.baseAddress!, pb.baseAddress!, n) == -fdot)
                }
            }
        }
    }
}
