import NIOCore
import NIOEmbedded
import Testing
@testable import ToonEtcd

/// PingAnswerer on an embedded channel: frames split anywhere across reads.
@Suite struct PingAnswererTests {
    /// An HTTP/2 frame: 9-byte header, then the payload.
    static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        return [UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff), type, flags,
                UInt8(stream >> 24 & 0x7f), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff)]
            + payload
    }

    static let settings = frame(type: 4, flags: 0, stream: 0, payload: [0, 4, 0, 0, 0xff, 0xff])
    static let ping = frame(type: 6, flags: 0, stream: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8])
    static let pingAck = frame(type: 6, flags: 1, stream: 0, payload: [9, 9, 9, 9, 9, 9, 9, 9])
    static let data = frame(type: 0, flags: 1, stream: 3, payload: Array(repeating: 0x61, count: 300))
    static let empty = frame(type: 0, flags: 0, stream: 5, payload: [])

    /// Feeds `bytes` in pieces of `chunk`; returns what went on to the HTTP/2 handler and what was written back.
    func run(_ bytes: [UInt8], chunk: Int) throws -> (forwarded: [UInt8], written: [UInt8]) {
        let channel = EmbeddedChannel(handler: PingAnswerer())
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try channel.writeInbound(channel.allocator.buffer(bytes: bytes[start..<end]))
            start = end
        }
        var forwarded: [UInt8] = [], written: [UInt8] = []
        while let b = try channel.readInbound(as: ByteBuffer.self) { forwarded += Array(b.readableBytesView) }
        while let b = try channel.readOutbound(as: ByteBuffer.self) { written += Array(b.readableBytesView) }
        _ = try channel.finish()
        return (forwarded, written)
    }

    @Test(arguments: [1, 2, 5, 9, 10, 17, 64, 4096])
    func answersPingsAndForwardsEverythingElseIntact(chunk: Int) throws {
        let stream = Self.settings + Self.ping + Self.data + Self.pingAck + Self.empty + Self.ping + Self.data
        let (forwarded, written) = try run(stream, chunk: chunk)
        #expect(forwarded == Self.settings + Self.data + Self.pingAck + Self.empty + Self.data)
        let ack = Self.frame(type: 6, flags: 1, stream: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(written == ack + ack)
    }

    @Test func holdsAnIncompleteFrameUntilItsRestArrives() throws {
        let channel = EmbeddedChannel(handler: PingAnswerer())
        try channel.writeInbound(channel.allocator.buffer(bytes: Self.data.prefix(100)))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(channel.allocator.buffer(bytes: Self.data.dropFirst(100)))
        let whole = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(Array(whole.readableBytesView) == Self.data)
        _ = try channel.finish()
    }
}
