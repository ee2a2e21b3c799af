import Foundation
import ToonDB
import ToonFormat

/// The one-line text a QUERY reply carries (PROTOCOL.md §4.6), the wire
/// protocol's own dialect — not ToonFormat's ``ToonCompact``, whose quoting
/// rules differ:
/// `result[2]{name,age}:Alice,30;Bob,25`, or `[]` with no rows.
enum QueryReplyText {
    /// One cell of a row.
    enum Cell: Equatable {
        case null
        case int(Int64)
        case uint(UInt64)
        case float(Double)
        case bool(Bool)
        case text(String)
        case binary([UInt8])
    }

    /// The whole result.
    static func render(columns: [String], rows: [[Cell]]) -> String {
        guard !rows.isEmpty else { return "[]" }
        var out = "result[\(rows.count)]{\(columns.joined(separator: ","))}:"
        for (i, row) in rows.enumerated() {
            if i > 0 { out += ";" }
            for (j, cell) in row.enumerated() {
                if j > 0 { out += "," }
                out += text(cell)
            }
        }
        return out
    }

    /// A cell's text: `∅`, decimal, 6 decimals, `T`/`F`, `b64:…`, or text
    /// quoted with `\"` escapes when it holds `,` or `;`.
    static func text(_ cell: Cell) -> String {
        switch cell {
        case .null: return "\u{2205}"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            return String(format: "%.6f", d)
        case .bool(let b): return b ? "T" : "F"
        case .binary(let b): return "b64:" + Data(b).base64EncodedString()
        case .text(let s):
            if s.contains(",") || s.contains(";") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
            return s
        }
    }

    /// A cell from a SQL value.
    static func cell(_ v: SQLValue) -> Cell {
        switch v {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d): return .float(d)
        case .text(let s): return .text(s)
        case .blob(let b): return .binary(b)
        }
    }

    /// A cell from a stored KV value: a first byte of 0–6 is a type tag
    /// (null, i64, u64, f64, text, bool, binary); anything else is text.
    static func cell(stored v: [UInt8]) -> Cell {
        guard let tag = v.first else { return .null }
        let body = v.dropFirst()
        func u64() -> UInt64? {
            guard body.count == 8 else { return nil }
            var x: UInt64 = 0
            for (i, b) in body.enumerated() { x |= UInt64(b) << (8 * UInt64(i)) }
            return x
        }
        switch tag {
        case 0: return .null
        case 1: if let x = u64() { return .int(Int64(bitPattern: x)) }
        case 2: if let x = u64() { return .uint(x) }
        case 3: if let x = u64() { return .float(Double(bitPattern: x)) }
        case 4: return .text(String(decoding: body, as: UTF8.self))
        case 5: if body.count == 1 { return .bool(body.first! != 0) }
        case 6: return .binary(Array(body))
        default: break
        }
        return .text(String(decoding: v, as: UTF8.self))
    }
}
