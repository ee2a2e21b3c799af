import ToonCore

/// How an ``HNSWIndex`` stores its vectors.
///
/// - ``none``: the vectors themselves, 4 bytes per component.
/// - ``scalar8``: one byte per component. Each dimension's range is learnt
///   from the first batch inserted into an empty index (its minimum and
///   maximum; a dimension with one value gets that value ± 1), and a
///   component is stored as the nearest of 256 evenly spaced values in it
///   (values outside are clamped).
/// - ``binary``: one bit per component (dimensions of 256 or more): whether
///   it lies above its dimension's mean over the first batch (the sign of the
///   centred component). Codes are compared by Hamming distance; a code
///   decodes to the mean ± the mean absolute deviation of each dimension.
///
/// A quantized graph is built and walked on the codes; a search re-ranks its
/// best candidates with the full-precision vectors when the caller supplies
/// them (see ``HNSWIndex/search(_:k:efSearch:filter:rerank:vectors:)``).
/// Rebuilding the index (a new index over all the vectors) retrains it.
public enum VectorQuantization: String, Sendable, Codable, CaseIterable {
    case none
    case scalar8
    case binary

    /// The smallest dimension ``binary`` accepts: fewer bits say too little.
    public static let binaryMinimumDimension = 256

    /// The code in an index file's header (FORMAT.md).
    var code: UInt32 {
        switch self {
        case .none: 0
        case .scalar8: 1
        case .binary: 2
        }
    }

    init?(code: UInt32) {
        switch code {
        case 0: self = .none
        case 1: self = .scalar8
        case 2: self = .binary
        default: return nil
        }
    }

    /// Bytes one stored vector of `dimension` components takes in the index.
    package func vectorBytes(dimension: Int) -> Int {
        switch self {
        case .none: 4 * dimension
        case .scalar8: dimension
        case .binary: (dimension + 7) / 8
        }
    }
}

/// The per-dimension parameters of a quantized index. Under
/// ``VectorQuantization/scalar8`` component `i` of code `c` decodes to
/// `offset[i] + scale[i]·c`; under ``VectorQuantization/binary`` bit `i` is
/// set when the component exceeds `offset[i]` (the mean) and decodes to
/// `offset[i] ± scale[i]` (the mean absolute deviation). The buffers belong
/// to the index (allocated with it, freed by it); they are written once,
/// when the index is trained, before any element exists.
struct Quantizer {
    let kind: VectorQuantization
    let scale: UnsafeMutablePointer<Float>
    let offset: UnsafeMutablePointer<Float>
    let dimension: Int
    /// Bytes of one code.
    let codeBytes: Int

    static func allocate(_ kind: VectorQuantization, dimension: Int) -> Quantizer {
        let q = Quantizer(kind: kind, scale: .allocate(capacity: dimension), offset: .allocate(capacity: dimension),
                          dimension: dimension, codeBytes: kind.vectorBytes(dimension: dimension))
        q.scale.initialize(repeating: 0, count: dimension)
        q.offset.initialize(repeating: 0, count: dimension)
        return q
    }

    func deallocate() {
        scale.deallocate()
        offset.deallocate()
    }

    /// Learns each dimension's parameters from `rows` (row-major, `dimension` floats each).
    func train(_ rows: UnsafeBufferPointer<Float>) {
        let n = rows.count / dimension
        guard n > 0 else { return }
        for i in 0..<dimension {
            if kind == .binary {
                var sum: Double = 0
                for r in 0..<n { sum += Double(rows[r * dimension + i]) }
                let mean = sum / Double(n)
                var deviation: Double = 0
                for r in 0..<n { deviation += abs(Double(rows[r * dimension + i]) - mean) }
                offset[i] = Float(mean)
                scale[i] = max(Float(deviation / Double(n)), .leastNormalMagnitude)
                continue
            }
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

    /// Writes the code of `v` (`dimension` floats) to `out` (``codeBytes`` bytes).
    func encode(_ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<UInt8>) {
        if kind == .binary {
            out.initialize(repeating: 0, count: codeBytes)
            for i in 0..<dimension where v[i] > offset[i] { out[i >> 3] |= 1 << UInt8(i & 7) }
            return
        }
        for i in 0..<dimension {
            // An untrained quantizer (scale 0) holds no elements: any code will do.
            let c = scale[i] > 0 ? ((v[i] - offset[i]) / scale[i]).rounded() : 0
            out[i] = UInt8(min(max(c, 0), 255))
        }
    }

    /// The vector code `c` stands for.
    func decode(_ c: UnsafePointer<UInt8>) -> [Float] {
        if kind == .binary {
            return (0..<dimension).map { offset[$0] + (c[$0 >> 3] & (1 << UInt8($0 & 7)) != 0 ? scale[$0] : -scale[$0]) }
        }
        return (0..<dimension).map { offset[$0] + scale[$0] * Float(c[$0]) }
    }
}

/// How two stored vectors of an index compare: full-precision floats with
/// the float kernels, 8-bit codes of its ``Quantizer`` with the code
/// kernels, or 1-bit codes by Hamming distance.
struct VectorSpace {
    let kernels: VectorDistance
    let metric: VectorMetric
    let dimension: Int
    let quantizer: Quantizer?

    @inline(__always)
    func distance(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Float {
        guard let quantizer else { return kernels.distance(metric, a, b, dimension) }
        if quantizer.kind == .binary { return kernels.hamming(a, b, quantizer.codeBytes) }
        return kernels.distance(metric, codes: a, b, quantizer)
    }

    /// `|x|²` of a stored vector (decoded, for 8-bit codes). Binary codes
    /// have none (0): their walks measure Hamming distances under every
    /// metric, so an inner-product index is not lifted (GraphView.lifted).
    func squaredNorm(_ a: UnsafeRawPointer) -> Float {
        guard let quantizer else { return kernels.dot(a, a, dimension) }
        if quantizer.kind == .binary { return 0 }
        return kernels.squaredNorm(codes: a, quantizer)
    }
}
