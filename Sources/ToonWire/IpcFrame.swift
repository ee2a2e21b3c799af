/// One frame of the IPC protocol: `opcode (1 byte) | length (u32 LE) | payload`
/// (PROTOCOL.md §2). Both directions use it.
public struct IpcFrame: Sendable, Equatable {
    /// The largest payload either side accepts: 16 MiB (exactly 16 MiB is allowed).
    public static let maxPayload = 16 * 1024 * 1024
    /// The header's size: the opcode and the length.
    public static let headerSize = 5

    /// The request or response opcode (``IpcOpcode``).
    public var opcode: UInt8
    /// The payload bytes.
    public var payload: [UInt8]

    /// A frame.
    public init(_ opcode: UInt8, _ payload: [UInt8] = []) {
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame's bytes on the wire.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.headerSize + payload.count)
        out.append(opcode)
        out.appendLE(UInt32(truncatingIfNeeded: payload.count))
        out.append(contentsOf: payload)
        return out
    }

    /// An ERROR frame carrying `message`.
    public static func error(_ message: String) -> IpcFrame { IpcFrame(IpcOpcode.error, Array(message.utf8)) }

    /// An OK frame.
    public static var ok: IpcFrame { IpcFrame(IpcOpcode.ok) }

    /// A VALUE frame.
    public static func value(_ bytes: [UInt8]) -> IpcFrame { IpcFrame(IpcOpcode.value, bytes) }

    /// A TXN_ID frame carrying `id` as u64 LE.
    public static func transactionID(_ id: UInt64) -> IpcFrame {
        var p = [UInt8]()
        p.appendLE(id)
        return IpcFrame(IpcOpcode.transactionID, p)
    }
}

extension Array where Element == UInt8 {
    /// Appends a little-endian u16.
    mutating func appendLE(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v)); append(UInt8(truncatingIfNeeded: v >> 8))
    }

    /// Appends a little-endian u32.
    mutating func appendLE(_ v: UInt32) {
        for i in 0..<4 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    /// Appends a little-endian u64.
    mutating func appendLE(_ v: UInt64) {
        for i in 0..<8 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}
