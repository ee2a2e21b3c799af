import Foundation
import Testing
import ToonDB
import ToonFormat
import ToonTestSupport

/// `Importer` and `Exporter` from Swift: batches, the checking pass, inputs
/// read once, bound parameters, and exports that import back.
@Suite struct ImporterTests {
    static func count(_ db: Database, _ table: String) throws -> Int64? {
        guard case .integer(let n)? = try db.executeSQL("SELECT count(*) FROM \(table)").rows.first?[0] else { return nil }
        return n
    }

    /// An input that can be read only once: the read end of a pipe holding `text`.
    static func pipe(_ text: String) throws -> (ImportInput, Pipe) {
        let pipe = Pipe()
        let data = Data(text.utf8)
        let writer = pipe.fileHandleForWriting
        DispatchQueue.global().async {
            writer.write(data)
            try? writer.close()
        }
        return (try ImportInput.file("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"), pipe)
    }

    static func jsonl(_ ids: ClosedRange<Int>) -> String {
        ids.map { #"{"key":"k\#($0)","value":"v\#($0)"}"# + "\n" }.joined()
    }

    @Test func aFileWithABadLineWritesNothingEvenInSmallBatches() throws {
        let dir = TemporaryDirectory("import-check")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        let file = dir.file("bad.jsonl")
        try (Self.jsonl(1...25) + "{oops\n" + Self.jsonl(26...30)).write(toFile: file, atomically: true, encoding: .utf8)
        var input = try ImportInput.file(file)
        input.chunkSize = 64
        #expect(input.isRereadable && input.size != nil)
        let e = #expect(throws: ToonDBError.self) {
            try Importer(target: .kv, format: .jsonl, batchSize: 1).run(input, into: db)
        }
        #expect(e?.message.hasPrefix("line 26: not valid JSON") == true, "\(String(describing: e))")
        #expect(e?.message.contains("committed") == false)
        #expect(try db.get("k1") == nil, "the checking pass stops the import before any batch")
        // A CSV file too: a short row on line 4.
        let csv = try ImportInput.file({ let f = dir.file("t.csv"); try "a,b\n1,2\n3,4\n5\n".write(toFile: f, atomically: true, encoding: .utf8); return f }())
        let c = #expect(throws: ToonDBError.self) { try Importer(target: .table("t"), format: .csv, batchSize: 1).run(csv, into: db) }
        #expect(c?.message.hasPrefix("line 4: 1 fields") == true)
        #expect(try db.sqlSchema().isEmpty, "not even the table is created")
    }

