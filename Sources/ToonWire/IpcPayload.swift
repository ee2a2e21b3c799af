/// Encoders and decoders of the request and response payloads
/// (PROTOCOL.md §4). The server decodes requests and encodes replies; the
/// client does the opposite, with the same functions. Decoders throw
/// ``IpcPayloadError`` carrying the exact message the original server sends.
public enum IpcPayload {
    /// PUT: `u32 key_len | key | value`.
    public static func put(key: [UInt8], value: [UInt8]) -> [UInt8] {
        var p = [UInt8]()
        p.reserveCapacity(4 + key.count + value.count)
        p.appendLE(UInt32(truncatingIfNeeded: key.count))
        p += key
        p += value
        return p
    }

    /// Decodes a PUT payload.
    public static func decodePut(_ payload: [UInt8]) throws(IpcPayloadError) -> (key: [UInt8], value: [UInt8]) {
        var r = PayloadReader(payload)
        guard let n = r.u32() else { throw IpcPayloadError("PUT payload too short") }
        guard Int(n) <= r.remaining, let key = r.take(Int(n)) else { throw IpcPayloadError("PUT payload key truncated") }
        return (key, r.rest())
    }

    /// PUT_PATH and GET_PATH: `u16 count | (u16 len | segment)*`, then the value (empty for GET_PATH).
    public static func path(_ segments: [String], value: [UInt8] = []) -> [UInt8] {
        var p = [UInt8]()
        p.appendLE(UInt16(truncatingIfNeeded: segments.count))
        for s in segments {
            let b = Array(s.utf8)
            p.appendLE(UInt16(truncatingIfNeeded: b.count))
            p += b
        }
        p += value
        return p
    }

