import Foundation
import ToonCore
import ToonFormat

/// Writes the key space, a SQL table or a collection as JSON Lines, CSV or
/// TOON (toondb(1), IMPORT AND EXPORT), in the record shapes ``Importer`` reads, so an export
/// imports back. Records are read and written a page at a time, so memory
/// stays the same however large the source is: a table through a streaming
/// ``SQLRowCursor``, keys through a scan cursor, a collection by pages of ids.
/// What must be known before the first row is gathered by a first pass that
/// keeps nothing else: TOON's row count, and for a collection in CSV or TOON
/// the columns (every member any document has). The two passes agree when
/// nothing writes to the source during the export (`toondb export` holds the
/// database's lock).
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
        var count = 0
        func page(_ writer: TableStreamWriter, _ rows: [[Value]]) throws {
            guard !rows.isEmpty else { return }
            try write(writer.rows(rows))
            count += rows.count
            progress(count)
        }
        switch source {
        case .kv:
            let total = format == .toon ? try keyPages(database) { _ in } : 0
            let writer = self.writer(columns: ["key", "value"], name: "keys", rowCount: total)
            try write(writer.header)
            try keyPages(database) { try page(writer, $0) }
        case .table(let table):
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            var total = 0
            if format == .toon, let n = try database.executeSQL("SELECT count(*) FROM \(quoted)").rows.first?[0],
               case .integer(let i) = n {
                total = Int(i)
            }
            let cursor = try database.prepare("SELECT * FROM \(quoted)").execute()
            let writer = self.writer(columns: cursor.columns, name: table, rowCount: total)
            try write(writer.header)
            var rows: [[Value]] = []
            while let row = try cursor.next() {
                rows.append(row.values.map(\.documentValue))
                if rows.count == pageSize {
                    try page(writer, rows)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            try page(writer, rows)
        case .collection(let ns, let name):
            let collection = try database.namespace(ns).collection(name)
            let field = collection.config.contentField
            if format == .jsonl {
                // Documents differ in metadata: each line keeps its own members.
                try documentPages(collection) { objects in
                    try write(objects.map { Value.object($0).jsonText() + "\n" }.joined())
                    count += objects.count
                    progress(count)
                }
                return count
            }
            // CSV and TOON need every column up front: the union of all documents' members.
            var columns = OrderedDictionary<String, Void>()
            var total = 0
            try documentPages(collection) { objects in
                total += objects.count
                for o in objects { for k in o.keys where columns[k] == nil { columns[k] = () } }
            }
            let names = columns.isEmpty ? ["id", "vector", field] : Array(columns.keys)
            let writer = self.writer(columns: names, name: name, rowCount: total)
            try write(writer.header)
            try documentPages(collection) { objects in
                try page(writer, objects.map { o in names.map { o[$0] ?? .null } })
            }
        }
        return count
    }

    private func writer(columns: [String], name: String, rowCount: Int) -> TableStreamWriter {
        switch format {
        case .jsonl: return TableStreamWriter(.jsonl, columns: columns, name: name)
        case .csv: return TableStreamWriter(.csv, columns: columns, name: name)
        case .toon: return TableStreamWriter(.toon(rowCount: rowCount), columns: columns, name: name)
        }
    }

    /// Calls `body` with each page of the key space as `[key, value]` rows; returns how many keys there are.
    @discardableResult
    private func keyPages(_ database: Database, _ body: ([[Value]]) throws -> Void) throws -> Int {
        let cursor = try database.scanPrefix([UInt8]())
        var rows: [[Value]] = []
        var count = 0
        while let (k, v) = try cursor.next() {
            rows.append([.string(Self.text(k)), .string(Self.text(v))])
            if rows.count == pageSize {
                count += rows.count
                try body(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        count += rows.count
        if !rows.isEmpty { try body(rows) }
        return count
    }

    /// Calls `body` with each page of the collection's documents as objects, in id order.
    private func documentPages(_ collection: VectorCollection,
                               _ body: ([OrderedDictionary<String, Value>]) throws -> Void) throws {
        let field = collection.config.contentField
        var after: String?
        while true {
            let ids = try collection.documentIDs(after: after, limit: pageSize)
            let objects = try ids.compactMap { try collection.get($0) }.map { DocumentRecord.object($0, contentField: field) }
            if !objects.isEmpty { try body(objects) }
            guard let last = ids.last, ids.count == pageSize else { return }
            after = last
        }
    }

    /// Bytes as UTF-8 text; bytes that are not UTF-8 are replaced by U+FFFD.
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
