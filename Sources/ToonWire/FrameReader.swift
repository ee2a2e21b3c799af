#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads frames from a socket through a buffer, so that a small request
/// costs one `recv` (PROTOCOL.md §2).
final class FrameReader {
    /// What one read gives.
    enum Outcome {
        /// A whole frame.
        case frame(IpcFrame)
        /// The peer closed the connection at a frame boundary.
        case closed
        /// The connection broke: EOF inside a frame, a length over 16 MiB,
        /// an I/O error or the receive timeout. The reason is for the log.
        case failed(String)
    }

    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    /// Whether a payload of more than 16 MiB may arrive (responses are checked by the client the same way).
    private let limit: Int
    private let initialSize: Int

    init(fd: Int32, limit: Int = IpcFrame.maxPayload, bufferSize: Int = 64 * 1024) {
        self.fd = fd
        self.limit = limit
        self.initialSize = bufferSize
        self.buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// The next frame, or why there is none.
    func next() -> Outcome {
        if end - start < IpcFrame.headerSize {
            switch fill(atLeast: IpcFrame.headerSize) {
            case .some(let reason): return end == start && reason == Self.eof ? .closed : .failed(reason)
            case .none: break
            }
        }
        let op = buffer[start]
        var n = 0
        for i in 0..<4 { n |= Int(buffer[start + 1 + i]) << (8 * i) }
        if n > limit { return .failed("declared payload of \(n) bytes exceeds the 16 MiB limit") }
        if end - start < IpcFrame.headerSize + n {
            if let reason = fill(atLeast: IpcFrame.headerSize + n) {
                return .failed(reason == Self.eof ? "connection closed inside a frame" : reason)
            }
        }
        let payload = Array(buffer[(start + IpcFrame.headerSize)..<(start + IpcFrame.headerSize + n)])
        start += IpcFrame.headerSize + n
        if start == end {
            start = 0; end = 0
            // Give back the memory of a large frame.
            if buffer.count > 4 * initialSize { buffer = [UInt8](repeating: 0, count: initialSize) }
        }
        return .frame(IpcFrame(op, payload))
    }

    private static let eof = "end of stream"

    /// Reads until `count` unread bytes are buffered; the failure's reason, or nil.
    private func fill(atLeast count: Int) -> String? {
        if start > 0 && buffer.count - start < count {
            // Move the unread bytes to the front.
            let unread = end - start
            buffer.withUnsafeMutableBytes { p in
                _ = memmove(p.baseAddress!, p.baseAddress! + start, unread)
            }
            start = 0
            end = unread
        }
        if buffer.count < count {
            buffer += [UInt8](repeating: 0, count: count - buffer.count)
        }
        while end - start < count {
            let n = buffer.withUnsafeMutableBytes { p in
                recv(fd, p.baseAddress! + end, p.count - end, 0)
            }
            if n > 0 { end += n; continue }
            if n == 0 { return Self.eof }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return "idle timeout" }
            return String(cString: strerror(e))
        }
        return nil
    }
}
