import Foundation
import ToonCore
import ToonFormat

/// Writes the key space, a SQL table or a collection as JSON Lines, CSV or
/// TOON (toondb(1), IMPORT AND EXPORT), in the record shapes ``Importer`` reads, so an export
/// imports back. JSON Lines and CSV are written page by page; TOON, whose
/// header holds the row count, is written at the end.
public struct Exporter: Sendable {
    /// What is exported.
    public var source: ImportTarget
    /// The output format.
    public var format: TransferFormat
    /// Records per page.
    public var pageSize = 1000

    /// An exporter.
    public init(source: ImportTarget, format: TransferFormat) {
        self.source = source
        self.format = format
    }

    /// Writes the export through `write`; returns the number of records.
    /// `progress(done)` is called after every page.
    @discardableResult
    public func run(_ database: Database, write: (String) throws -> Void, progress: (Int) -> Void = { _ in }) throws -> Int {
        var columns: [String]?
        var all: [[Value]] = []
        var count = 0
        var name = "records"
        func emit(_ cols: [String], _ rows: [[Value]]) throws {
            if columns == nil {
                columns = cols
                if format == .csv { try write(ResultSet(columns: cols, rows: []).rendered(as: .csv)) }
            }
            count += rows.count
            switch format {
            case .toon: all += rows
            case .jsonl: if !rows.isEmpty { try write(ResultSet(columns: cols, rows: rows).rendered(as: .jsonl)) }
            case .csv:
                let text = ResultSet(columns: cols, rows: rows).rendered(as: .csv)
                if let firstBreak = text.range(of: "\r\n") { try write(String(text[firstBreak.upperBound...])) }
            }
            progress(count)
        }
        switch source {
        case .kv:
            name = "keys"
            let cursor = try database.scanPrefix([UInt8]()).cursor()
            var page: [[Value]] = []
            while let (k, v) = try cursor.next() {
                page.append([.string(Self.text(k)), .string(Self.text(v))])
                if page.count == pageSize { try emit(["key", "value"], page); page = [] }
            }
            try emit(["key", "value"], page)
        case .table(let table):
            name = table
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let result = try database.executeSQL("SELECT * FROM \(quoted)")
            let rows = result.resultSet().rows
            var start = 0
            repeat {
                try emit(result.columns, Array(rows[start..<min(start + pageSize, rows.count)]))
                start += pageSize
            } while start < rows.count
        case .collection(let ns, let col):
            name = col
            let collection = try database.namespace(ns).collection(col)
            let field = collection.config.contentField
            var after: String?
            var gathered: [OrderedDictionary<String, Value>] = []
            while true {
                let ids = try collection.documentIDs(after: after, limit: pageSize)
                let objects = try ids.compactMap { try collection.get($0) }.map { DocumentRecord.object($0, contentField: field) }
                if format == .jsonl {
                    // Documents differ in metadata: each line keeps its own members.
                    count += objects.count
                    if !objects.isEmpty { try write(objects.map { Value.object($0).jsonText() + "\n" }.joined()) }
                    progress(count)
                } else {
                    // CSV and TOON need every column up front: the union of all documents' members.
                    gathered += objects
                }
                guard let last = ids.last, ids.count == pageSize else { break }
                after = last
            }
            if format != .jsonl {
                let rs = ResultSet(records: gathered)
                try emit(rs.columns.isEmpty ? ["id", "vector", field] : rs.columns, rs.rows.map { $0.map(Self.cell) })
            }
        }
        if format == .toon, let columns {
            try write(ResultSet(columns: columns, rows: all, name: name).rendered(as: .toon))
        }
        return count
    }

    /// Arrays and objects become JSON text in CSV and TOON cells.
    private static func cell(_ v: Value) -> Value {
        switch v {
        case .array, .object: return .string(v.jsonText())
        default: return v
        }
    }

    /// Bytes as UTF-8 text; bytes that are not UTF-8 are replaced by U+FFFD.
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
