import Testing
@testable import ToonIndex
import ToonTestSupport

/// The C kernels (every instruction set this CPU runs: on an AVX-512 machine
/// the AVX-512, AVX2 and baseline builds) agree with plain Swift loops for
/// every length from 1 to 1025, so every remainder of the 8-, 16- and
/// 32-float loops and every masked tail is met.
@Suite struct VectorDistanceTests {
    /// `Σ (aᵢ − bᵢ)²`, `Σ aᵢ·bᵢ` and `Σ |aᵢ·bᵢ|` (the scale of the dot's rounding error), in Double.
    static func reference(_ a: [Float], _ b: [Float]) -> (l2: Double, dot: Double, scale: Double) {
        var l2: Double = 0, dot: Double = 0, scale: Double = 0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            l2 += d * d
            dot += Double(a[i]) * Double(b[i])
            scale += abs(Double(a[i]) * Double(b[i]))
        }
        return (l2, dot, scale)
    }

    @Test(arguments: VectorDistance.supported.map(\.name))
    func kernelsMatchPlainLoops(set: String) throws {
        let kernels = try #require(VectorDistance.supported.first { $0.name == set })
        var rng = SplitMix(99)
        for n in 1...1025 {
            // An offset of one float, so that no load is aligned.
            let a = (0...n).map { _ in rng.gaussian() }, b = (0...n).map { _ in rng.gaussian() }
            let expected = Self.reference(Array(a.dropFirst()), Array(b.dropFirst()))
            a.withUnsafeBytes { pa in
                b.withUnsafeBytes { pb in
                    let x = pa.baseAddress! + 4, y = pb.baseAddress! + 4
                    let l2 = kernels.squaredL2(x, y, n), dot = kernels.dot(x, y, n)
                    #expect(abs(Double(l2) - expected.l2) <= 1e-5 * expected.l2 + 1e-6, "\(kernels.name) n \(n): \(l2) vs \(expected.l2)")
                    #expect(abs(Double(dot) - expected.dot) <= 1e-5 * expected.scale + 1e-6, "\(kernels.name) n \(n): \(dot) vs \(expected.dot)")
                    #expect(kernels.distance(.dotProduct, x, y, n) == -dot)
                    #expect(kernels.distance(.cosine, x, y, n) == 1 - dot)
                    #expect(kernels.distance(.euclidean, x, y, n) == l2)
                }
            }
        }
    }

    /// The 8-bit code kernels of every instruction set agree with the
    /// baseline's scalar loop, and with the distances of the decoded vectors
    /// computed in Double, for every length from 1 to 1025 (each remainder
    /// and masked tail).
    @Test(arguments: VectorDistance.supported.map(\.name))
    func codeKernelsMatchTheScalarLoop(set: String) throws {
        let kernels = try #require(VectorDistance.supported.first { $0.name == set })
        let baseline = VectorDistance.baseline
        var rng = SplitMix(5)
        for n in 1...1025 {
            let quantizer = Quantizer.allocate(.scalar8, dimension: n)
            defer { quantizer.deallocate() }
            for i in 0..<n {
                quantizer.offset[i] = rng.gaussian()
                quantizer.scale[i] = abs(rng.gaussian()) / 64 + 1e-3
            }
            // An offset of one byte, so that no load is aligned.
            let a = (0...n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let b = (0...n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var l2: Double = 0, dot: Double = 0, scale: Double = 0
            for i in 0..<n {
                let x = Double(quantizer.offset[i]) + Double(quantizer.scale[i]) * Double(a[i + 1])
                let y = Double(quantizer.offset[i]) + Double(quantizer.scale[i]) * Double(b[i + 1])
                l2 += (x - y) * (x - y)
                dot += x * y
                scale += abs(x * y)
            }
            a.withUnsafeBytes { pa in
                b.withUnsafeBytes { pb in
                    let x = pa.baseAddress! + 1, y = pb.baseAddress! + 1
                    for metric in VectorMetric.allCases {
                        let wide = kernels.distance(metric, codes: x, y, quantizer)
                        let scalar = baseline.distance(metric, codes: x, y, quantizer)
                        let tolerance = metric == .euclidean ? 1e-5 * l2 + 1e-6 : 1e-5 * scale + 1e-6
                        #expect(abs(Double(wide) - Double(scalar)) <= tolerance, "\(kernels.name) \(metric) n \(n): \(wide) vs \(scalar)")
                    }
                    let codeL2 = kernels.distance(.euclidean, codes: x, y, quantizer)
                    let codeDot = -kernels.distance(.dotProduct, codes: x, y, quantizer)
                    #expect(abs(Double(codeL2) - l2) <= 1e-5 * l2 + 1e-6, "\(kernels.name) n \(n): \(codeL2) vs \(l2)")
                    #expect(abs(Double(codeDot) - dot) <= 1e-5 * scale + 1e-6, "\(kernels.name) n \(n): \(codeDot) vs \(dot)")
                }
            }
        }
    }

    /// The Hamming kernel of every instruction set counts the differing bits
    /// as a plain Swift loop does, for every length from 1 to 300 bytes.
    @Test(arguments: VectorDistance.supported.map(\.name))
    func hammingMatchesAPlainLoop(set: String) throws {
        let kernels = try #require(VectorDistance.supported.first { $0.name == set })
        var rng = SplitMix(8)
        for n in 1...300 {
            let a = (0...n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let b = (0...n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let expected = (1...n).reduce(0) { $0 + (a[$1] ^ b[$1]).nonzeroBitCount }
            a.withUnsafeBytes { pa in
                b.withUnsafeBytes { pb in
                    #expect(kernels.hamming(pa.baseAddress! + 1, pb.baseAddress! + 1, n) == Float(expected), "\(kernels.name) n \(n)")
                    #expect(kernels.hamming(pa.baseAddress! + 1, pa.baseAddress! + 1, n) == 0)
                }
            }
        }
    }

    @Test func theNativeKernelsAreTheWidestTheCPUHas() {
        #if arch(x86_64)
        #expect(["avx512f", "avx2+fma", "baseline"].contains(VectorDistance.native.name))
        #else
        #expect(VectorDistance.native.name == "baseline")
        #endif
        #expect(VectorDistance.baseline.name == "baseline")
        #expect(VectorDistance.supported.first?.name == VectorDistance.native.name)
        #expect(VectorDistance.supported.last?.name == "baseline")
    }
}
