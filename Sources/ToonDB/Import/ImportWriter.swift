import Foundation
import ToonCore
import ToonSQL

/// Checks and writes an import's records to its target, a batch per
/// transaction. Errors name the line of the record at fault.
final class ImportWriter {
    typealias Record = ImportRecordReader.Record

    private let target: ImportTarget
    private let database: Database
    private let collection: VectorCollection?
    /// The INSERT text of each column list seen, so every row of one shape
    /// runs the same statement text (and hits the statement cache).
    private var inserts: [[String]: String] = [:]

    init(target: ImportTarget, database: Database) throws {
        self.target = target
        self.database = database
        if case .collection(let ns, let name) = target {
            collection = try database.namespace(ns).collection(name)
        } else {
            collection = nil
        }
    }

    /// Throws what writing `record` would throw for its shape (a missing key, a
    /// document without an id, a vector of the wrong dimension), without writing.
    func check(_ record: Record) throws {
        switch target {
        case .kv:
            let (key, value) = try Self.keyValue(record)
            try Self.located(record) {
                try KeyRules.checkKey(key)
                try KeyRules.checkValue(value)
            }
        case .table:
            if record.object.isEmpty {
                throw ToonDBError(.invalidArgument, "line \(record.line): an empty object has no columns to insert",
                                  remediation: "give the record at least one member")
            }
        case .collection:
            _ = try document(record)
        }
    }

    /// Writes `batch` in one transaction.
    func write(_ batch: [Record]) throws {
        switch target {
        case .kv:
            try database.transaction { txn in
                for r in batch {
                    let (key, value) = try Self.keyValue(r)
                    try Self.located(r) { try txn.put(key, value) }
                }
            }
        case .table(let name):
            guard let first = batch.first else { return }
            let exists = try database.sqlSchema().contains { $0.kind == .table && $0.name.lowercased() == name.lowercased() }
            try database.transaction { txn in
                if !exists {
                    let columns = first.object.keys.map(Self.quoteName).joined(separator: ", ")
                    try txn.executeSQL("CREATE TABLE \(Self.quoteName(name)) (\(columns))")
                }
                for r in batch {
                    let arguments = SQLArguments(r.object.values.map(Self.sqlValue))
                    try Self.located(r) { try txn.executeSQL(insert(into: name, Array(r.object.keys)), arguments: arguments) }
                }
            }
        case .collection:
            try collection?.insertBatch(batch.map(document))
        }
    }

    /// `INSERT INTO "name" ("a", "b") VALUES (?, ?)` for a column list.
    private func insert(into table: String, _ columns: [String]) -> String {
        if let text = inserts[columns] { return text }
        let text = "INSERT INTO \(Self.quoteName(table)) (\(columns.map(Self.quoteName).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        inserts[columns] = text
        return text
    }

    private func document(_ r: Record) throws -> CollectionDocument {
        guard let collection else { throw ToonDBError(.internalError, "no collection to write to") }
        let doc = try DocumentRecord.document(from: r.object, contentField: collection.config.contentField, origin: "line \(r.line)")
        if doc.vector?.count != collection.config.dimension {
            throw ToonDBError(.dimensionMismatch, "line \(r.line): the vector has \(doc.vector?.count ?? 0) dimensions, the collection \(collection.config.dimension)")
        }
        return doc
    }

    /// Runs `body`, prefixing an error with the record's line.
    private static func located(_ r: Record, _ body: () throws -> Void) throws {
        do { try body() } catch let e as ToonDBError {
            throw ToonDBError(e.code, "line \(r.line): \(e.message)", remediation: e.remediation)
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
    private static func quoteName(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A record's value bound to a parameter: booleans as 1 or 0, arrays and objects as their JSON text.
    private static func sqlValue(_ v: Value) -> SQLValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .int(let i): return .integer(i)
        case .double(let d): return d.isFinite ? .real(d) : .null
        case .string(let s): return .text(s)
        case .array, .object: return .text(v.jsonText())
        }
    }
}
