import ToonCore

/// How a catalog entry is stored: a ``Value`` object with named fields,
/// written in the binary document form (FORMAT.md §7, "Catalog entries").
/// The field names are written here, not derived from Swift property names,
/// so renaming a property cannot change the format. Entries written as JSON
/// text by earlier versions (their first byte `{`) read through the same
/// decoders, which also accept that JSON's shape of a column default.
protocol CatalogRecord {
    /// The entry as a Value object.
    var record: Value { get }
    /// Reads an entry; `corruption` naming the field when one is missing or of the wrong kind.
    init(record: Value) throws
}

extension CatalogRecord {
    /// The stored bytes of the entry.
    var storedBytes: [UInt8] { record.binaryEncoded }

    /// Reads stored bytes: the binary form, or an earlier version's JSON text.
    init(storedBytes bytes: [UInt8]) throws {
        try self.init(record: bytes.first == UInt8(ascii: "{") ? try Value(jsonBytes: bytes) : try Value(binary: bytes))
    }
}

/// The fields of a stored object, read with errors that name the field.
private struct Fields {
    let members: OrderedDictionary<String, Value>

    init(_ value: Value) throws {
        guard case .object(let members) = value else { throw Self.damaged("an entry is not an object") }
        self.members = members
    }

    static func damaged(_ what: String) -> ToonDBError {
        ToonDBError(.corruption, "catalog: \(what)", remediation: "restore the database from a backup")
    }

    func value(_ key: String) throws -> Value {
        guard let v = members[key] else { throw Self.damaged("field \"\(key)\" is missing") }
        return v
    }

    func string(_ key: String) throws -> String {
        guard case .string(let s) = try value(key) else { throw Self.damaged("field \"\(key)\" is not a string") }
        return s
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let b) = try value(key) else { throw Self.damaged("field \"\(key)\" is not a boolean") }
        return b
    }

    func int(_ key: String) throws -> Int { try Self.int(value(key), key) }

    func array(_ key: String) throws -> [Value] {
        guard case .array(let a) = try value(key) else { throw Self.damaged("field \"\(key)\" is not an array") }
        return a
    }

    static func int(_ v: Value, _ key: String) throws -> Int {
        guard case .int(let i) = v, let n = Int(exactly: i) else { throw damaged("field \"\(key)\" holds a non-integer") }
        return n
    }
}

extension TableSchema: CatalogRecord {
    var record: Value {
        var fields: OrderedDictionary<String, Value> = [
            "name": .string(name),
            "columns": .array(columns.map(\.record)),
            "primaryKey": .array(primaryKey.map { .int(Int64($0)) }),
            "autoincrement": .bool(autoincrement),
        ]
        if let rowidColumn { fields["rowidColumn"] = .int(Int64(rowidColumn)) }
        return .object(fields)
    }

    init(record: Value) throws {
        let f = try Fields(record)
        name = try f.string("name")
        columns = try f.array("columns").map(ColumnSchema.init(record:))
        rowidColumn = try f.members["rowidColumn"].map { try Fields.int($0, "rowidColumn") }
        primaryKey = try f.array("primaryKey").map { try Fields.int($0, "primaryKey") }
        autoincrement = try f.bool("autoincrement")
        guard rowidColumn.map({ columns.indices.contains($0) }) ?? true,
              primaryKey.allSatisfy(columns.indices.contains) else {
            throw Fields.damaged("table \(name) names a column it does not have")
        }
    }
}

extension ColumnSchema {
    var record: Value {
        var fields: OrderedDictionary<String, Value> = [
            "name": .string(name),
            "declaredType": .string(declaredType),
            "affinity": .string(affinity.rawValue),
            "notNull": .bool(notNull),
            "collation": .string(collation.rawValue),
        ]
        switch defaultValue {
        case .none: break
        case .value(let v): fields["defaultValue"] = .object(["value": Self.stored(v)])
        case .function(let name): fields["defaultValue"] = .object(["function": .string(name)])
        }
        return .object(fields)
    }

    init(record: Value) throws {
        let f = try Fields(record)
        name = try f.string("name")
        declaredType = try f.string("declaredType")
        guard let affinity = Affinity(rawValue: try f.string("affinity")) else {
            throw Fields.damaged("column \(name) has an unknown affinity")
        }
        guard let collation = Collation(rawValue: try f.string("collation")) else {
            throw Fields.damaged("column \(name) has an unknown collation")
        }
        self.affinity = affinity
        self.collation = collation
        notNull = try f.bool("notNull")
        defaultValue = try f.members["defaultValue"].map(Self.defaultValue) ?? .none
    }

