import ToonCore
import ToonIndex

/// The file formats of bulk vectors.
package enum VectorFileFormat: String, Sendable, CaseIterable, Codable {
    /// NumPy `.npy`: float32 or float64 (converted), C order, versions 1.0–3.0.
    case npy
    /// Raw little-endian float32 values, row after row; needs the dimension.
    case rawF32 = "raw_f32"
    /// ANN-benchmark `.fvecs`: each row is an int32 dimension then that many float32.
    case fvecs

    /// The format a path's extension names: `.npy`, `.fvecs`, anything else raw float32.
    package static func guess(path: String) -> VectorFileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".npy") { return .npy }
        if lower.hasSuffix(".fvecs") { return .fvecs }
        return .rawF32
    }
}

/// A row-major matrix of vectors read from or written to a file.
package struct VectorMatrix: Sendable, Equatable {
    /// The number of rows.
    package var rows: Int
    /// The number of components per row.
    package var dimension: Int
    /// `rows × dimension` values, row after row.
    package var values: [Float]

    /// A matrix; `values.count` must be `rows × dimension`.
    package init(rows: Int, dimension: Int, values: [Float]) {
        self.rows = rows
        self.dimension = dimension
        self.values = values
    }
}

/// Reading and writing bulk vector files.
package enum VectorFile {
    /// Reads the vectors of `path` in `format` (guessed from the extension
    /// when nil). `dimension` is required for raw float32 and, when given,
    /// checked against the dimension `.npy` and `.fvecs` files declare.
    package static func read(path: String, format: VectorFileFormat? = nil, dimension: Int?) throws -> VectorMatrix {
        if let dimension, dimension < 1 || dimension > HNSWParameters.maxDimension {
            throw ToonDBError(.invalidArgument, "dimension \(dimension) is out of range",
                              remediation: "use a dimension from 1 to \(HNSWParameters.maxDimension)")
        }
        let matrix: VectorMatrix
        switch format ?? .guess(path: path) {
        case .npy: matrix = try readNumpy(path)
        case .rawF32: matrix = try readRaw(path, dimension: dimension)
        case .fvecs: matrix = try readFvecs(path)
        }
        if let dimension, matrix.dimension != dimension {
            throw ToonDBError(.dimensionMismatch, "\(path) holds vectors of dimension \(matrix.dimension), not \(dimension)",
                              remediation: "pass --dimension \(matrix.dimension), or use the file made for dimension \(dimension)")
        }
        return matrix
    }

    /// Writes `matrix` to `path` in `format` atomically (see ``FileSystem/replaceAtomically(_:_:)``).
    package static func write(_ matrix: VectorMatrix, to path: String, format: VectorFileFormat,
                             fileSystem: any FileSystem = PosixFileSystem()) throws {
        var bytes: [UInt8]
        switch format {
        case .npy:
            bytes = NumpyArray.encode(matrix.values, rows: matrix.rows, dimension: matrix.dimension)
        case .rawF32:
            bytes = []
            bytes.reserveCapacity(matrix.values.count * 4)
            for v in matrix.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        case .fvecs:
            bytes = []
            bytes.reserveCapacity(matrix.rows * (matrix.dimension + 1) * 4)
            for r in 0..<matrix.rows {
                withUnsafeBytes(of: Int32(matrix.dimension).littleEndian) { bytes += $0 }
                for v in matrix.values[(r * matrix.dimension)..<((r + 1) * matrix.dimension)] {
                    withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 }
                }
            }
        }
        try fileSystem.replaceAtomically(path, with: bytes)
    }

    /// Every byte of a file.
    static func readAll(_ path: String) throws -> [UInt8] {
        let fs = PosixFileSystem()
        guard fs.fileExists(path) else {
            throw ToonDBError(.notFound, "\(path) does not exist", remediation: "check the path")
        }
        guard !fs.isDirectory(path) else {
            throw ToonDBError(.invalidArgument, "\(path) is a directory, not a vector file", remediation: "name a file")
        }
        return try fs.readAll(path)
    }

    private static func readNumpy(_ path: String) throws -> VectorMatrix {
        let array = try NumpyArray.read(path: path)
        guard array.descr == "<f4" || array.descr == "<f8" else {
            throw ToonDBError(.invalidArgument, "\(path) holds elements of type \(array.descr), not float32 or float64",
                              remediation: "convert it with array.astype(numpy.float32) before saving")
        }
        let rows: Int, dimension: Int
        switch array.shape.count {
        case 1: (rows, dimension) = (1, array.shape[0])
        case 2: (rows, dimension) = (array.shape[0], array.shape[1])
        default:
            throw ToonDBError(.invalidArgument, "\(path) has \(array.shape.count) dimensions; a matrix (rows, dimension) is expected",
                              remediation: "reshape it to two dimensions before saving")
        }
        guard dimension > 0 else {
            throw ToonDBError(.invalidArgument, "\(path) has vectors of dimension 0", remediation: "save non-empty vectors")
        }
        return VectorMatrix(rows: rows, dimension: dimension, values: try array.floats())
    }

    private static func readRaw(_ path: String, dimension: Int?) throws -> VectorMatrix {
        guard let dimension else {
            throw ToonDBError(.invalidArgument, "\(path) is raw float32, which does not record its dimension",
                              remediation: "pass --dimension")
        }
        let bytes = try readAll(path)
        guard bytes.count % (4 * dimension) == 0 else {
            throw ToonDBError(.invalidArgument,
                              "\(path) has \(bytes.count) bytes, not a whole number of \(dimension)-float rows (\(4 * dimension) bytes each)",
                              remediation: "check --dimension and that the file is raw little-endian float32")
        }
        let values = bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return VectorMatrix(rows: bytes.count / (4 * dimension), dimension: dimension, values: values)
    }

    private static func readFvecs(_ path: String) throws -> VectorMatrix {
        let bytes = try readAll(path)
        var values: [Float] = []
        var rows = 0, dimension = 0, offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                guard raw.count - offset >= 4 else {
                    throw ToonDBError(.invalidArgument, "\(path) is truncated at offset \(offset)", remediation: "check the file")
                }
                let d = Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                if rows == 0 {
                    guard d > 0, d <= HNSWParameters.maxDimension else {
                        throw ToonDBError(.invalidArgument, "\(path) declares dimension \(d) at offset 0", remediation: "check that it is an .fvecs file")
                    }
                    dimension = d
                    values.reserveCapacity(raw.count / (4 * (d + 1)) * d)
                }
                guard d == dimension else {
                    throw ToonDBError(.invalidArgument, "\(path) row \(rows) at offset \(offset) has dimension \(d), not \(dimension)",
                                      remediation: "every row of an .fvecs file must have the same dimension")
                }
                guard raw.count - offset - 4 >= 4 * d else {
                    throw ToonDBError(.invalidArgument, "\(path) is truncated in row \(rows) at offset \(offset)", remediation: "check the file")
                }
                for j in 0..<d {
                    values.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 + 4 * j, as: UInt32.self))))
                }
                offset += 4 + 4 * d
                rows += 1
            }
        }
        guard rows > 0 else {
            throw ToonDBError(.invalidArgument, "\(path) is empty", remediation: "check the file")
        }
        return VectorMatrix(rows: rows, dimension: dimension, values: values)
    }
}
