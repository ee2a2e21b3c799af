import Foundation
import ToonCore

/// Loads JSON Lines or CSV into the key space, a SQL table or a collection
/// (toondb(1), IMPORT AND EXPORT). The whole file is read and checked first, so a bad line is
/// reported with its number before anything is written; then the records are
/// written in one transaction, or in transactions of ``batchSize`` records
/// when one is given (a failure then keeps the batches already committed).
///
/// Record shapes:
/// - kv: `{"key": …, "value": …}` (a value that is not a string is stored as
///   its JSON text); CSV columns `key,value`.
/// - table: each object's members are columns; a table that does not exist is
///   created with the first record's columns. CSV cells that read as whole
///   or decimal numbers are numbers, empty cells are NULL.
/// - collection: `id`, `vector`, the content field and metadata (see ``DocumentRecord``);
///   in CSV the vector cell holds a JSON array.
public struct Importer: Sendable {
    /// Where records go.
    public var target: ImportTarget
    /// The input's format (``TransferFormat/jsonl`` or ``TransferFormat/csv``).
    public var format: TransferFormat
    /// Records per transaction; nil: one transaction for everything.
    public var batchSize: Int?

    /// What an import did.
    public struct Report: Sendable, Equatable {
        /// Records written.
        public var records: Int
        /// Transactions committed.
        public var batches: Int
    }

    /// An importer.
    public init(target: ImportTarget, format: TransferFormat, batchSize: Int? = nil) {
        self.target = target
        self.format = format
        self.batchSize = batchSize
    }

    /// A parsed record and its line.
    typealias Record = (line: Int, object: OrderedDictionary<String, Value>)

    /// Imports `bytes` into `database`; `progress(done, total)` is called as records are written.
    @discardableResult
    public func run(_ bytes: [UInt8], into database: Database, progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        if let batchSize, batchSize < 1 {
            throw ToonDBError(.invalidArgument, "--batch-size must be at least 1, not \(batchSize)")
        }
        let records = try parse(bytes)
        let size = batchSize ?? max(records.count, 1)
        var batches = 0
        var done = 0
        progress(0, records.count)
        var start = 0
        while start < records.count {
            let batch = Array(records[start..<min(start + size, records.count)])
            try write(batch, into: database)
            batches += 1
            done += batch.count
            progress(done, records.count)
            start += size
        }
        return Report(records: records.count, batches: batches)
    }

    // MARK: parsing

    func parse(_ bytes: [UInt8]) throws -> [Record] {
        switch format {
        case .jsonl: return try parseJSONLines(bytes)
        case .csv: return try parseCSV(bytes)
        case .toon:
            throw ToonDBError(.invalidArgument, "imports read jsonl or csv, not toon",
                              remediation: "convert it with toondb toon decode first")
        }
    }

