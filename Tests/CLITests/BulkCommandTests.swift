import Foundation
import Testing
import ToonTestSupport

/// Black-box tests of `toondb-bulk` (toondb-bulk(1)): the built binary, its exit
/// status, its output and the files it writes; and its man page.
@Suite struct BulkCommandTests {
    static func bulk(_ arguments: String...) throws -> Binaries.Result {
        try Binaries.run("toondb-bulk", arguments)
    }

    /// `rows` vectors of `dimension` floats: row i is (i, i/2, −i, 1, …).
    static func vectors(rows: Int, dimension: Int) -> [[Float]] {
        (0..<rows).map { i -> [Float] in
            let x = Float(i)
            return (0..<dimension).map { j -> Float in
                switch j {
                case 0: return x
                case 1: return x / 2
                case 2: return -x
                default: return Float(j % 3 + 1)
                }
            }
        }
    }

    static func raw(_ rows: [[Float]]) -> Data {
        var d = Data()
        for r in rows { for v in r { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } } }
        return d
    }

    static func fvecs(_ rows: [[Float]]) -> Data {
        var d = Data()
        for r in rows {
            withUnsafeBytes(of: Int32(r.count).littleEndian) { d.append(contentsOf: $0) }
            for v in r { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        }
        return d
    }

    static func npy(_ rows: [[Float]], descr: String = "<f4", fortran: Bool = false) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': (\(rows.count), \(rows[0].count)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        d.append(contentsOf: Array(header.utf8))
        d.append(raw(rows))
        return d
    }

    /// Exit status `status`, nothing on stdout, one line `toondb-bulk: …` holding `fragments` on stderr.
    func expectError(_ r: Binaries.Result, status: Int32 = 1, _ fragments: String...,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "exit status \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("toondb-bulk: ") && r.stderr.hasSuffix("\n") && r.stderr.filter({ $0 == "\n" }).count == 1,
                "expected one line on stderr, got \(r.stderr.debugDescription)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(r.stderr.contains(f), "stderr lacks \(f): \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
    }

    @Test func buildQueryInfoAndConvert() throws {
        let dir = TemporaryDirectory("toondb-bulk-cli")
        defer { withExtendedLifetime(dir) {} }
        let rows = Self.vectors(rows: 300, dimension: 6)
        try Self.raw(rows).write(to: URL(fileURLWithPath: dir.file("base.raw")))
        try Self.fvecs(Array(rows[10..<13])).write(to: URL(fileURLWithPath: dir.file("q.fvecs")))
        let index = dir.file("index.hnsw")

        let build = try Self.bulk("build-index", "--input", dir.file("base.raw"), "--output", index, "--dimension", "6",
                                  "--m", "8", "--ef-construction", "50", "--metric", "euclidean", "--threads", "2", "--json")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.isEmpty, "progress must be silent when stderr is piped: \(build.stderr)")
        let stats = try json(try #require(lines(build.stdout).first))
        #expect(stats["vectors"] as? Int == 300 && stats["threads"] as? Int == 2 && stats["m"] as? Int == 8)
        #expect(stats["ef_construction"] as? Int == 50 && stats["metric"] as? String == "euclidean")
        #expect((stats["build_seconds"] as? Double ?? -1) >= 0 && (stats["vectors_per_second"] as? Double ?? 0) > 0)

        let query = try Self.bulk("query", "--index", index, "--query", dir.file("q.fvecs"), "--k", "4", "--ef-search", "32", "--json")
        #expect(query.status == 0, "\(query.stderr)")
        let answers = lines(query.stdout)
        #expect(answers.count == 3)
        for (i, line) in answers.enumerated() {
            let object = try json(line)
            let ids = try #require(object["ids"] as? [Int]), distances = try #require(object["distances"] as? [Double])
            #expect(object["query"] as? Int == i)
            #expect(ids.count == 4 && distances.count == 4)
            #expect(ids.first == 10 + i && distances.first == 0, "query row \(i) is base row \(10 + i): \(line)")
            #expect(distances == distances.sorted())
        }
        let table = try Self.bulk("query", "--index", index, "--query", dir.file("q.fvecs"), "--k", "2")
        #expect(table.status == 0)
        let tableLines = lines(table.stdout)
        #expect(tableLines.count == 1 + 3 * 2 && tableLines[0].contains("distance"), "\(table.stdout)")
        #expect(tableLines[1].split(separator: " ").map(String.init) == ["0", "1", "10", "0.000000"], "\(tableLines[1])")

        let info = try Self.bulk("info", "--index", index, "--json")
        #expect(info.status == 0)
        let described = try json(try #require(lines(info.stdout).first))
        #expect(described["vectors"] as? Int == 300 && described["dimension"] as? Int == 6 && described["deleted"] as? Int == 0)
        let plain = try Self.bulk("info", "--index", index)
        #expect(plain.status == 0 && plain.stdout.contains("vectors:") && plain.stdout.contains("300"))

        // raw → npy → fvecs → raw is lossless, and every form builds the same index.
        #expect(try Self.bulk("convert", "--input", dir.file("base.raw"), "--output", dir.file("b.npy"),
                              "--to-format", "npy", "--dimension", "6").status == 0)
        #expect(try Self.bulk("convert", "--input", dir.file("b.npy"), "--output", dir.file("b.fvecs"),
                              "--to-format", "fvecs", "--dimension", "6").status == 0)
        #expect(try Self.bulk("convert", "--input", dir.file("b.fvecs"), "--output", dir.file("b.raw"),
                              "--to-format", "raw_f32", "--dimension", "6").status == 0)
        #expect(FileManager.default.contents(atPath: dir.file("b.raw")) == FileManager.default.contents(atPath: dir.file("base.raw")))
        #expect(try Self.bulk("convert", "--input", dir.file("b.npy"), "--output", dir.file("c.npy"),
                              "--to-format", "npy", "--dimension", "6").status == 0)
        #expect(FileManager.default.contents(atPath: dir.file("c.npy")) == Self.npy(rows))
        let fromNpy = try Self.bulk("build-index", "--input", dir.file("b.npy"), "--output", dir.file("i2.hnsw"),
                                    "--dimension", "6", "--metric", "dot-product", "--threads", "1")
        #expect(fromNpy.status == 0 && fromNpy.stdout.contains("300 vectors"), "\(fromNpy.stderr)")
    }

    @Test func aQuantizedIndexIsBuiltQueriedWithItsVectorsAndDescribed() throws {
        let dir = TemporaryDirectory("toondb-bulk-sq8")
        defer { withExtendedLifetime(dir) {} }
        let rows = Self.vectors(rows: 400, dimension: 16)
        try Self.raw(rows).write(to: URL(fileURLWithPath: dir.file("base.raw")))
        try Self.raw(Array(rows[20..<23])).write(to: URL(fileURLWithPath: dir.file("q.raw")))
        let index = dir.file("sq8.hnsw")
        let build = try Self.bulk("build-index", "--input", dir.file("base.raw"), "--output", index, "--dimension", "16",
                                  "--metric", "euclidean", "--quantization", "sq8", "--json")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try json(try #require(lines(build.stdout).first))["quantization"] as? String == "sq8")
        // Re-ranked with the base vectors: each query row finds itself at distance 0 exactly.
        let query = try Self.bulk("query", "--index", index, "--query", dir.file("q.raw"), "--k", "3",
                                  "--vectors", dir.file("base.raw"), "--json")
        #expect(query.status == 0, "\(query.stderr)")
        for (i, line) in lines(query.stdout).enumerated() {
            let object = try json(line)
            #expect((object["ids"] as? [Int])?.first == 20 + i && (object["distances"] as? [Double])?.first == 0, "\(line)")
        }
        let info = try json(try #require(lines(try Self.bulk("info", "--index", index, "--json").stdout).first))
        #expect(info["quantization"] as? String == "scalar8" && info["bytes_per_vector"] as? Int == 16)
        #expect((info["graph_bytes"] as? Int ?? 0) > 0 && (info["index_bytes"] as? Int ?? 0) > info["graph_bytes"] as? Int ?? 0)
        let plain = try Self.bulk("info", "--index", index)
        #expect(plain.stdout.contains("bytes/vector:    16") && plain.stdout.contains("quantization:    scalar8"), "\(plain.stdout)")
        let bad = try Self.bulk("build-index", "--input", dir.file("base.raw"), "--output", index, "--dimension", "16",
                                "--quantization", "sq4")
        expectError(bad, status: 64, "quantization")
    }

    @Test func badInputFailsWithOneLine() throws {
        let dir = TemporaryDirectory("toondb-bulk-cli")
        defer { withExtendedLifetime(dir) {} }
        let rows = Self.vectors(rows: 20, dimension: 4)
        try Self.raw(rows).write(to: URL(fileURLWithPath: dir.file("v.raw")))
        try Self.npy(rows).write(to: URL(fileURLWithPath: dir.file("v.npy")))
        try Self.npy(rows, fortran: true).write(to: URL(fileURLWithPath: dir.file("f.npy")))
        try Self.npy(rows, descr: "<i4").write(to: URL(fileURLWithPath: dir.file("i.npy")))
        var nan = rows
        nan[7][2] = .nan
        try Self.raw(nan).write(to: URL(fileURLWithPath: dir.file("nan.raw")))
        let out = dir.file("out.hnsw")
        func build(_ input: String, _ dimension: String = "4", _ extra: String...) throws -> Binaries.Result {
            try Binaries.run("toondb-bulk", ["build-index", "--input", input, "--output", out, "--dimension", dimension] + extra)
        }
        expectError(try build(dir.file("missing.npy")), "notFound", "missing.npy")
        expectError(try build(dir.file("v.raw"), "3"), "invalidArgument", "v.raw")
        expectError(try build(dir.file("v.npy"), "5"), "dimensionMismatch", "v.npy")
        expectError(try build(dir.file("f.npy")), "invalidArgument", "Fortran")
        expectError(try build(dir.file("i.npy")), "invalidArgument", "<i4")
        expectError(try build(dir.file("nan.raw")), "invalidArgument", "row 7")
        expectError(try build(dir.file("v.raw"), "4", "--m", "1"), "invalidArgument", "m = 1")
        expectError(try build(dir.file("v.raw"), "0"), "invalidArgument", "dimension")
        expectError(try build(dir.file("v.raw"), "4", "--metric", "manhattan"), status: 64, "manhattan")
        expectError(try Self.bulk("build-index", "--input", dir.file("v.raw"), "--output", out), status: 64, "dimension")
        expectError(try Self.bulk("frobnicate"), status: 64)
        #expect(!FileManager.default.fileExists(atPath: out), "a failed build must not leave an index")

        #expect(try build(dir.file("v.raw")).status == 0)
        expectError(try Self.bulk("query", "--index", out, "--query", dir.file("v.raw"), "--k", "0"), "invalidArgument", "k = 0")
        expectError(try Self.bulk("query", "--index", dir.file("v.npy"), "--query", dir.file("v.raw")), "corruption", "v.npy")
        var bytes = try #require(FileManager.default.contents(atPath: out))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir.file("bad.hnsw")))
        expectError(try Self.bulk("info", "--index", dir.file("bad.hnsw")), "corruption", "bad.hnsw", "offset")
        expectError(try Self.bulk("convert", "--input", dir.file("v.raw"), "--output", dir.file("x"),
                                  "--to-format", "csv", "--dimension", "4"), status: 64, "csv")
    }

    // MARK: The man page documents the command as it is.

    static var manPage: String { CLI.repositoryRoot.appendingPathComponent("Man/toondb-bulk.1").path }

    /// Subcommands and the long flags of each, from `--help`.
    static func surface() throws -> [String: Set<String>] {
        let top = try bulk("--help")
        #expect(top.status == 0)
        var flags: [String: Set<String>] = ["": ManPageTests.longFlags(in: top.stdout)]
        for sub in ManPageTests.subcommands(inHelp: top.stdout) where sub != "help" {
            let help = try Binaries.run("toondb-bulk", [sub, "--help"])
            #expect(help.status == 0, "\(sub) --help: \(help.stderr)")
            flags[sub] = ManPageTests.longFlags(in: help.stdout)
        }
        return flags
    }

    @Test func manPageDocumentsEverySubcommandAndFlagAndNothingElse() throws {
        let source = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let surface = try Self.surface()
        #expect(Set(surface.keys) == ["", "build-index", "query", "info", "convert"], "\(surface.keys)")
        #expect(surface["build-index"]?.isSuperset(of: ["input", "output", "dimension", "m", "ef-construction", "metric", "threads", "json"]) == true)
        let sourceLines = source.components(separatedBy: "\n")
        let documented = ManPageTests.documentedFlags(source)
        for (sub, flags) in surface {
            if !sub.isEmpty {
                #expect(sourceLines.filter { $0 == ".Cm \(sub)" }.count >= 2, "Man/toondb-bulk.1 lacks `.Cm \(sub)` in SYNOPSIS and COMMANDS")
            }
            for flag in flags { #expect(documented.contains(flag), "`toondb-bulk \(sub)` accepts --\(flag), undocumented") }
        }
        let accepted = surface.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for flag in documented { #expect(accepted.contains(flag), "Man/toondb-bulk.1 documents --\(flag), which no command accepts") }
        let synopsisSubs = Set(zip(sourceLines, sourceLines.dropFirst()).compactMap { pair -> String? in
            pair.0 == ".Nm toondb-bulk" && pair.1.hasPrefix(".Cm ") ? String(pair.1.dropFirst(4)) : nil
        })
        #expect(synopsisSubs == Set(surface.keys.filter { !$0.isEmpty }))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "INPUT FORMATS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(sourceLines.contains(".Sh \(section)"), "missing section \(section)")
        }
        for format in ["raw_f32", "npy", "fvecs"] { #expect(source.contains(".Cm \(format)")) }
    }

    @Test(.enabled(if: RequiredTool.mandoc.testsRun, RequiredTool.mandoc.skipReason))
    func mandocLintReportsNothing() throws {
        let r = try RawProcess.run(try RequiredTool.mandoc.require(), ["-T", "lint", "-W", "warning", Self.manPage])
        #expect(r.stdoutText.isEmpty && r.stderrText.isEmpty, "mandoc -T lint -W warning Man/toondb-bulk.1:\n\(r.stdoutText)\(r.stderrText)")
        #expect(r.status == 0)
    }
}
