import Testing
import ToonCore
import ToonFormat

/// `TableStreamWriter`: a table written page by page reads as the whole
/// table rendered at once.
@Suite struct TableStreamWriterTests {
    static let columns = ["id", "name", "note score"]
    static let rows: [[Value]] = [
        [1, "Ada", 1.5],
        [2, "b,o \"q\"", .null],
        [3, "two\nlines", -0.0],
        [4, "true"],
        [5, "", 1e21],
    ]

    @Test func pagesReadAsTheWholeRendering() {
        let whole = ResultSet(columns: Self.columns, rows: Self.rows, name: "people")
        let formats: [(ResultFormat, TableStreamWriter.Format)] = [(.jsonl, .jsonl), (.csv, .csv), (.toon, .toon(rowCount: Self.rows.count))]
        for (format, streamed) in formats {
            let writer = TableStreamWriter(streamed, columns: Self.columns, name: "people")
            for pageSize in [1, 2, 5] {
                var text = writer.header
                var start = 0
                while start < Self.rows.count {
                    text += writer.rows(Array(Self.rows[start..<min(start + pageSize, Self.rows.count)]))
                    start += pageSize
                }
                #expect(text == whole.rendered(as: format), "\(format) in pages of \(pageSize)")
            }
        }
    }

    @Test func toonHeaderAndEmptyTables() {
        let writer = TableStreamWriter(.toon(rowCount: 0), columns: ["a b", "c"], name: "my rows")
        #expect(writer.header == "\"my rows\"[0]{\"a b\",c}:\n")
        #expect(writer.header == ResultSet(columns: ["a b", "c"], rows: [], name: "my rows").rendered(as: .toon))
        #expect(TableStreamWriter(.csv, columns: ["a"]).header == "a\r\n")
        #expect(TableStreamWriter(.jsonl, columns: ["a"]).header.isEmpty)
        // Arrays and objects become their JSON text in a TOON row.
        let nested = TableStreamWriter(.toon(rowCount: 1), columns: ["v"], name: "t").rows([[.array([1, 2])]])
        #expect(nested == "  \"[1,2]\"\n")
    }
}
