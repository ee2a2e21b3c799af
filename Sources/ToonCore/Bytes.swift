import Foundation

/// A value that converts to the raw bytes ToonDB stores: `String` (UTF-8),
/// `[UInt8]`, `ArraySlice<UInt8>` and `Data`.
public protocol ByteConvertible {
    /// The bytes stored for this value.
    var toonBytes: [UInt8] { get }
}

extension String: ByteConvertible {
    public var toonBytes: [UInt8] { Array(utf8) }
}
extension Substring: ByteConvertible {
    public var toonBytes: [UInt8] { Array(utf8) }
}
extension Array: ByteConvertible where Element == UInt8 {
    public var toonBytes: [UInt8] { self }
}
extension ArraySlice: ByteConvertible where Element == UInt8 {
    public var toonBytes: [UInt8] { Array(self) }
}
extension Data: ByteConvertible {
    public var toonBytes: [UInt8] { [UInt8](self) }
}

/// Byte-order comparison, the order of every key in ToonDB.
@inlinable
package func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
        let r = memcmp(a.baseAddress!, b.baseAddress!, n)
        if r != 0 { return r < 0 ? -1 : 1 }
    }
    return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
}

/// Byte-order comparison of two arrays.
@inlinable
package func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
    a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in compareBytes(pa, pb) } }
}

/// Byte-order comparison of two slices.
@inlinable
package func compareBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
    a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in compareBytes(pa, pb) } }
}

extension Array where Element == UInt8 {
    /// The bytes as UTF-8 text, with invalid sequences repaired.
    public var utf8String: String { String(decoding: self, as: UTF8.self) }

    /// The smallest key greater than every key that starts with `self`, or nil
    /// when there is none (all bytes 0xFF).
    package var prefixSuccessor: [UInt8]? {
        var s = self
        while let last = s.last {
            if last < 0xFF { s[s.count - 1] = last + 1; return s }
            s.removeLast()
        }
        return nil
    }

    /// Whether the array begins with `prefix`.
    package func hasPrefix(_ prefix: [UInt8]) -> Bool {
        count >= prefix.count && self.withUnsafeBytes { a in
            prefix.withUnsafeBytes { p in p.count == 0 || memcmp(a.baseAddress!, p.baseAddress!, p.count) == 0 }
        }
    }
}
