import Foundation
import ToonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client for remote agents, on POSIX sockets: one
/// `POST` per connection (`Connection: close`), plain `http://` only, and
/// every step — resolving, connecting, sending, receiving — bounded by one
/// deadline, so a server that never answers costs at most the timeout.
/// The blocking work runs on a thread of its own, never on the caller's.
enum HTTPClient {
    /// The largest response body accepted.
    static let maxResponseBytes = 64 << 20

    /// A response: status code and body (chunked encoding undone).
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// Where a URL points: host, port and the path with its query.
    struct Target: Sendable {
        var host: String
        var port: Int
        var path: String

        /// Parses an `http://host[:port]/path` URL; `invalidArgument` for anything else.
        init(_ url: URL) throws {
            guard url.scheme?.lowercased() == "http", let host = url.host, !host.isEmpty else {
                throw ToonDBError(.invalidArgument, "the endpoint \(url.absoluteString) is not an http:// URL with a host",
                                  remediation: "remote agents are reached over plain HTTP, e.g. http://127.0.0.1:8001/invoke")
            }
            self.host = host
            self.port = url.port ?? 80
            var path = url.path.isEmpty ? "/" : url.path
            if let q = url.query { path += "?" + q }
            self.path = path
        }
    }

    /// POSTs `body` as JSON to `url`, failing with `ioError` after `timeout`.
    static func post(_ url: URL, body: [UInt8], timeout: Duration) async throws -> Response {
        let target = try Target(url)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try exchange(target, url: url, body: body,
                                                                deadline: monotonicNow() + seconds, timeout: seconds))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    static func monotonicNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The blocking exchange: connect, send the request, read the response.
    private static func exchange(_ t: Target, url: URL, body: [UInt8], deadline: Double, timeout: Double) throws -> Response {
        let name = url.absoluteString
        let fd = try openConnection(t, name: name, deadline: deadline, timeout: timeout)
        defer { close(fd) }
        var request = Array(("POST \(t.path) HTTP/1.1\r\nHost: \(t.host):\(t.port)\r\n" +
                             "Content-Type: application/json\r\nAccept: application/json\r\n" +
                             "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8)
        request += body
        var sent = 0
        while sent < request.count {
            try wait(fd, events: Int16(POLLOUT), name: name, deadline: deadline, timeout: timeout)
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, sendFlags) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ToonDBError.io("send to", path: name, errno: errno)
            }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let done = try parse(received, name: name) { return done }
            try wait(fd, events: Int16(POLLIN), name: name, deadline: deadline, timeout: timeout)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ToonDBError.io("receive from", path: name, errno: errno)
            }
            if n == 0 {
                if let done = try parse(received, name: name, atEnd: true) { return done }
                throw ToonDBError(.protocolError, "\(name) closed the connection before a complete HTTP response")
            }
            received += buffer[0..<n]
            if received.count > maxResponseBytes + 65536 {
                throw ToonDBError(.protocolError, "the response of \(name) is larger than \(maxResponseBytes) bytes")
            }
        }
    }

    #if canImport(Glibc)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let sendFlags: Int32 = 0
    #endif

    /// A connected non-blocking socket to the first address of `t` that answers.
    private static func openConnection(_ t: Target, name: String, deadline: Double, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(t.host, String(t.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw ToonDBError(.ioError, "cannot resolve the host of \(name): \(String(cString: gai_strerror(rc)))",
                              remediation: "check the endpoint's host name")
        }
        defer { freeaddrinfo(list) }
        var lastError: ToonDBError?
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let a = node {
            node = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd < 0 { lastError = .io("socket for", path: name, errno: errno); continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            #if canImport(Glibc)
            let rc = Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen)
            #else
            let rc = Darwin.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen)
            #endif
            if rc == 0 { return fd }
            if errno == EINPROGRESS {
                do {
                    try wait(fd, events: Int16(POLLOUT), name: name, deadline: deadline, timeout: timeout)
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                    if err == 0 { return fd }
                    lastError = ToonDBError(.ioError, "cannot connect to \(name): \(String(cString: strerror(err)))",
                                            remediation: "check that the agent's server is running and listening there")
                } catch let e as ToonDBError {
                    close(fd)
                    throw e
                }
            } else {
                lastError = ToonDBError(.ioError, "cannot connect to \(name): \(String(cString: strerror(errno)))",
                                        remediation: "check that the agent's server is running and listening there")
            }
            close(fd)
        }
        throw lastError ?? ToonDBError(.ioError, "cannot connect to \(name): no address")
    }

    /// Waits until `fd` is ready for `events`, or throws when the deadline passes.
    private static func wait(_ fd: Int32, events: Int16, name: String, deadline: Double, timeout: Double) throws {
        while true {
            let left = deadline - monotonicNow()
            if left <= 0 {
                throw ToonDBError(.ioError, "\(name) did not answer within \(timeout) s (timed out)",
                                  remediation: "raise the agent's timeout or check the server")
            }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&p, 1, Int32(min(left * 1000 + 1, 60_000)))
            if r > 0 { return }
            if r < 0 && errno != EINTR { throw ToonDBError.io("poll on", path: name, errno: errno) }
        }
    }

    /// A complete response in `bytes`, or nil when more is needed.
    /// Without Content-Length or chunking the body runs to the end of the stream.
    static func parse(_ bytes: [UInt8], name: String, atEnd: Bool = false) throws -> Response? {
        let crlf2: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.firstRange(of: crlf2)?.lowerBound else {
            if atEnd { throw ToonDBError(.protocolError, "\(name) sent no complete HTTP header") }
            return nil
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let status = lines[0].split(separator: " ")
        guard status.count >= 2, status[0].hasPrefix("HTTP/"), let code = Int(status[1]) else {
            throw ToonDBError(.protocolError, "\(name) sent a malformed status line: \(lines[0].prefix(80))")
        }
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-length" {
                guard let n = Int(value), n >= 0, n <= maxResponseBytes else {
                    throw ToonDBError(.protocolError, "\(name) sent a bad or too large Content-Length: \(value)")
                }
                length = n
            }
            if field == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
        }
        let body = Array(bytes[(headEnd + 4)...])
        if chunked { return try dechunk(body, name: name).map { Response(status: code, body: $0) } }
        if let length {
            return body.count >= length ? Response(status: code, body: Array(body.prefix(length))) : nil
        }
        if code == 204 || code == 304 || (100..<200).contains(code) { return Response(status: code, body: []) }
        return atEnd ? Response(status: code, body: body) : nil
    }

    /// The body of a complete chunked encoding, or nil when incomplete.
    private static func dechunk(_ b: [UInt8], name: String) throws -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while true {
            guard let lineEnd = b[i...].firstRange(of: [13, 10])?.lowerBound else { return nil }
            let sizeText = String(decoding: b[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0,
                  size <= maxResponseBytes - out.count else {
                throw ToonDBError(.protocolError, "\(name) sent a malformed chunk size")
            }
            i = lineEnd + 2
            if size == 0 { return out }
            guard b.count - i >= size + 2 else { return nil }
            out += b[i..<i + size]
            i += size + 2
        }
    }
}
