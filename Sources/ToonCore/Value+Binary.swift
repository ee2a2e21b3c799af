/// A compact binary form of ``Value`` (layout in `Sources/ToonStorage/FORMAT.md`
/// §8.3): one tag byte per value, then its payload.
///
/// | Tag | Value | Payload |
/// |-----|-------|---------|
/// | `00` | null | — |
/// | `01` / `02` | false / true | — |
/// | `03` | int | zigzag `varint` |
/// | `04` | double | `fixed64` IEEE-754 bits |
/// | `05` | string | `varint` length, UTF-8 bytes |
/// | `06` | array | `varint` count, the elements |
/// | `07` | object | `varint` count, then per member: `varint` length, UTF-8 key, the value |
///
/// Decoding checks every length against the bytes left and nests at most
/// ``maxBinaryDepth`` levels, so damaged or hostile bytes are an error, never a crash.
extension Value {
    /// The deepest nesting of arrays and objects ``init(binary:)`` accepts.
    package static let maxBinaryDepth = 256

    /// The value in binary form.
    package var binaryEncoded: [UInt8] {
        var out: [UInt8] = []
        appendBinary(to: &out)
        return out
    }

    /// Appends the binary form to `out`.
    package func appendBinary(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(0)
        case .bool(let b): out.append(b ? 2 : 1)
        case .int(let i):
            out.append(3)
            Varint.append(UInt64(bitPattern: (i << 1) ^ (i >> 63)), to: &out)
        case .double(let d):
            out.append(4)
            Varint.appendFixed64(d.bitPattern, to: &out)
        case .string(let s):
            out.append(5)
            Value.appendText(s, to: &out)
        case .array(let a):
            out.append(6)
            Varint.append(UInt64(a.count), to: &out)
            for e in a { e.appendBinary(to: &out) }
        case .object(let o):
            out.append(7)
            Varint.append(UInt64(o.count), to: &out)
            for (k, v) in o {
                Value.appendText(k, to: &out)
                v.appendBinary(to: &out)
            }
        }
    }

    /// Decodes bytes written by ``binaryEncoded``; `corruption` when they are
    /// damaged, truncated, nested too deeply or followed by extra bytes.
    package init(binary bytes: [UInt8]) throws {
        let decoded: Value? = bytes.withUnsafeBytes { p in
            var pos = 0
            guard let v = Value.decodeBinary(p, &pos), pos == p.count else { return nil }
            return v
        }
        guard let decoded else {
            throw ToonDBError(.corruption, "a binary document value of \(bytes.count) bytes is damaged",
                              remediation: "restore the database from a backup")
        }
        self = decoded
    }

    /// Decodes one value at `pos`, advancing it; nil when the bytes are not a valid value.
    package static func decodeBinary(_ p: UnsafeRawBufferPointer, _ pos: inout Int, depth: Int = 0) -> Value? {
        guard pos < p.count, depth <= maxBinaryDepth else { return nil }
        let tag = p[pos]
        pos += 1
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3:
            guard let z = Varint.read(p, &pos) else { return nil }
            return .int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
        case 4:
            guard p.count - pos >= 8 else { return nil }
            defer { pos += 8 }
            return .double(Double(bitPattern: Varint.fixed64(p, pos)))
        case 5:
            return readText(p, &pos).map { .string($0) }
        case 6:
            guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else { return nil }
            var a: [Value] = []
            a.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let e = decodeBinary(p, &pos, depth: depth + 1) else { return nil }
                a.append(e)
            }
            return .array(a)
        case 7:
            guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else { return nil }
            var o = OrderedDictionary<String, Value>(minimumCapacity: Int(n))
            for _ in 0..<n {
                guard let k = readText(p, &pos), let v = decodeBinary(p, &pos, depth: depth + 1) else { return nil }
                o[k] = v
            }
            return .object(o)
        default:
            return nil
        }
    }

    private static func appendText(_ s: String, to out: inout [UInt8]) {
        let u = s.utf8
        Varint.append(UInt64(u.count), to: &out)
        out.append(contentsOf: u)
    }

    private static func readText(_ p: UnsafeRawBufferPointer, _ pos: inout Int) -> String? {
        guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else { return nil }
        defer { pos += Int(n) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: p[pos..<pos + Int(n)]), as: UTF8.self)
    }
}
