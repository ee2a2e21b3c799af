internal import CVectorKernels

/// The distance kernels of one instruction set: C functions (target
/// CVectorKernels) compiled for AVX-512F, for AVX2 with FMA and for the
/// baseline of the architecture, so that one portable binary uses the widest
/// registers the CPU has. ``native`` asks the CPU once per process; an index
/// and the walks keep a copy, so the hot loops make one indirect call per
/// distance and no other check.
struct VectorDistance: @unchecked Sendable {
    private let squaredL2Kernel: @convention(c) (UnsafePointer<Float>?, UnsafePointer<Float>?, Int) -> Float
    private let dotKernel: @convention(c) (UnsafePointer<Float>?, UnsafePointer<Float>?, Int) -> Float
    private typealias CodeKernel = @convention(c) (UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, UnsafePointer<Float>?,
                                                   UnsafePointer<Float>?, Int) -> Float
    private let codeSquaredL2Kernel: CodeKernel
    private let codeDotKernel: CodeKernel
    private let hammingKernel: @convention(c) (UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, Int) -> Float
    /// "avx512f", "avx2+fma" or "baseline".
    let name: String

    /// The widest kernels this CPU runs.
    static let native = VectorDistance(toon_vector_kernels())
    /// The kernels every CPU of the architecture runs.
    static let baseline = VectorDistance(toon_vector_kernels_baseline())

    /// Every kernel set this CPU runs, widest first (the last is ``baseline``).
    static var supported: [VectorDistance] {
        var sets = [toon_vector_kernel_set](repeating: toon_vector_kernels_baseline(), count: 4)
        let n = toon_vector_kernel_sets(&sets, sets.count)
        return sets.prefix(min(n, sets.count)).map(VectorDistance.init)
    }

    private init(_ set: toon_vector_kernel_set) {
        squaredL2Kernel = set.squared_l2
        dotKernel = set.dot
        codeSquaredL2Kernel = set.code_squared_l2
        codeDotKernel = set.code_dot
        hammingKernel = set.hamming
        name = String(cString: set.name)
    }

    /// `Σ (aᵢ − bᵢ)²` over `count` floats.
    @inline(__always)
    func squaredL2(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        squaredL2Kernel(a.assumingMemoryBound(to: Float.self), b.assumingMemoryBound(to: Float.self), count)
    }

    /// `Σ aᵢ·bᵢ` over `count` floats.
    @inline(__always)
    func dot(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        dotKernel(a.assumingMemoryBound(to: Float.self), b.assumingMemoryBound(to: Float.self), count)
    }

    /// The distance of `metric` between two stored (for cosine: normalised) vectors.
    @inline(__always)
    func distance(_ metric: VectorMetric, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        switch metric {
        case .euclidean: squaredL2(a, b, count)
        case .cosine: 1 - dot(a, b, count)
        case .dotProduct: -dot(a, b, count)
        }
    }

    /// The distance of `metric` between two vectors of 8-bit codes of `quantizer`
    /// (``VectorQuantization/scalar8``), measured between the decoded vectors.
    @inline(__always)
    func distance(_ metric: VectorMetric, codes a: UnsafeRawPointer, _ b: UnsafeRawPointer,
                  _ quantizer: Quantizer) -> Float {
        let x = a.assumingMemoryBound(to: UInt8.self), y = b.assumingMemoryBound(to: UInt8.self)
        switch metric {
        case .euclidean: return codeSquaredL2Kernel(x, y, quantizer.scale, quantizer.offset, quantizer.dimension)
        case .cosine: return 1 - codeDotKernel(x, y, quantizer.scale, quantizer.offset, quantizer.dimension)
        case .dotProduct: return -codeDotKernel(x, y, quantizer.scale, quantizer.offset, quantizer.dimension)
        }
    }

    /// `|x|²` of a decoded code vector.
    @inline(__always)
    func squaredNorm(codes a: UnsafeRawPointer, _ quantizer: Quantizer) -> Float {
        let x = a.assumingMemoryBound(to: UInt8.self)
        return codeDotKernel(x, x, quantizer.scale, quantizer.offset, quantizer.dimension)
    }

    /// The number of differing bits of two `bytes`-byte bit strings.
    @inline(__always)
    func hamming(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ bytes: Int) -> Float {
        hammingKernel(a.assumingMemoryBound(to: UInt8.self), b.assumingMemoryBound(to: UInt8.self), bytes)
    }
}
