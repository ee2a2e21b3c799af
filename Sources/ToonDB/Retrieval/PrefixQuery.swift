import ToonCore
import ToonFormat

/// A query over the JSON documents stored under a key prefix (README.md, "From Swift"):
///
/// ```swift
/// let rows = try db.query("products/").select(["name", "price"]).limit(10).toList()
/// try db.query("products/").first(); try db.query("products/").count(); try db.query("products/").exists()
/// ```
///
/// Each key under the prefix is one record: a value that is a JSON object
/// gives its members; any other value gives one member, `value` (the JSON
/// value, or the text when it is not JSON). ``select(_:)`` keeps the named
/// fields in that order (a missing one is null); the pseudo-field `_key`
/// is the record's key. Records come in key order, read lazily from one
/// snapshot, so ``limit(_:)`` and ``first()`` read only what they return.
public struct PrefixQuery: Sendable {
    let database: Database
    let prefix: [UInt8]
    var fields: [String]?
    var maximum: Int?
    var skip = 0
    var conditions: [String: MetadataFilter] = [:]

    init(database: Database, prefix: [UInt8]) {
        self.database = database
        self.prefix = prefix
    }

    /// Keeps only these fields, in this order.
    public func select(_ fields: [String]) -> PrefixQuery {
        var q = self
        q.fields = fields
        return q
    }

    /// Returns at most `n` records.
    public func limit(_ n: Int) -> PrefixQuery {
        var q = self
        q.maximum = n
        return q
    }

    /// Skips the first `n` matching records.
    public func offset(_ n: Int) -> PrefixQuery {
        var q = self
        q.skip = n
        return q
    }

    /// Keeps records whose fields satisfy every condition (see ``MetadataFilter``).
    public func filter(_ conditions: [String: MetadataFilter]) -> PrefixQuery {
        var q = self
        q.conditions.merge(conditions) { _, new in new }
        return q
    }

    /// The matching records.
    public func toList() throws -> [OrderedDictionary<String, Value>] {
        if let maximum, maximum < 0 { throw ToonDBError(.invalidArgument, "limit must not be negative, not \(maximum)") }
        if skip < 0 { throw ToonDBError(.invalidArgument, "offset must not be negative, not \(skip)") }
        var out: [OrderedDictionary<String, Value>] = []
        var skipped = 0
        let cursor = try database.scanPrefix(prefix)
        while maximum.map({ out.count < $0 }) ?? true, let (key, value) = try cursor.next() {
            let whole = Self.record(key: key, value: value)
            guard MetadataFilter.matches(conditions, whole) else { continue }
            if skipped < skip { skipped += 1; continue }
            guard let fields else { out.append(whole); continue }
            var picked = OrderedDictionary<String, Value>()
            for f in fields { picked[f] = whole[f] ?? .null }
            out.append(picked)
        }
        return out
    }

    /// The first matching record, or nil.
    public func first() throws -> OrderedDictionary<String, Value>? { try limit(1).toList().first }

    /// How many records match (reads them all).
    public func count() throws -> Int {
        var q = self
        q.fields = []
        return try q.toList().count
    }

    /// Whether any record matches.
    public func exists() throws -> Bool { try first() != nil }

    /// The records as a result set, to render as table, TOON, JSON or CSV.
    public func toResultSet(name: String = "records") throws -> ResultSet {
        let rows = try toList()
        guard let fields else { return ResultSet(records: rows, name: name) }
        return ResultSet(columns: fields, rows: rows.map { r in fields.map { r[$0] ?? .null } }, name: name)
    }

    /// One stored entry as a record (`_key` first).
    static func record(key: [UInt8], value: [UInt8]) -> OrderedDictionary<String, Value> {
        var r: OrderedDictionary<String, Value> = ["_key": .string(String(decoding: key, as: UTF8.self))]
        switch try? Value(jsonBytes: value) {
        case .object(let members)?: for (k, v) in members { r[k] = v }
        case let v?: r["value"] = v
        case nil: r["value"] = .string(String(decoding: value, as: UTF8.self))
        }
        return r
    }
}

extension Database {
    /// A query over the records stored under `prefix` (see ``PrefixQuery``).
    public func query(_ prefix: some ByteConvertible) -> PrefixQuery {
        PrefixQuery(database: self, prefix: prefix.toonBytes)
    }
}