    /// A constant default as a Value: NULL, integer, real and text as
    /// themselves, a blob as `{"blob": [bytes]}`.
    private static func stored(_ v: SQLValue) -> Value {
        switch v {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d): return .double(d)
        case .text(let s): return .string(s)
        case .blob(let b): return .object(["blob": .array(b.map { .int(Int64($0)) })])
        }
    }

    /// `{"value": V}` or `{"function": name}`; an earlier version's JSON wrote
    /// `{"none": {}}`, `{"value": {"_0": {KIND: {"_0": V}}}}` and `{"function": {"_0": name}}`.
    private static func defaultValue(_ stored: Value) throws -> DefaultValue {
        let f = try Fields(stored)
        if f.members["none"] != nil { return .none }
        if let function = f.members["function"] {
            if case .string(let name) = function { return .function(name) }
            return .function(try Fields(function).string("_0"))
        }
        let value = try f.value("value")
        if case .object(let wrapped) = value, let legacy = wrapped["_0"] { return .value(try legacyValue(legacy)) }
        return .value(try sqlValue(value))
    }

    private static func sqlValue(_ v: Value) throws -> SQLValue {
        switch v {
        case .null: return .null
        case .int(let i): return .integer(i)
        case .double(let d): return .real(d)
        case .string(let s): return .text(s)
        case .object(let o) where o.count == 1 && o["blob"] != nil:
            return .blob(try bytes(o["blob"]!))
        default: throw Fields.damaged("a column default is neither a value nor a blob")
        }
    }

    /// `{KIND: {"_0": payload}}` or `{"null": {}}`, as the JSON catalog wrote a value.
    private static func legacyValue(_ v: Value) throws -> SQLValue {
        let f = try Fields(v)
        guard f.members.count == 1, let kind = f.members.keys.first, let wrapped = f.members.values.first else {
            throw Fields.damaged("a column default has no kind")
        }
        if kind == "null" { return .null }
        let payload = try Fields(wrapped).value("_0")
        switch (kind, payload) {
        case ("integer", .int(let i)): return .integer(i)
        case ("real", .double(let d)): return .real(d)
        case ("real", .int(let i)): return .real(Double(i))   // JSON wrote 2.0 as 2
        case ("text", .string(let s)): return .text(s)
        case ("blob", _): return .blob(try bytes(payload))
        default: throw Fields.damaged("a column default of kind \(kind) holds the wrong kind of value")
        }
    }

    private static func bytes(_ v: Value) throws -> [UInt8] {
        guard case .array(let items) = v else { throw Fields.damaged("a blob default is not an array of bytes") }
        return try items.map {
            guard case .int(let i) = $0, let b = UInt8(exactly: i) else { throw Fields.damaged("a blob default holds a non-byte") }
            return b
        }
    }
}

extension IndexSchema: CatalogRecord {
    var record: Value {
        .object([
            "name": .string(name),
            "table": .string(table),
            "columns": .array(columns.map { .int(Int64($0)) }),
            "columnNames": .array(columnNames.map { .string($0) }),
            "descending": .array(descending.map { .bool($0) }),
            "unique": .bool(unique),
            "automatic": .bool(automatic),
        ])
    }

    init(record: Value) throws {
        let f = try Fields(record)
        let name = try f.string("name")
        self.name = name
        table = try f.string("table")
        columns = try f.array("columns").map { try Fields.int($0, "columns") }
        columnNames = try f.array("columnNames").map {
            guard case .string(let s) = $0 else { throw Fields.damaged("index \(name) has a column name that is not a string") }
            return s
        }
        descending = try f.array("descending").map {
            guard case .bool(let b) = $0 else { throw Fields.damaged("index \(name) has a direction that is not a boolean") }
            return b
        }
        unique = try f.bool("unique")
        automatic = try f.bool("automatic")
        guard columns.count == columnNames.count, columns.count == descending.count else {
            throw Fields.damaged("index \(name) lists its columns, names and directions at different lengths")
        }
    }
}

extension StoredStatement: CatalogRecord {
    var record: Value { .object(["name": .string(name), "table": .string(table), "sql": .string(sql)]) }

    init(record: Value) throws {
        let f = try Fields(record)
        name = try f.string("name")
        table = try f.string("table")
        sql = try f.string("sql")
    }
}
