/// SIMD distance kernels over raw float storage. Loads are unaligned
/// `SIMD16<Float>` (then `SIMD8`, then scalar for the remainder), with two
/// accumulators so that consecutive multiply-adds do not wait on each other
/// (plain multiply and add: `addProduct` would call a software `fma` when
/// the target CPU lacks FMA).
enum VectorDistance {
    /// `Σ (aᵢ − bᵢ)²` over `count` floats.
    @inline(__always) @_optimize(speed)
    static func squaredL2(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var i = 0
        let bytes = count &* 4
        while i &+ 128 <= bytes {
            let d0 = a.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
                - b.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
            let d1 = a.loadUnaligned(fromByteOffset: i &+ 64, as: SIMD16<Float>.self)
                - b.loadUnaligned(fromByteOffset: i &+ 64, as: SIMD16<Float>.self)
            acc0 += d0 * d0
            acc1 += d1 * d1
            i &+= 128
        }
        if i &+ 64 <= bytes {
            let d0 = a.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
                - b.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
            acc0 += d0 * d0
            i &+= 64
        }
        acc0 += acc1
        var acc8 = acc0.lowHalf + acc0.highHalf
        if i &+ 32 <= bytes {
            let d = a.loadUnaligned(fromByteOffset: i, as: SIMD8<Float>.self)
                - b.loadUnaligned(fromByteOffset: i, as: SIMD8<Float>.self)
            acc8 += d * d
            i &+= 32
        }
        var sum = acc8.sum()
        while i < bytes {
            let d = a.load(fromByteOffset: i, as: Float.self) - b.load(fromByteOffset: i, as: Float.self)
            sum += d * d
            i &+= 4
        }
        return sum
    }

    /// `Σ aᵢ·bᵢ` over `count` floats.
    @inline(__always) @_optimize(speed)
    static func dot(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var i = 0
        let bytes = count &* 4
        while i &+ 128 <= bytes {
            acc0 += a.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self) * b.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
            acc1 += a.loadUnaligned(fromByteOffset: i &+ 64, as: SIMD16<Float>.self) * b.loadUnaligned(fromByteOffset: i &+ 64, as: SIMD16<Float>.self)
            i &+= 128
        }
        if i &+ 64 <= bytes {
            acc0 += a.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self) * b.loadUnaligned(fromByteOffset: i, as: SIMD16<Float>.self)
            i &+= 64
        }
        acc0 += acc1
        var acc8 = acc0.lowHalf + acc0.highHalf
        if i &+ 32 <= bytes {
            acc8 += a.loadUnaligned(fromByteOffset: i, as: SIMD8<Float>.self) * b.loadUnaligned(fromByteOffset: i, as: SIMD8<Float>.self)
            i &+= 32
        }
        var sum = acc8.sum()
        while i < bytes {
            sum += a.load(fromByteOffset: i, as: Float.self) * b.load(fromByteOffset: i, as: Float.self)
            i &+= 4
        }
        return sum
    }

    /// The distance of `metric` between two stored (for cosine: normalised) vectors.
    @inline(__always)
    static func distance(_ metric: VectorMetric, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Float {
        switch metric {
        case .euclidean: squaredL2(a, b, count)
        case .cosine: 1 - dot(a, b, count)
        case .dotProduct: -dot(a, b, count)
        }
    }
}
