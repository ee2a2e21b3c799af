internal import NIOCore
internal import NIOHTTP2

/// Answers the server's HTTP/2 PING frames itself, below SwiftNIO's HTTP/2
/// handler, which never sees them.
///
/// etcd (grpc-go) sends a PING for its flow-control window estimate about once
/// per round trip while requests flow. SwiftNIO's HTTP/2 handler counts every
/// inbound PING against a denial-of-service limit (200 PING or SETTINGS frames
/// in 30 s, not configurable through grpc-swift) and closes the connection
/// past it (`ExcessiveControlFrames`), failing every call in flight — a few
/// seconds into a busy client's life. This handler sits between the socket
/// (or TLS) and that handler, splits the inbound bytes into HTTP/2 frames
/// (9-byte header: 24-bit length, type, flags, stream id; RFC 9113 §4.1),
/// answers each PING that is not itself an ACK with a PING ACK carrying the
/// same 8 bytes (§6.7), and passes every other frame on unchanged.
final class PingAnswerer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let headerLength = 9
    private static let pingType: UInt8 = 6
    private static let ackFlag: UInt8 = 1

    /// Bytes of a frame not yet complete.
    private var pending: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        var buffer: ByteBuffer
        if var held = pending {
            held.writeBuffer(&incoming)
            buffer = held
        } else {
            buffer = incoming
        }
        pending = nil
        var forward = context.channel.allocator.buffer(capacity: buffer.readableBytes)
        while buffer.readableBytes >= Self.headerLength {
            let at = buffer.readerIndex
            guard let b0 = buffer.getInteger(at: at, as: UInt8.self),
                  let b1 = buffer.getInteger(at: at + 1, as: UInt8.self),
                  let b2 = buffer.getInteger(at: at + 2, as: UInt8.self),
                  let type = buffer.getInteger(at: at + 3, as: UInt8.self),
                  let flags = buffer.getInteger(at: at + 4, as: UInt8.self) else { break }
            let length = Int(b0) << 16 | Int(b1) << 8 | Int(b2)
            guard buffer.readableBytes >= Self.headerLength + length else { break }
            if type == Self.pingType && flags & Self.ackFlag == 0 && length == 8,
               let opaque = buffer.getBytes(at: at + Self.headerLength, length: 8) {
                var ack = context.channel.allocator.buffer(capacity: Self.headerLength + 8)
                ack.writeBytes([0, 0, 8, Self.pingType, Self.ackFlag, 0, 0, 0, 0])
                ack.writeBytes(opaque)
                context.writeAndFlush(wrapOutboundOut(ack), promise: nil)
                buffer.moveReaderIndex(forwardBy: Self.headerLength + length)
            } else if var frame = buffer.readSlice(length: Self.headerLength + length) {
                forward.writeBuffer(&frame)
            }
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            pending = buffer
        }
        if forward.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(forward)) }
    }

    /// Puts a PingAnswerer in front of the HTTP/2 handler of a new connection's pipeline.
    static func install(on channel: any Channel) -> EventLoopFuture<Void> {
        // Added before the connection reads a byte, so the frame boundaries are known from the start.
        channel.eventLoop.submit {
            let http2 = try channel.pipeline.syncOperations.handler(type: NIOHTTP2Handler.self)
            try channel.pipeline.syncOperations.addHandler(PingAnswerer(), position: .before(http2))
        }
    }
}
