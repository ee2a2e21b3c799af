import ToonCore

/// A NumPy `.npy` array (format versions 1.0, 2.0 and 3.0): its element type,
/// its shape and its raw little-endian data, in C (row-major) order.
package struct NumpyArray: Sendable {
    /// The element type as NumPy writes it (`<f4`, `<f8`, `<i4`, …).
    package var descr: String
    /// The dimensions.
    package var shape: [Int]
    /// The element bytes, little-endian, row-major.
    package var data: [UInt8]

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads and checks `path`: float32, float64, int32 and int64 in C order are accepted.
    package static func read(path: String) throws -> NumpyArray {
        let bytes = try VectorFile.readAll(path)
        func bad(_ detail: String) -> ToonDBError {
            ToonDBError(.invalidArgument, "\(path) is not a usable .npy file: \(detail)",
                        remediation: "save a C-order float32 array with numpy.save")
        }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw bad("it lacks the \\x93NUMPY magic") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw bad("the header is truncated") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw bad("format version \(major).\(bytes[7]) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard bytes.count >= headerStart + headerLength else { throw bad("the header is truncated") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field("descr", in: header).map({ $0.trimmingQuotes }) else { throw bad("the header has no descr") }
        guard let fortran = field("fortran_order", in: header) else { throw bad("the header has no fortran_order") }
        guard fortran == "False" else {
            throw ToonDBError(.invalidArgument, "\(path) is stored in Fortran (column-major) order",
                              remediation: "save it in C order: numpy.save(path, numpy.ascontiguousarray(a))")
        }
        guard let shapeText = field("shape", in: header) else { throw bad("the header has no shape") }
        let shape = shapeText.trimmingCharacters(in: "()").split(separator: ",")
            .map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }.compactMap { Int($0) }
        guard ["<f4", "<f8", "<i4", "<i8"].contains(descr) else {
            throw ToonDBError(.invalidArgument, "\(path) holds elements of type \(descr), not float32, float64, int32 or int64",
                              remediation: "convert it with array.astype(numpy.float32) before saving")
        }
        let elementSize = descr.hasSuffix("8") ? 8 : 4
        var needed = elementSize
        for d in shape {
            let (product, overflow) = needed.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow else { throw bad("its shape \(shapeText) is out of range") }
            needed = product
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart == needed else {
            throw bad("its shape \(shapeText) needs \(needed) data bytes, it has \(bytes.count - dataStart)")
        }
        return NumpyArray(descr: descr, shape: shape, data: Array(bytes[dataStart...]))
    }

    /// The value of `key` in a NumPy header dictionary (`{'descr': '<f4', …}`).
    private static func field(_ key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        var rest = header[keyRange.upperBound...].drop(while: { $0 == " " })
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        if let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) { rest = rest[..<end] }
        return rest.trimmingCharacters(in: " ")
    }

    /// The elements converted to Float (float64 rounded to the nearest float32).
    package func floats() throws -> [Float] {
        data.withUnsafeBytes { raw in
            let n = raw.count / (descr.hasSuffix("8") ? 8 : 4)
            switch descr {
            case "<f8": return (0..<n).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))) }
            case "<i4": return (0..<n).map { Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case "<i8": return (0..<n).map { Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
            default: return (0..<n).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }
    }

    /// The elements as integers (for id arrays such as ground truth); floats are truncated.
    package func integers() throws -> [Int] {
        switch descr {
        case "<i4":
            return data.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) } }
        case "<i8":
            return data.withUnsafeBytes { raw in (0..<(raw.count / 8)).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) } }
        default:
            return try floats().map { Int($0) }
        }
    }

    /// A float32 `.npy` file (version 1.0) holding `rows × dimension` values.
    package static func encode(_ values: [Float], rows: Int, dimension: Int) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        // Pad so that the data starts on a 64-byte boundary; the header ends with a newline.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out = magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        out += Array(header.utf8)
        out.reserveCapacity(out.count + values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        return out
    }
}

extension StringProtocol {
    fileprivate var trimmingQuotes: String { trimmingCharacters(in: "'\"") }

    fileprivate func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