    @Test func anInputReadOnceKeepsTheBatchesBeforeTheBadLine() throws {
        let dir = TemporaryDirectory("import-once")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        let (input, pipe) = try Self.pipe(Self.jsonl(1...25) + "[1]\n" + Self.jsonl(26...30))
        #expect(!input.isRereadable && input.size == nil)
        let e = #expect(throws: ToonDBError.self) {
            try Importer(target: .kv, format: .jsonl, batchSize: 10).run(input, into: db)
        }
        withExtendedLifetime(pipe) {}
        #expect(e?.message == "line 26: expected a JSON object, found an array; the 20 records before its batch were committed", "\(String(describing: e))")
        #expect(try db.getString("k20") == "v20")
        #expect(try db.get("k21") == nil, "the bad line's batch is not written")
    }

    @Test func batchesAndProgress() throws {
        let dir = TemporaryDirectory("import-batches")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        let text = Self.jsonl(1...2500)
        var input = ImportInput.bytes(Array(text.utf8))
        input.chunkSize = 1000
        var seen: [Importer.Progress] = []
        let report = try Importer(target: .kv, format: .jsonl, batchSize: 1000).run(input, into: db) { seen.append($0) }
        #expect(report.records == 2500 && report.batches == 3)
        #expect(try db.getString("k2500") == "v2500")
        let checking = seen.filter { $0.phase == .checking }, writing = seen.filter { $0.phase == .writing }
        #expect(!checking.isEmpty && checking.allSatisfy { $0.phase == .checking } && seen.first?.phase == .checking)
        #expect(checking.last?.records == 2500 && checking.last?.bytesRead == text.utf8.count)
        #expect(writing.last?.bytesRead == text.utf8.count && writing.last?.totalBytes == text.utf8.count && writing.last?.records == 2500)
        #expect(zip(writing, writing.dropFirst()).allSatisfy { $0.records <= $1.records && $0.bytesRead <= $1.bytesRead })
        #expect(writing.count >= 3)
        let zero = #expect(throws: ToonDBError.self) { try Importer(target: .kv, format: .jsonl, batchSize: 0).run(input, into: db) }
        #expect(zero?.message.contains("--batch-size") == true)
    }

    @Test func atomicImportsAreAllOrNothing() throws {
        let dir = TemporaryDirectory("import-atomic")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        let rows = (1...30).map { #"{"id":\#($0),"v":"x"}"# }.joined(separator: "\n") + "\n" + #"{"id":31,"v":null}"# + "\n"
        let (once, pipe) = try Self.pipe(rows)
        let e = #expect(throws: ToonDBError.self) {
            try Importer(target: .table("t"), format: .jsonl, batchSize: 1, atomic: true).run(once, into: db)
        }
        withExtendedLifetime(pipe) {}
        #expect(e?.message.hasPrefix("line 31:") == true && e?.message.contains("committed") == false, "\(String(describing: e))")
        #expect(try Self.count(db, "t") == 0)
        // Batched, the constraint fails in the fourth batch, after the checking pass.
        let batched = #expect(throws: ToonDBError.self) {
            try Importer(target: .table("t"), format: .jsonl, batchSize: 10).run(.bytes(Array(rows.utf8)), into: db)
        }
        #expect(batched?.message.contains("the 30 records before its batch were committed") == true)
        #expect(try Self.count(db, "t") == 30)
    }

    @Test func tableValuesAreBoundNotSpliced() throws {
        let dir = TemporaryDirectory("import-bound")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        let text = """
            {"name":"it's'); DROP TABLE t; --","n":1,"ok":true,"tags":["a","b"],"x":1.5}
            {"n":2,"name":null,"meta":{"k":"v"}}
            """
        // The second record's columns differ: the table is made from the first; "meta" is missing.
        let e = #expect(throws: ToonDBError.self) { try Importer(target: .table("t"), format: .jsonl).run(.bytes(Array(text.utf8)), into: db) }
        #expect(e?.message.hasPrefix("line 2:") == true, "\(String(describing: e))")
        let fine = text.replacingOccurrences(of: #","meta":{"k":"v"}"#, with: "")
        try Importer(target: .table("t"), format: .jsonl).run(.bytes(Array(fine.utf8)), into: db)
        let r = try db.executeSQL("SELECT name, n, ok, tags, x, typeof(x) FROM t ORDER BY n")
        #expect(r.rows.map(\.values) == [
            [.text("it's'); DROP TABLE t; --"), .integer(1), .integer(1), .text(#"["a","b"]"#), .real(1.5), .text("real")],
            [.null, .integer(2), .null, .null, .null, .text("null")],
        ])
    }

    @Test func exportsImportBackForEveryTargetAndFormat() throws {
        let dir = TemporaryDirectory("export-roundtrip")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        for i in 0..<25 { try db.put("k\(i)", "value, \"\(i)\"\nline") }
        try db.executeSQL("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)")
        for i in 0..<25 { try db.executeSQL("INSERT INTO t VALUES (?, ?, ?)", arguments: [i, i % 3 == 0 ? nil : "n,\(i)", Double(i) + 0.5]) }
        let ns = try db.namespaceCreatingIfMissing("ns")
        let col = try ns.createCollection(CollectionConfig(name: "c", dimension: 2))
        for i in 0..<25 {
            try col.insert(id: "d\(i)", vector: [Float(i), 1], metadata: i % 2 == 0 ? ["shelf": .int(Int64(i))] : [:] as OrderedDictionary<String, Value>)
        }
        try ns.createCollection(CollectionConfig(name: "back", dimension: 2))
        let sources: [ImportTarget] = [.kv, .table("t"), .collection(namespace: "ns", name: "c")]
        for source in sources {
            for format in [TransferFormat.jsonl, .csv] {
                var exporter = Exporter(source: source, format: format)
                exporter.pageSize = 7
                var text = ""
                #expect(try exporter.run(db, write: { text += $0 }) == 25)
                let copy = try Database.open(dir.file("copy-\(format)-\(source)".replacingOccurrences(of: "/", with: "-")))
                defer { try? copy.close() }
                let into: ImportTarget
                switch source {
                case .collection:
                    try copy.namespaceCreatingIfMissing("ns").createCollection(CollectionConfig(name: "c", dimension: 2))
                    into = source
                default: into = source
                }
                var input = ImportInput.bytes(Array(text.utf8))
                input.chunkSize = 13
                #expect(try Importer(target: into, format: format, batchSize: 4).run(input, into: copy).records == 25)
                var again = ""
                try exporter.run(copy, write: { again += $0 })
                #expect(again == text, "\(source) in \(format)")
            }
            // TOON: the streamed pages read as the whole result rendered at once.
            var toon = ""
            var exporter = Exporter(source: source, format: .toon)
            exporter.pageSize = 4
            try exporter.run(db, write: { toon += $0 })
            var csv = ""
            try Exporter(source: source, format: .csv).run(db, write: { csv += $0 })
            let records = try CSVReader.records(Array(csv.utf8))
            let name: String
            switch source {
            case .kv: name = "keys"
            case .table(let t): name = t
            case .collection(_, let c): name = c
            }
            let header = records[0].fields
            let whole = ResultSet(columns: header, rows: try rows(toon: toon, header: header, from: records), name: name)
            #expect(toon == whole.rendered(as: .toon), "\(source)")
            #expect(toon.hasPrefix("\(name)[25]{"))
        }
    }

    /// The rows the CSV export holds, typed as the TOON export shows them.
    private func rows(toon: String, header: [String], from csv: [CSVReader.Record]) throws -> [[Value]] {
        let decoded = try ToonDecoder().decode(toon)
        guard case .object(let root) = decoded, case .array(let items)? = root.values.first else { return [] }
        let rows = items.map { item -> [Value] in
            guard case .object(let o) = item else { return [] }
            return header.map { o[$0] ?? .null }
        }
        #expect(rows.count == csv.count - 1)
        return rows
    }
}