    private func parseJSONLines(_ bytes: [UInt8]) throws -> [Record] {
        var out: [Record] = []
        var line = 0
        for raw in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            line += 1
            var slice = raw
            if slice.last == 13 { slice = slice.dropLast() }
            if slice.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            let value: Value
            do { value = try Value(jsonBytes: Array(slice)) } catch let e as ToonDBError {
                throw ToonDBError(.invalidArgument, "line \(line): not valid JSON: \(e.message)", remediation: "fix that line of the file")
            }
            guard case .object(let o) = value else {
                throw ToonDBError(.invalidArgument, "line \(line): expected a JSON object, found \(Self.kind(value))",
                                  remediation: "write one JSON object per line")
            }
            out.append((line, o))
        }
        return out
    }

    private func parseCSV(_ bytes: [UInt8]) throws -> [Record] {
        let rows = try CSVReader.records(bytes)
        guard let header = rows.first else { return [] }
        var seen = Set<String>()
        for name in header.fields where !seen.insert(name).inserted || name.isEmpty {
            throw ToonDBError(.invalidArgument, "line \(header.line): the CSV header \(name.isEmpty ? "has an empty column name" : "repeats the column \(name.debugDescription)")")
        }
        return try rows.dropFirst().map { row in
            guard row.fields.count == header.fields.count else {
                throw ToonDBError(.invalidArgument, "line \(row.line): \(row.fields.count) fields, but the header has \(header.fields.count)",
                                  remediation: "give every row as many fields as the header")
            }
            var o = OrderedDictionary<String, Value>()
            for (name, cell) in zip(header.fields, row.fields) { o[name] = cellValue(name, cell) }
            return (row.line, o)
        }
    }

    /// A CSV cell as a value: kept as text for keys, values and ids; else numbers as numbers, empty as NULL.
    private func cellValue(_ column: String, _ cell: String) -> Value {
        switch target {
        case .kv: return .string(cell)
        case .collection where column == "id" || column == "vector": return .string(cell)
        default:
            if cell.isEmpty { return .null }
            if let i = Int64(cell) { return .int(i) }
            if let d = Double(cell), d.isFinite, cell.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(d) }
            return .string(cell)
        }
    }

    static func kind(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: writing

    private func write(_ batch: [Record], into database: Database) throws {
        switch target {
        case .kv:
            try database.transaction { txn in
                for r in batch {
                    let (key, value) = try Self.keyValue(r)
                    do { try txn.put(key, value) } catch let e as ToonDBError {
                        throw ToonDBError(e.code, "line \(r.line): \(e.message)", remediation: e.remediation)
                    }
                }
            }
        case .table(let name):
            try database.transaction { txn in
                guard let first = batch.first else { return }
                let exists = try database.sqlSchema().contains { $0.kind == .table && $0.name.lowercased() == name.lowercased() }
                if !exists {
                    let columns = first.object.keys.map(Self.quoteName).joined(separator: ", ")
                    try txn.executeSQL("CREATE TABLE \(Self.quoteName(name)) (\(columns))")
                }
                for r in batch {
                    let columns = r.object.keys.map(Self.quoteName).joined(separator: ", ")
                    let values = r.object.values.map(Self.literal).joined(separator: ", ")
                    do { try txn.executeSQL("INSERT INTO \(Self.quoteName(name)) (\(columns)) VALUES (\(values))") }
                    catch let e as ToonDBError {
                        throw ToonDBError(e.code, "line \(r.line): \(e.message)", remediation: e.remediation)
                    }
                }
            }
        case .collection(let ns, let name):
            let collection = try database.namespace(ns).collection(name)
            let field = collection.config.contentField
            let docs = try batch.map { r in
                try DocumentRecord.document(from: r.object, contentField: field, origin: "line \(r.line)")
            }
            for (doc, r) in zip(docs, batch) where doc.vector?.count != collection.config.dimension {
                throw ToonDBError(.dimensionMismatch, "line \(r.line): the vector has \(doc.vector?.count ?? 0) dimensions, the collection \(collection.config.dimension)")
            }
            try collection.insertBatch(docs)
        }
    }

    private static func keyValue(_ r: Record) throws -> ([UInt8], [UInt8]) {
        guard case .string(let key)? = r.object["key"] else {
            throw ToonDBError(.invalidArgument, "line \(r.line): no \"key\" string", remediation: "write {\"key\": …, \"value\": …}")
        }
        guard let value = r.object["value"] else {
            throw ToonDBError(.invalidArgument, "line \(r.line): no \"value\"", remediation: "write {\"key\": …, \"value\": …}")
        }
        if case .string(let s) = value { return (Array(key.utf8), Array(s.utf8)) }
        return (Array(key.utf8), Array(value.jsonText().utf8))
    }

    /// A SQL identifier in double quotes.
    static func quoteName(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A value as a SQL literal (arrays and objects as their JSON text).
    static func literal(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .bool(let b): return b ? "1" : "0"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? Value.jsonNumber(d) : "NULL"
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .array, .object: return "'" + v.jsonText().replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
