import ToonCore

/// How an ``HNSWIndex`` stores its vectors.
///
/// - ``none``: the vectors themselves, 4 bytes per component.
/// - ``scalar8``: one byte per component. Each dimension's range is learnt
///   from the first batch inserted into an empty index (its minimum and
///   maximum; a dimension with one value gets that value ± 1), and a
///   component is stored as the nearest of 256 evenly spaced values in it
///   (values outside are clamped). The graph is built and walked on these
///   codes; a search re-ranks its best candidates with the full-precision
///   vectors when the caller supplies them (see
///   ``HNSWIndex/search(_:k:efSearch:filter:rerank:vectors:)``). Rebuilding
///   the index (a new index over all the vectors) retrains the ranges.
public enum VectorQuantization: String, Sendable, Codable, CaseIterable {
    case none
    case scalar8

    /// The code in an index file's header (FORMAT.md).
    var code: UInt32 {
        switch self {
        case .none: 0
        case .scalar8: 1
        }
    }

    init?(code: UInt32) {
        switch code {
        case 0: self = .none
        case 1: self = .scalar8
        default: return nil
        }
    }

    /// Bytes one stored vector of `dimension` components takes in the index.
    public func vectorBytes(dimension: Int) -> Int {
        switch self {
        case .none: 4 * dimension
        case .scalar8: dimension
        }
    }
}

/// The per-dimension ranges of a ``VectorQuantization/scalar8`` index:
/// component `i` of code `c` decodes to `offset[i] + scale[i]·c`. The
/// buffers belong to the index (allocated with it, freed by it); they are
/// written once, when the index is trained, before any element exists.
struct ScalarQuantizer {
    let scale: UnsafeMutablePointer<Float>
    let offset: UnsafeMutablePointer<Float>
    let dimension: Int

    static func allocate(dimension: Int) -> ScalarQuantizer {
        let q = ScalarQuantizer(scale: .allocate(capacity: dimension), offset: .allocate(capacity: dimension),
                                dimension: dimension)
        q.scale.initialize(repeating: 0, count: dimension)
        q.offset.initialize(repeating: 0, count: dimension)
        return q
    }

    func deallocate() {
        scale.deallocate()
        offset.deallocate()
    }

    /// Learns each dimension's range from `rows` (row-major, `dimension` floats each).
    func train(_ rows: UnsafeBufferPointer<Float>) {
        let n = rows.count / dimension
        guard n > 0 else { return }
        for i in 0..<dimension {
            var lo = rows[i], hi = rows[i]
            for r in 1..<n {
                let x = rows[r * dimension + i]
                lo = min(lo, x)
                hi = max(hi, x)
            }
            if hi - lo <= Float.ulpOfOne * max(abs(lo), abs(hi), 1) {
                lo -= 1
                hi += 1
            }
            offset[i] = lo
            scale[i] = (hi - lo) / 255
        }
    }

    /// Writes the codes of `v` (`dimension` floats) to `out`.
    func encode(_ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<UInt8>) {
        for i in 0..<dimension {
            // An untrained quantizer (scale 0) holds no elements: any code will do.
            let c = scale[i] > 0 ? ((v[i] - offset[i]) / scale[i]).rounded() : 0
            out[i] = UInt8(min(max(c, 0), 255))
        }
    }

    /// The vector code `c` stands for.
    func decode(_ c: UnsafePointer<UInt8>) -> [Float] {
        (0..<dimension).map { offset[$0] + scale[$0] * Float(c[$0]) }
    }
}

/// How two stored vectors of an index compare: full-precision floats with
/// the float kernels, or the codes of its ``ScalarQuantizer`` with the code kernels.
struct VectorSpace {
    let kernels: VectorDistance
    let metric: VectorMetric
    let dimension: Int
    let quantizer: ScalarQuantizer?

    @inline(__always)
    func distance(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Float {
        if let quantizer { return kernels.distance(metric, codes: a, b, quantizer) }
        return kernels.distance(metric, a, b, dimension)
    }

    /// `|x|²` of a stored vector (decoded, for codes).
    func squaredNorm(_ a: UnsafeRawPointer) -> Float {
        if let quantizer { return kernels.squaredNorm(codes: a, quantizer) }
        return kernels.dot(a, a, dimension)
    }
}
