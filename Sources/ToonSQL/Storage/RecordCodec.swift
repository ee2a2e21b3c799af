import ToonCore

/// The encoding of a table row (a list of values) stored under its rowid key:
/// per value a type byte, then its payload (varint lengths, fixed64 numbers).
enum RecordCodec {
    static func encode(_ values: [SQLValue]) -> [UInt8] {
        var out: [UInt8] = []
        Varint.append(UInt64(values.count), to: &out)
        for v in values {
            switch v {
            case .null:
                out.append(0)
            case .integer(let i):
                out.append(1)
                Varint.appendFixed64(UInt64(bitPattern: i), to: &out)
            case .real(let d):
                out.append(2)
                Varint.appendFixed64(d.bitPattern, to: &out)
            case .text(let s):
                out.append(3)
                let b = Array(s.utf8)
                Varint.append(UInt64(b.count), to: &out)
                out += b
            case .blob(let b):
                out.append(4)
                Varint.append(UInt64(b.count), to: &out)
                out += b
            }
        }
        return out
    }

    /// Decodes a row into an array with room for `capacity` values; `corruption` when the bytes are not a row.
    static func decode(_ bytes: [UInt8], table: String, capacity: Int = 0) throws -> [SQLValue] {
        try bytes.withUnsafeBytes { try decode($0, table: table, capacity: capacity) }
    }

    /// Decodes a row from borrowed bytes.
    static func decode(_ p: UnsafeRawBufferPointer, table: String, capacity: Int = 0) throws -> [SQLValue] {
        try { () throws -> [SQLValue] in
            func bad() -> ToonDBError { ToonDBError(.corruption, "malformed row in table \(table)") }
            var pos = 0
            guard let n = Varint.read(p, &pos), n <= UInt64(p.count) else { throw bad() }
            var out: [SQLValue] = []
            out.reserveCapacity(max(Int(n), capacity))
            for _ in 0..<n {
                guard pos < p.count else { throw bad() }
                let t = p[pos]
                pos += 1
                switch t {
                case 0: out.append(.null)
                case 1, 2:
                    guard pos + 8 <= p.count else { throw bad() }
                    let u = Varint.fixed64(p, pos)
                    pos += 8
                    out.append(t == 1 ? .integer(Int64(bitPattern: u)) : .real(Double(bitPattern: u)))
                case 3, 4:
                    guard let l = Varint.read(p, &pos), l <= UInt64(p.count - pos) else { throw bad() }
                    let bytes = UnsafeRawBufferPointer(rebasing: p[pos..<(pos + Int(l))])
                    pos += Int(l)
                    out.append(t == 3 ? .text(String(decoding: bytes, as: UTF8.self)) : .blob(Array(bytes)))
                default: throw bad()
                }
            }
            return out
        }()
    }
}
