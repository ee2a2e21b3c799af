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
        var out: [SQLValue] = []
        out.reserveCapacity(capacity)
        try decode(p, table: table, into: &out, needed: nil)
        return out
    }

    /// Decodes a row into `out` (emptied first, its storage reused). Values
    /// whose `needed` flag is false are skipped and read as NULL, so a scan
    /// that only tests a few columns makes no strings for the others.
    static func decode(_ p: UnsafeRawBufferPointer, table: String, into out: inout [SQLValue], needed: [Bool]?) throws {
        func bad() -> ToonDBError { ToonDBError(.corruption, "malformed row in table \(table)") }
        out.removeAll(keepingCapacity: true)
        var pos = 0
        guard let n = Varint.read(p, &pos), n <= UInt64(p.count) else { throw bad() }
        out.reserveCapacity(Int(n))
        for i in 0..<Int(n) {
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
                if let needed, i < needed.count, !needed[i] { out.append(.null); continue }
                out.append(t == 3 ? .text(String(decoding: bytes, as: UTF8.self)) : .blob(Array(bytes)))
            default: throw bad()
            }
        }
    }
}