    /// Decodes a path payload into its segments and the bytes after them.
    public static func decodePath(_ payload: [UInt8]) throws(IpcPayloadError) -> (segments: [String], rest: [UInt8]) {
        var r = PayloadReader(payload)
        guard let count = r.u16() else { throw IpcPayloadError("Path payload too short") }
        var segments: [String] = []
        segments.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let n = r.u16() else { throw IpcPayloadError("Path segment length truncated") }
            guard let b = r.take(Int(n)) else { throw IpcPayloadError("Path segment truncated") }
            guard let s = String(validating: b, as: UTF8.self) else { throw IpcPayloadError("Invalid UTF-8 in path") }
            segments.append(s)
        }
        return (segments, r.rest())
    }

    /// A QUERY request.
    public struct Query: Sendable, Equatable {
        /// The path whose first segment names the table.
        public var path: String
        /// The row limit, 0 for none.
        public var limit: UInt32
        /// Rows to skip, 0 for none.
        public var offset: UInt32
        /// The columns to return, empty for all.
        public var columns: [String]

        /// A query.
        public init(path: String, limit: UInt32 = 0, offset: UInt32 = 0, columns: [String] = []) {
            self.path = path
            self.limit = limit
            self.offset = offset
            self.columns = columns
        }
    }

    /// Encodes a QUERY request.
    public static func query(_ q: Query) -> [UInt8] {
        var p = [UInt8]()
        let path = Array(q.path.utf8)
        p.appendLE(UInt16(truncatingIfNeeded: path.count))
        p += path
        p.appendLE(q.limit)
        p.appendLE(q.offset)
        p.appendLE(UInt16(truncatingIfNeeded: q.columns.count))
        for c in q.columns {
            let b = Array(c.utf8)
            p.appendLE(UInt16(truncatingIfNeeded: b.count))
            p += b
        }
        return p
    }

    /// Decodes a QUERY request, with the original server's checks in its order.
    public static func decodeQuery(_ payload: [UInt8]) throws(IpcPayloadError) -> Query {
        var r = PayloadReader(payload)
        guard let n = r.u16() else { throw IpcPayloadError("Query payload too short") }
        guard let pathBytes = r.take(Int(n)) else { throw IpcPayloadError("Query path truncated") }
        guard let path = String(validating: pathBytes, as: UTF8.self) else {
            throw IpcPayloadError("Invalid UTF-8 in query path")
        }
        guard let limit = r.u32(), let offset = r.u32() else { throw IpcPayloadError("Query limit/offset truncated") }
        guard let count = r.u16() else { throw IpcPayloadError("Query columns count truncated") }
        var columns: [String] = []
        for _ in 0..<count {
            guard let len = r.u16() else { throw IpcPayloadError("Query column length truncated") }
            guard let b = r.take(Int(len)) else { throw IpcPayloadError("Query column truncated") }
            guard let c = String(validating: b, as: UTF8.self) else { throw IpcPayloadError("Invalid UTF-8 in query column") }
            columns.append(c)
        }
        return Query(path: path, limit: limit, offset: offset, columns: columns)
    }

    /// The column types of CREATE_TABLE, by their wire codes.
    public enum ColumnType: UInt8, Sendable, CaseIterable {
        case int64 = 0, uint64 = 1, float64 = 2, text = 3, binary = 4, bool = 5
    }

    /// One column of a CREATE_TABLE request.
    public struct Column: Sendable, Equatable {
        /// The column's name.
        public var name: String
        /// Its type.
        public var type: ColumnType
        /// Whether it may hold NULL.
        public var nullable: Bool

        /// A column.
        public init(name: String, type: ColumnType, nullable: Bool = true) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
    }

    /// Encodes a CREATE_TABLE request.
    public static func createTable(name: String, columns: [Column]) -> [UInt8] {
        var p = [UInt8]()
        let n = Array(name.utf8)
        p.appendLE(UInt16(truncatingIfNeeded: n.count))
        p += n
        p.appendLE(UInt16(truncatingIfNeeded: columns.count))
        for c in columns {
            let b = Array(c.name.utf8)
            p.appendLE(UInt16(truncatingIfNeeded: b.count))
            p += b
            p.append(c.type.rawValue)
            p.append(c.nullable ? 1 : 0)
        }
        return p
    }

    /// Decodes a CREATE_TABLE request.
    public static func decodeCreateTable(_ payload: [UInt8]) throws(IpcPayloadError) -> (name: String, columns: [Column]) {
        var r = PayloadReader(payload)
        guard let n = r.u16() else { throw IpcPayloadError("Schema payload too short") }
        guard let nameBytes = r.take(Int(n)) else { throw IpcPayloadError("Schema name truncated") }
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw IpcPayloadError("Invalid UTF-8 in schema name")
        }
        guard let count = r.u16() else { throw IpcPayloadError("Schema column count truncated") }
        var columns: [Column] = []
        for _ in 0..<count {
            guard let len = r.u16() else { throw IpcPayloadError("Column name length truncated") }
            guard let b = r.take(Int(len)) else { throw IpcPayloadError("Column name truncated") }
            guard let col = String(validating: b, as: UTF8.self) else { throw IpcPayloadError("Invalid UTF-8 in column name") }
            guard let t = r.u8(), let nullable = r.u8() else { throw IpcPayloadError("Column type/nullable truncated") }
            guard let type = ColumnType(rawValue: t) else { throw IpcPayloadError("Invalid column type") }
            columns.append(Column(name: col, type: type, nullable: nullable != 0))
        }
        return (name, columns)
    }

    /// A SCAN reply: `u32 count | (u16 key_len | key | u32 value_len | value)*`.
    public static func scanResult(_ entries: [(key: [UInt8], value: [UInt8])]) -> [UInt8] {
        var p = [UInt8]()
        p.reserveCapacity(4 + entries.reduce(0) { $0 + 6 + $1.key.count + $1.value.count })
        p.appendLE(UInt32(truncatingIfNeeded: entries.count))
        for e in entries {
            p.appendLE(UInt16(truncatingIfNeeded: e.key.count))
            p += e.key
            p.appendLE(UInt32(truncatingIfNeeded: e.value.count))
            p += e.value
        }
        return p
    }

    /// Decodes a SCAN reply the way the Python client does: a payload under
    /// 4 bytes is empty, and parsing stops quietly at a short entry.
    public static func decodeScanResult(_ payload: [UInt8]) -> [(key: [UInt8], value: [UInt8])] {
        var r = PayloadReader(payload)
        guard let count = r.u32() else { return [] }
        var out: [(key: [UInt8], value: [UInt8])] = []
        for _ in 0..<count {
            guard let kn = r.u16(), let k = r.take(Int(kn)), let vn = r.u32(), let v = r.take(Int(vn)) else { break }
            out.append((k, v))
        }
        return out
    }
}

/// A malformed request payload; ``message`` is the ERROR text the server sends.
public struct IpcPayloadError: Error, Sendable, Equatable {
    /// The error text, as the original server words it.
    public var message: String
    init(_ message: String) { self.message = message }
}
