import Foundation
import Testing
import ToonBulk
import ToonCore
import ToonIndex
import ToonTestSupport

/// Vector files (.npy, raw float32, .fvecs) and the bulk build/query/info API.
@Suite struct BulkFileTests {
    static let matrix = VectorMatrix(rows: 3, dimension: 4, values: (0..<12).map { Float($0) * 0.5 - 2 })

    func code(_ body: () throws -> Void) -> ErrorCode? {
        do { try body() } catch let e as ToonDBError { return e.code } catch { return .internalError }
        return nil
    }

    /// A hand-made .npy file with `header` and `data`.
    func npy(_ header: String, _ data: [UInt8], major: UInt8 = 1) -> [UInt8] {
        var h = header
        while (10 + (major == 1 ? 0 : 2) + h.utf8.count + 1) % 64 != 0 { h += " " }
        h += "\n"
        let n = h.utf8.count
        let length: [UInt8] = major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + Array(h.utf8) + data
    }

    @Test func everyFormatRoundTrips() throws {
        let dir = TemporaryDirectory("toondb-bulk")
        defer { withExtendedLifetime(dir) {} }
        for format in VectorFileFormat.allCases {
            let path = dir.file("v." + (format == .rawF32 ? "raw" : format.rawValue))
            try VectorFile.write(Self.matrix, to: path, format: format)
            #expect(try VectorFile.read(path: path, dimension: 4) == Self.matrix, "\(format)")
            #expect(try VectorFile.read(path: path, format: format, dimension: 4) == Self.matrix)
        }
        // npy and fvecs record their dimension; raw needs it and checks it.
        #expect(try VectorFile.read(path: dir.file("v.npy"), dimension: nil).dimension == 4)
        #expect(code { _ = try VectorFile.read(path: dir.file("v.npy"), dimension: 5) } == .dimensionMismatch)
        #expect(code { _ = try VectorFile.read(path: dir.file("v.raw"), dimension: nil) } == .invalidArgument)
        #expect(code { _ = try VectorFile.read(path: dir.file("v.raw"), dimension: 5) } == .invalidArgument)
        #expect(try VectorFile.read(path: dir.file("v.raw"), dimension: 2).rows == 6)
        #expect(code { _ = try VectorFile.read(path: dir.file("none.npy"), dimension: 4) } == .notFound)
    }

    @Test func numpyVersionsTypesAndOrders() throws {
        let dir = TemporaryDirectory("toondb-bulk")
        defer { withExtendedLifetime(dir) {} }
        let f64 = [1.5, -2.25].flatMap { withUnsafeBytes(of: ($0 as Double).bitPattern.littleEndian, Array.init) }
        let path = dir.file("a.npy")
        try Data(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", f64, major: 2)).write(to: URL(fileURLWithPath: path))
        #expect(try VectorFile.read(path: path, dimension: 2).values == [1.5, -2.25])
        try Data(npy("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }", f64)).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
        try Data(npy("{'descr': '<i2', 'fortran_order': False, 'shape': (1, 2), }", [1, 0, 2, 0])).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
        try Data(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0, 2, 0, 0, 0])).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
        #expect(try NumpyArray.read(path: path).integers() == [1, 2])
        try Data(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", [0, 0, 0, 0])).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
        try Data(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (9999999999999, 9999999999999), }", [0, 0, 0, 0]))
            .write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
        try Data("plain text, not numpy".utf8).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: 2) } == .invalidArgument)
    }

    @Test func fvecsRowsMustAgree() throws {
        let dir = TemporaryDirectory("toondb-bulk")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("bad.fvecs")
        var bytes: [UInt8] = []
        for d in [2, 3] {
            withUnsafeBytes(of: Int32(d).littleEndian) { bytes += $0 }
            for _ in 0..<d { withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { bytes += $0 } }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: nil) } == .invalidArgument)
        try Data(bytes.prefix(10)).write(to: URL(fileURLWithPath: path))
        #expect(code { _ = try VectorFile.read(path: path, dimension: nil) } == .invalidArgument)
    }

    @Test func buildQueryAndInfo() throws {
        let dir = TemporaryDirectory("toondb-bulk")
        defer { withExtendedLifetime(dir) {} }
        let data = VectorTestData(count: 400, dimension: 8, queries: 5, seed: 17)
        let input = dir.file("base.npy"), queries = dir.file("q.fvecs"), output = dir.file("index.hnsw")
        try VectorFile.write(VectorMatrix(rows: 400, dimension: 8, values: data.rows.flatMap { $0 }), to: input, format: .npy)
        try VectorFile.write(VectorMatrix(rows: 5, dimension: 8, values: data.queries.flatMap { $0 }), to: queries, format: .fvecs)
        var reports: [Int] = []
        let stats = try bulkBuildIndex(input: input, output: output, dimension: 8, m: 8, efConstruction: 40,
                                       metric: .euclidean, threads: 2, progress: { done, total in
                                           #expect(total == 400)
                                           reports.append(done)
                                       })
        #expect(stats.vectors == 400 && stats.threads == 2 && stats.vectorsPerSecond > 0)
        #expect(reports.last == 400)
        let result = try bulkQueryIndex(index: output, query: queries, k: 3, efSearch: 50)
        #expect(result.rows.count == 5)
        let index = try HNSWIndex.load(from: output)
        for (i, q) in data.queries.enumerated() {
            #expect(result.rows[i] == (try index.search(q, k: 3, efSearch: 50)))
            #expect(result.rows[i].map(\.label) == (try index.exactSearch(q, k: 3)).map(\.label))
        }
        let info = try bulkInfo(index: output)
        #expect(info.vectors == 400 && info.dimension == 8 && info.metric == .euclidean && info.m == 8 && info.efConstruction == 40)
        #expect(info.fileBytes > 400 * 8 * 4 && info.deleted == 0 && info.maxLevel >= 0)
        #expect(code { _ = try bulkBuildIndex(input: input, output: output, dimension: 9) } == .dimensionMismatch)
        #expect(code { _ = try bulkBuildIndex(input: input, output: output, dimension: 8, m: 1) } == .invalidArgument)
        #expect(code { _ = try bulkBuildIndex(input: input, output: output, dimension: 8, threads: 0) } == .invalidArgument)
        #expect(code { _ = try bulkQueryIndex(index: output, query: queries, k: 0) } == .invalidArgument)
        #expect(code { _ = try bulkInfo(index: input) } == .corruption)
    }
}
